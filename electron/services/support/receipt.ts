import { formatYuan } from '../fees/money';
import { CAUSE_WORDS, STATE_WORDS, SYMPTOM_WORDS } from '../../contract/domain/support/case-states';
import type { CaseRecord } from './case-rows';

/**
 * The merchant's receipt for a case, as a self-contained printable HTML page (A5, no scripts, no
 * outside resources): what came in, what was found, what is charged and why, and any waiver.
 * Amounts come from the case as the service decided them.
 */
const RULE_WORDS: Readonly<Record<string, { zh: string; en: string }>> = {
  repair_fee: { zh: '人为损坏维修费', en: 'repair fee for damage caused by the user' },
  free_repair: { zh: '非人为损坏，免费维修', en: 'free repair: not caused by the user' },
  free_replacement: { zh: '非人为损坏，免费换新', en: 'free replacement: not caused by the user' },
  no_charge: { zh: '不收费', en: 'no charge' },
};

const TEXT = {
  zh: {
    title: '售后服务单',
    case: '工单号',
    serial: '设备序列号',
    application: '进件编号',
    received: '收件时间',
    symptom: '报修问题',
    state: '当前状态',
    cause: '检测结论',
    charge: '应收费用',
    waiver: '减免',
    waiverPending: '（待第二人审批）',
    payable: '实收金额',
    devicePrice: '首月交易额',
    devicePriceWaived: '已达 1,000 元，机具免费',
    devicePriceNot: '未达 1,000 元',
    replacement: '新机序列号',
    yuan: '元',
    sign: '商户签字',
    notDecided: '待检测',
  },
  en: {
    title: 'After-sales receipt',
    case: 'Case',
    serial: 'Serial',
    application: 'Application',
    received: 'Received',
    symptom: 'Reported problem',
    state: 'State',
    cause: 'Finding',
    charge: 'Charge',
    waiver: 'Waived',
    waiverPending: ' (awaiting a second person)',
    payable: 'Payable',
    devicePrice: 'First-month volume',
    devicePriceWaived: 'reached 1,000 yuan: the device is free',
    devicePriceNot: 'below 1,000 yuan',
    replacement: 'Replacement serial',
    yuan: 'yuan',
    sign: "Merchant's signature",
    notDecided: 'not diagnosed yet',
  },
} as const;

const escape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** What the merchant pays: the charge less an approved waiver (a pending one does not count yet). */
export function payableFen(c: Pick<CaseRecord, 'chargeFen' | 'waiverFen' | 'waiverState'>): number {
  const charge = c.chargeFen ?? 0;
  return c.waiverState === 'approved' ? charge - c.waiverFen : charge;
}

export function receiptHtml(c: CaseRecord, language: 'zh' | 'en', printedAt: string): string {
  const t = TEXT[language];
  const row = (label: string, value: string) => `<tr><th>${escape(label)}</th><td>${escape(value)}</td></tr>`;
  const money = (fen: number) => `${formatYuan(fen)} ${t.yuan}`;
  const rows = [
    row(t.case, c.id),
    row(t.serial, c.serial),
    row(t.application, c.applicationId ?? '—'),
    row(t.received, c.receivedAt.replace('T', ' ').slice(0, 16)),
    row(t.symptom, SYMPTOM_WORDS[c.symptom][language]),
    row(t.state, STATE_WORDS[c.state][language === 'zh' ? 'zh' : 'en']),
    row(t.cause, c.cause === null ? t.notDecided : CAUSE_WORDS[c.cause][language]),
  ];
  if (c.chargeFen !== null) {
    const rule = c.chargeRule === null ? '' : ` — ${RULE_WORDS[c.chargeRule]?.[language] ?? c.chargeRule}`;
    rows.push(row(t.charge, `${money(c.chargeFen)}${rule}`));
    if (c.waiverFen > 0)
      rows.push(
        row(
          t.waiver,
          `${money(c.waiverFen)}${language === 'zh' ? '（' : ' ('}${c.waiverReason ?? ''}${language === 'zh' ? '）' : ')'}${c.waiverState === 'pending' ? t.waiverPending : ''}`,
        ),
      );
    rows.push(row(t.payable, money(payableFen(c))));
  }
  if (c.devicePriceCheck !== null) {
    const d = c.devicePriceCheck;
    rows.push(
      row(
        t.devicePrice,
        `${d.month}: ${money(d.volumeFen)} — ${d.waived ? t.devicePriceWaived : t.devicePriceNot}`,
      ),
    );
  }
  if (c.replacementSerial !== null) rows.push(row(t.replacement, c.replacementSerial));
  return `<!doctype html>
<html lang="${language === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${escape(t.title)} ${escape(c.id)}</title>
<style>
@page { size: A5; margin: 12mm; }
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; font-size: 12pt; color: #000; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 8mm; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 1px solid #999; padding: 2mm 3mm; text-align: left; vertical-align: top; }
th { width: 30%; background: #f2f2f2; font-weight: normal; }
.sign { margin-top: 14mm; display: flex; justify-content: space-between; }
.printed { color: #555; font-size: 9pt; margin-top: 6mm; }
</style></head>
<body><h1>${escape(t.title)}</h1><table>${rows.join('')}</table>
<div class="sign"><span>${escape(t.sign)}：____________</span></div>
<div class="printed">${escape(printedAt.replace('T', ' ').slice(0, 19))}</div>
</body></html>`;
}
