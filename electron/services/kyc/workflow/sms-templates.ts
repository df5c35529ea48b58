import { reasonCode } from '../../../contract/domain/kyc/reason-codes';

/** The applicant-facing SMS texts (Simplified Chinese, as the applicant reads them). */
export const SMS_TEMPLATES = ['approved', 'rejected', 'info_requested'] as const;
export type SmsTemplate = (typeof SMS_TEMPLATES)[number];

const SIGNATURE = '【POS收款】';

function reasonsText(codes: readonly string[]): string {
  return codes.map((c) => reasonCode(c)?.zh ?? c).join('；');
}

/** Shanghai 'YYYY-MM-DD HH:mm' of a stored instant, for the applicant. */
function localMinute(instant: string): string {
  return instant.slice(0, 16).replace('T', ' ');
}

export function approvedSms(applicationId: string, code: string, expiresAt: string): string {
  return (
    `${SIGNATURE}您的POS机申请（${applicationId}）已审核通过。激活码：${code}，` +
    `${localMinute(expiresAt)}前有效，仅限一次使用。请勿将激活码告诉任何人，工作人员不会向您索要。`
  );
}

export function rejectedSms(applicationId: string, reasonCodes: readonly string[]): string {
  return (
    `${SIGNATURE}很抱歉，您的POS机申请（${applicationId}）未通过审核，原因：${reasonsText(reasonCodes)}。` +
    '您可补充材料后重新提交申请。办理无需任何押金或服务费，请勿委托他人代办。'
  );
}

export function infoRequestedSms(applicationId: string, reasonCodes: readonly string[]): string {
  return (
    `${SIGNATURE}您的POS机申请（${applicationId}）需要补充材料：${reasonsText(reasonCodes)}。` +
    '请在应用内补充后重新提交，审核将继续进行。'
  );
}
