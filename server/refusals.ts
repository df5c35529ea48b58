import { formatShanghaiIso } from '../electron/services/calendar/shanghai-time';
import { MAKER_REFUSALS, type MakerRefusal } from '../electron/contract/domain/devices/makers';

/**
 * Every reason the hub refuses a mutation, with its words in both languages. docs/sync.md §7 lists
 * the same codes; a station shows `message`/`messageZh` as they come (it never rebuilds them).
 */
export const CASE_AND_DEVICE_REFUSAL_CODES = [
  'BAD_MUTATION',
  'UNKNOWN_KIND',
  'MUTATION_ID_REUSED',
  'OPERATOR_UNKNOWN',
  'OPERATOR_DISABLED',
  'ROLE_FORBIDDEN',
  'CASE_UNKNOWN',
  'CASE_EXISTS',
  'CASE_CLOSED',
  'RESUBMISSION_STALE',
  'CLAIM_HELD',
  'QUEUE_EMPTY',
  'STALE_TOKEN',
  'FOUR_EYES_SAME_REVIEWER',
  'FOUR_EYES_SENIOR_REQUIRED',
  'DEVICE_REVOKED',
  'DEVICE_UNFREEZE_SAME_PERSON',
  'DEVICE_SCRAPPED',
  'SUPPORT_CASE_OPEN_ELSEWHERE',
  'FEE_NOTICE_TOO_SHORT',
  'FEE_VERSION_EXISTS',
] as const;

export type RefusalCode = (typeof CASE_AND_DEVICE_REFUSAL_CODES)[number] | MakerRefusalCode;

/**
 * A terminal maker change the hub refuses: the station's own rule (devices/makers) names it, the
 * hub's code is `MAKER_` and that name in capitals, so a station turns it back into the same
 * refusal its screens already translate.
 */
export type MakerRefusalCode = `MAKER_${Uppercase<MakerRefusal>}`;

export const makerRefusalCode = (code: MakerRefusal): MakerRefusalCode =>
  `MAKER_${code.toUpperCase() as Uppercase<MakerRefusal>}`;

/** Every code a mutation may be refused with (the station has words for each: sync i18n `refusals`). */
export const REFUSAL_CODES: readonly RefusalCode[] = [
  ...CASE_AND_DEVICE_REFUSAL_CODES,
  ...MAKER_REFUSALS.map(makerRefusalCode),
];

const MAKER_WORDS_ZH: Record<MakerRefusal, string> = {
  root_unreadable: '无法读取根证书：请提供一份 PEM 格式的证书',
  root_not_ca: '这不是根证书：必须是 CA 证书（CA:TRUE，可签发证书）',
  root_key_type: '根证书密钥类型不受支持：只接受 Ed25519 或 P-256',
  root_expired: '根证书不在有效期内',
  root_already_trusted: '该根证书已被信任或已在待批准中',
  root_built_in: '这是每台工作站内置的厂商根证书，本已受信任，不能作为厂商添加',
  model_invalid: '型号只能由 1–16 位字母、数字、点、横线、下划线组成',
  model_taken: '该型号已属于另一个厂商',
  not_found: '中心没有该厂商',
  not_proposed: '该厂商不在待批准状态',
  same_person: '不能批准自己提交的厂商：请另一位管理员批准',
};

/** A hub case status in Chinese words. */
const STATUS_ZH: Record<string, string> = {
  open: '待审核',
  awaiting_second: '待第二次批准',
  approved: '已批准',
  rejected: '已驳回',
};

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

/** Who holds a case: the operator, the enrolled name of their station, and the lease end. */
export interface Holder {
  readonly operator: string;
  readonly stationName: string;
  readonly until: Date;
}

/** A lease end as the counters read clocks: Shanghai wall-clock time to the minute. */
function shanghaiMinute(at: Date): string {
  return formatShanghaiIso(at.getTime()).slice(0, 16).replace('T', ' ');
}

/** An after-sales case open at some station: which, who took it in and when. */
export interface OpenCase {
  readonly caseId: string;
  readonly stationName: string;
  readonly openedBy: string;
  readonly openedAt: Date;
}

