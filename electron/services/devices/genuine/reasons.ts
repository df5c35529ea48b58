/**
 * Every reason a genuine check can give, in priority order: the first one present becomes the
 * verdict's code. Sentences are for a warehouse worker: what is wrong and what to do.
 */
export const GENUINE_REASON_CODES = [
  'chain_malformed',
  'chain_untrusted',
  'leaf_is_ca',
  'leaf_basic_constraints_missing',
  'leaf_key_usage',
  'issuer_not_ca',
  'chain_expired',
  'chain_not_yet_valid',
  'maker_model_not_allowed',
  'attestation_malformed',
  'signature_invalid',
  'cert_serial_missing',
  'serial_mismatch_certificate',
  'serial_mismatch_scanned',
  'registry_duplicate_key',
  'registry_clone',
  'registry_revoked',
  'registry_unknown',
  'registry_frozen',
  'registry_model_mismatch',
  'mode_test_unit',
  'mode_sample_unit',
  'tampered',
  'device_frozen',
  'firmware_hash_mismatch',
] as const;
export type GenuineReasonCode = (typeof GENUINE_REASON_CODES)[number];

export interface GenuineReason {
  readonly code: GenuineReasonCode;
  readonly message_zh: string;
  readonly message_en: string;
  /** Technical detail for the evidence sheet; not shown on the board. */
  readonly detail?: string;
}

type Params = Readonly<Record<string, string>>;
type Text = (p: Params) => { zh: string; en: string };

const COUNTERFEIT_ZH = '疑似假冒，请隔离并交给主管。';
const COUNTERFEIT_EN = 'Suspected counterfeit: set it aside and call a supervisor.';
const profile: Text = () => ({
  zh: `设备证书不符合官方规格。${COUNTERFEIT_ZH}`,
  en: `The terminal's certificate does not follow the official profile. ${COUNTERFEIT_EN}`,
});

