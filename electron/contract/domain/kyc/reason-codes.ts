/**
 * The fixed list of reasons a reviewer may give (docs/review-reason-codes.md). The Chinese text
 * goes into the applicant's SMS word for word, so it is written for the applicant, not for staff.
 * `use` says where a code may be given: rejecting a case, asking for more information, or marking
 * one document as needing revision.
 */
export const REASON_USES = ['reject', 'request_info', 'document'] as const;
export type ReasonUse = (typeof REASON_USES)[number];

export interface ReasonCode {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  readonly use: readonly ReasonUse[];
}

const ALL: readonly ReasonUse[] = ['reject', 'request_info', 'document'];
const FIXABLE: readonly ReasonUse[] = ['request_info', 'document'];

export const REASON_CODES = [
  { code: 'business_proof_insufficient', zh: '经营证明不足', en: 'Business proof is insufficient', use: ALL },
  {
    code: 'qr_records_too_short',
    zh: '收款码经营流水不足近3个月',
    en: 'QR-code payment records do not cover the last 3 months',
    use: ALL,
  },
  {
    code: 'qr_merchant_name_missing',
    zh: '收款记录截图未显示商户名称',
    en: 'The QR-code records do not show the merchant name',
    use: FIXABLE,
  },
  {
    code: 'statement_too_short',
    zh: '银行流水不足近6个月',
    en: 'The bank statement does not cover the last 6 months',
    use: ALL,
  },
  {
    code: 'statement_no_business_income',
    zh: '银行流水未体现经营收入',
    en: 'The bank statement shows no business income',
    use: ALL,
  },
  {
    code: 'statement_pass_through',
    zh: '银行流水存在资金快进快出',
    en: 'The bank statement shows money passing straight through',
    use: ['reject'],
  },
  {
    code: 'stall_certificate_invalid',
    zh: '摊位证明无盖章、未写明经营内容或已过期',
    en: 'The stall certificate is unstamped, names no business or has expired',
    use: ALL,
  },
  {
    code: 'id_expiring',
    zh: '身份证有效期不足6个月',
    en: 'The ID card has less than 6 months of validity left',
    use: ALL,
  },
  { code: 'id_invalid', zh: '身份证信息有误', en: 'The ID card details are not valid', use: ALL },
  { code: 'applicant_underage', zh: '申请人未满18周岁', en: 'The applicant is under 18', use: ['reject'] },
  {
    code: 'card_not_debit',
    zh: '结算卡须为本人借记卡，不能使用信用卡',
    en: 'The settlement card must be a debit card, not a credit card',
    use: ALL,
  },
  {
    code: 'name_mismatch',
    zh: '结算卡户名与身份证姓名不一致',
    en: 'The name on the settlement card does not match the ID card',
    use: ALL,
  },
  {
    code: 'photo_unclear',
    zh: '证件照片不清晰或不完整',
    en: 'A photo is unclear or incomplete',
    use: FIXABLE,
  },
  {
    code: 'document_missing',
    zh: '申请材料不齐全',
    en: 'Required documents are missing',
    use: FIXABLE,
  },
  {
    code: 'document_altered',
    zh: '材料疑似经过修改或伪造',
    en: 'A document appears altered or forged',
    use: ['reject', 'document'],
  },
  {
    code: 'suspected_agent_filing',
    zh: '疑似他人代办申请，请本人申请',
    en: 'The application appears to be filed by an agent; the applicant must apply in person',
    use: ['reject'],
  },
  {
    code: 'duplicate_application',
    zh: '已有相同身份信息的申请',
    en: 'An application with the same identity already exists',
    use: ['reject'],
  },
] as const satisfies readonly ReasonCode[];

export type ReasonCodeName = (typeof REASON_CODES)[number]['code'];

const BY_CODE = new Map<string, ReasonCode>(REASON_CODES.map((r) => [r.code, r]));

export function reasonCode(code: string): ReasonCode | undefined {
  return BY_CODE.get(code);
}

export function isReasonFor(code: string, use: ReasonUse): boolean {
  return BY_CODE.get(code)?.use.includes(use) ?? false;
}
