/**
 * Every reason the hub refuses a mutation, with its words in both languages. docs/sync.md §7 lists
 * the same codes; a station shows `message`/`messageZh` as they come (it never rebuilds them).
 */
export type RefusalCode =
  | 'BAD_MUTATION'
  | 'UNKNOWN_KIND'
  | 'MUTATION_ID_REUSED'
  | 'OPERATOR_UNKNOWN'
  | 'OPERATOR_DISABLED'
  | 'ROLE_FORBIDDEN'
  | 'CASE_UNKNOWN'
  | 'CASE_EXISTS'
  | 'CASE_CLOSED'
  | 'CLAIM_HELD'
  | 'QUEUE_EMPTY'
  | 'STALE_TOKEN'
  | 'FOUR_EYES_SAME_REVIEWER'
  | 'FOUR_EYES_SENIOR_REQUIRED'
  | 'DEVICE_REVOKED'
  | 'DEVICE_UNFREEZE_SAME_PERSON'
  | 'FEE_NOTICE_TOO_SHORT'
  | 'FEE_VERSION_EXISTS';

export class Refusal extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
    readonly messageZh: string,
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

/** The holder as words: "wang at station Counter 3 until 2026-12-03 14:05 UTC". */
export interface Holder {
  readonly operator: string;
  readonly station: string;
  readonly until: string;
}

export const refuse = {
  badMutation: (field: string, problem: string) =>
    new Refusal('BAD_MUTATION', `${field}: ${problem}`, `字段 ${field} 有误：${problem}`),
  unknownKind: (kind: string) =>
    new Refusal('UNKNOWN_KIND', `unknown mutation kind "${kind}"`, `未知的变更类型“${kind}”`),
  idReused: () =>
    new Refusal(
      'MUTATION_ID_REUSED',
      'this mutation id was already used for a different change',
      '该变更编号已用于另一项不同的变更',
    ),
  operatorUnknown: (op: string) =>
    new Refusal('OPERATOR_UNKNOWN', `operator "${op}" is not known at the hub`, `中心没有操作员“${op}”`),
  operatorDisabled: (op: string) =>
    new Refusal('OPERATOR_DISABLED', `operator "${op}" has been disabled`, `操作员“${op}”已被停用`),
  roleForbidden: (op: string, role: string, kind: string) =>
    new Refusal(
      'ROLE_FORBIDDEN',
      `operator "${op}" (${role}) may not do ${kind}`,
      `操作员“${op}”（${role}）无权执行 ${kind}`,
    ),
  caseUnknown: (caseId: string) =>
    new Refusal('CASE_UNKNOWN', `case ${caseId} is not known at the hub`, `中心没有案件 ${caseId}`),
  caseExists: (caseId: string) =>
    new Refusal('CASE_EXISTS', `case ${caseId} was already submitted`, `案件 ${caseId} 已经提交过`),
  caseClosed: (caseId: string, status: string) =>
    new Refusal(
      'CASE_CLOSED',
      `case ${caseId} is already decided (${status})`,
      `案件 ${caseId} 已有结论（${status}）`,
    ),
  claimHeld: (caseId: string, h: Holder) =>
    new Refusal(
      'CLAIM_HELD',
      `case ${caseId} is held by ${h.operator} at station ${h.station} until ${h.until}`,
      `案件 ${caseId} 正由 ${h.operator}（工作站 ${h.station}）审核，至 ${h.until}`,
    ),
  queueEmpty: () =>
    new Refusal('QUEUE_EMPTY', 'no case is waiting that you may take', '没有您可以领取的待审案件'),
  staleToken: (caseId: string, now: Holder | null) =>
    new Refusal(
      'STALE_TOKEN',
      now
        ? `your claim on case ${caseId} is no longer valid: ${now.operator} at station ${now.station} holds it until ${now.until}; leave it to them`
        : `your claim on case ${caseId} is no longer valid and nobody holds it now; claim it again`,
      now
        ? `您对案件 ${caseId} 的领取已失效：现由 ${now.operator}（工作站 ${now.station}）审核，至 ${now.until}；请交由对方处理`
        : `您对案件 ${caseId} 的领取已失效，目前无人领取；请重新领取`,
    ),
  fourEyesSame: (caseId: string) =>
    new Refusal(
      'FOUR_EYES_SAME_REVIEWER',
      `case ${caseId} needs a second approval by a different reviewer than the first`,
      `案件 ${caseId} 需要由另一位审核员进行第二次批准`,
    ),
  fourEyesSenior: (caseId: string) =>
    new Refusal(
      'FOUR_EYES_SENIOR_REQUIRED',
      `case ${caseId} needs its second approval by a senior reviewer`,
      `案件 ${caseId} 的第二次批准须由高级审核员进行`,
    ),
  deviceRevoked: (serial: string) =>
    new Refusal(
      'DEVICE_REVOKED',
      `device ${serial} is revoked and cannot be unfrozen`,
      `设备 ${serial} 已吊销，不能解冻`,
    ),
  unfreezeSamePerson: (serial: string, frozenBy: string) =>
    new Refusal(
      'DEVICE_UNFREEZE_SAME_PERSON',
      `device ${serial} was frozen by ${frozenBy}; a second person must lift the freeze`,
      `设备 ${serial} 由 ${frozenBy} 冻结，须由另一人解冻`,
    ),
  feeNoticeTooShort: (version: string, earliest: string) =>
    new Refusal(
      'FEE_NOTICE_TOO_SHORT',
      `fee schedule ${version} must take effect at least 30 days after it is announced: ${earliest} at the earliest`,
      `费率表 ${version} 须在公告 30 天后才能生效：最早 ${earliest}`,
    ),
  feeVersionExists: (version: string) =>
    new Refusal(
      'FEE_VERSION_EXISTS',
      `fee schedule ${version} was already published`,
      `费率表 ${version} 已经发布过`,
    ),
};