const TEXT: Record<GenuineReasonCode, Text> = {
  chain_malformed: () => ({
    zh: `无法读取设备证书。${COUNTERFEIT_ZH}`,
    en: `The terminal's certificate cannot be read. ${COUNTERFEIT_EN}`,
  }),
  chain_untrusted: () => ({
    zh: `设备证书不是官方厂商签发的。${COUNTERFEIT_ZH}`,
    en: `The terminal's certificate was not issued by the official manufacturer. ${COUNTERFEIT_EN}`,
  }),
  leaf_is_ca: profile,
  maker_model_not_allowed: (p) =>
    p.owner
      ? {
          zh: `型号 ${p.model} 属于厂商“${p.owner}”，但这台设备的证书由“${p.maker}”签发。${COUNTERFEIT_ZH}`,
          en: `Model ${p.model} belongs to maker "${p.owner}", but this terminal's certificate was issued by "${p.maker}". ${COUNTERFEIT_EN}`,
        }
      : {
          zh: `签发这台设备证书的厂商“${p.maker}”没有登记型号 ${p.model}。${COUNTERFEIT_ZH}`,
          en: `The maker that issued this terminal's certificate, "${p.maker}", has not registered model ${p.model}. ${COUNTERFEIT_EN}`,
        },
  leaf_basic_constraints_missing: profile,
  leaf_key_usage: profile,
  issuer_not_ca: profile,
  chain_expired: () => ({
    zh: '设备证书已过期，不能发货，请交给主管。',
    en: "The terminal's certificate has expired. Do not ship it; give it to a supervisor.",
  }),
  chain_not_yet_valid: () => ({
    zh: '设备证书尚未生效：请先检查本工作站的日期时间，再交给主管。',
    en: "The terminal's certificate is not valid yet: check this station's date and time, then call a supervisor.",
  }),
  attestation_malformed: () => ({
    zh: '设备的认证应答格式错误，请重新插拔后再检测。',
    en: "The terminal's attestation answer is malformed. Unplug it, plug it back in and check again.",
  }),
  signature_invalid: () => ({
    zh: `设备签名与本次检测不符（可能是重放或伪造）。${COUNTERFEIT_ZH}`,
    en: `The terminal's signature does not match this check (replayed or forged). ${COUNTERFEIT_EN}`,
  }),
  cert_serial_missing: () => ({
    zh: `设备证书里没有序列号。${COUNTERFEIT_ZH}`,
    en: `The terminal's certificate carries no serial number. ${COUNTERFEIT_EN}`,
  }),
  serial_mismatch_certificate: (p) => ({
    zh: `设备报告的序列号 ${p.reported} 与证书中的 ${p.certificate} 不一致。${COUNTERFEIT_ZH}`,
    en: `The terminal says it is ${p.reported} but its certificate says ${p.certificate}. ${COUNTERFEIT_EN}`,
  }),
  serial_mismatch_scanned: (p) => ({
    zh: `包装盒二维码上的序列号 ${p.scanned} 与设备序列号 ${p.reported} 不一致：请核对是否拿错了盒子。`,
    en: `The box QR code says ${p.scanned} but the terminal is ${p.reported}: check that this is the right box.`,
  }),
  registry_duplicate_key: (p) => ({
    zh: `这台设备的密钥已登记在序列号 ${p.other} 名下，密钥被复制。${COUNTERFEIT_ZH}`,
    en: `This terminal's key is registered to serial ${p.other}: the key was copied. ${COUNTERFEIT_EN}`,
  }),
  registry_clone: (p) => ({
    zh: `序列号 ${p.serial} 在官方登记表中对应另一把密钥：这是克隆机。${COUNTERFEIT_ZH}`,
    en: `Serial ${p.serial} is registered with a different key: this unit is a clone. ${COUNTERFEIT_EN}`,
  }),
  registry_revoked: (p) => ({
    zh: `序列号 ${p.serial} 已被吊销，不能发货。`,
    en: `Serial ${p.serial} has been revoked and must not be shipped.`,
  }),
  registry_unknown: (p) => ({
    zh: `序列号 ${p.serial} 不在官方设备登记表中：请先导入厂商清单，仍不在表中则交给主管。`,
    en: `Serial ${p.serial} is not in the official device registry: import the manufacturer manifest; if it is still missing, call a supervisor.`,
  }),
  registry_frozen: (p) => ({
    zh: `序列号 ${p.serial} 已被冻结（${p.reason}），不能发货，请联系客服。`,
    en: `Serial ${p.serial} is frozen (${p.reason}) and must not be shipped; contact support.`,
  }),
  registry_model_mismatch: (p) => ({
    zh: `设备型号 ${p.reported} 与登记表中的型号 ${p.registered} 不符，请交给主管。`,
    en: `The terminal reports model ${p.reported} but the registry says ${p.registered}; call a supervisor.`,
  }),
  mode_test_unit: () => ({
    zh: '这是测试机，不能发给商户。',
    en: 'This is a test unit and must not be sent to a merchant.',
  }),
  mode_sample_unit: () => ({
    zh: '这是样机，不能发给商户。',
    en: 'This is a sample unit and must not be sent to a merchant.',
  }),
  tampered: () => ({
    zh: '设备防拆开关已触发，不能发货，请交给维修。',
    en: "The terminal's tamper switch has been triggered. Do not ship it; send it to repair.",
  }),
  device_frozen: () => ({
    zh: '设备自身处于冻结状态，不能发货，请联系客服。',
    en: 'The terminal reports that it is frozen. Do not ship it; contact support.',
  }),
  firmware_hash_mismatch: () => ({
    zh: '设备前后报告的固件摘要不一致，请重新插拔后再检测。',
    en: 'The terminal reported two different firmware hashes. Unplug it, plug it back in and check again.',
  }),
};

export function genuineReason(code: GenuineReasonCode, params: Params = {}, detail?: string): GenuineReason {
  const text = TEXT[code](params);
  return { code, message_zh: text.zh, message_en: text.en, ...(detail !== undefined ? { detail } : {}) };
}

export function byPriority(a: GenuineReason, b: GenuineReason): number {
  return GENUINE_REASON_CODES.indexOf(a.code) - GENUINE_REASON_CODES.indexOf(b.code);
}