/** Where and when a unit was scrapped, and by whom. */
export interface Scrapped {
  readonly stationName: string;
  readonly by: string;
  readonly at: Date;
}

const heldEn = (h: Holder) =>
  `${h.operator} at station "${h.stationName}" until ${shanghaiMinute(h.until)} (Shanghai time)`;
const heldZh = (h: Holder) =>
  `${h.operator}（工作站“${h.stationName}”）审核，至北京时间 ${shanghaiMinute(h.until)}`;

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
  resubmissionStale: (caseId: string, status: string, version: number, current: number) =>
    new Refusal(
      'RESUBMISSION_STALE',
      status === 'rejected'
        ? `case ${caseId} changed at the hub after the rejection you corrected (version ${version}, now ${current}): open the case as it is now and correct that`
        : `case ${caseId} is ${status} at the hub, not rejected: your correction was made on an older version; open the case as it is now`,
      status === 'rejected'
        ? `案件 ${caseId} 在您更正的驳回之后已在中心发生变化（版本 ${version}，现为 ${current}）：请按案件当前状态重新更正`
        : `案件 ${caseId} 在中心的状态为 ${STATUS_ZH[status] ?? status}，并非已驳回：您的更正基于旧版本，请按案件当前状态处理`,
    ),
  claimHeld: (caseId: string, h: Holder) =>
    new Refusal('CLAIM_HELD', `case ${caseId} is held by ${heldEn(h)}`, `案件 ${caseId} 正由 ${heldZh(h)}`),
  queueEmpty: () =>
    new Refusal('QUEUE_EMPTY', 'no case is waiting that you may take', '没有您可以领取的待审案件'),
  staleToken: (caseId: string, now: Holder | null) =>
    new Refusal(
      'STALE_TOKEN',
      now
        ? `your claim on case ${caseId} is no longer valid: it is held by ${heldEn(now)}; leave it to them`
        : `your claim on case ${caseId} is no longer valid and nobody holds it now; claim it again`,
      now
        ? `您对案件 ${caseId} 的领取已失效：现由 ${heldZh(now)}；请交由对方处理`
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
  deviceRevoked: (serial: string, refused: 'unfreeze' | 'restock' = 'unfreeze') =>
    new Refusal(
      'DEVICE_REVOKED',
      `device ${serial} is revoked and cannot be ${refused === 'unfreeze' ? 'unfrozen' : 'restocked'}`,
      `设备 ${serial} 已吊销，不能${refused === 'unfreeze' ? '解冻' : '回库'}`,
    ),
  deviceScrapped: (serial: string, s: Scrapped) =>
    new Refusal(
      'DEVICE_SCRAPPED',
      `device ${serial} was scrapped at station "${s.stationName}" by ${s.by} on ${shanghaiMinute(s.at)} (Shanghai time); its serial is revoked for good and it cannot be provisioned, restocked or taken into a case`,
      `设备 ${serial} 已于北京时间 ${shanghaiMinute(s.at)} 在工作站“${s.stationName}”由 ${s.by} 报废，序列号已永久注销，不能再生产、回库或受理售后`,
    ),
  supportCaseOpenElsewhere: (serial: string, open: OpenCase) =>
    new Refusal(
      'SUPPORT_CASE_OPEN_ELSEWHERE',
      `device ${serial} already has an open after-sales case ${open.caseId} at station "${open.stationName}" (taken in by ${open.openedBy} on ${shanghaiMinute(open.openedAt)}, Shanghai time); one unit has one open case: continue it there, or have them close it first`,
      `设备 ${serial} 已在工作站“${open.stationName}”有进行中的售后工单 ${open.caseId}（${open.openedBy} 于北京时间 ${shanghaiMinute(open.openedAt)} 受理）；一台终端只能有一张进行中的工单：请在该站继续处理，或请对方先结单`,
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
  /** The station's maker rule refused (the same rule, run at the hub): its words, and Chinese ones. */
  maker: (code: MakerRefusal, message: string) =>
    new Refusal(makerRefusalCode(code), message, MAKER_WORDS_ZH[code]),
};
