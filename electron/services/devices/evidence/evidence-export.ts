import { toCsv } from '../../../../native/formats/csv-output';
import type { EvidenceSheet } from './evidence-sheet';

export const EXPORT_FORMATS = ['json', 'html', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportedEvidence {
  readonly fileName: string;
  readonly mimeType: string;
  readonly content: string;
}

const MIME: Record<ExportFormat, string> = {
  json: 'application/json',
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/** The sheet as a file: JSON for machines, HTML to print and sign, CSV for a spreadsheet. */
export function exportEvidence(sheet: EvidenceSheet, format: ExportFormat): ExportedEvidence {
  const base = `evidence-${sheet.run.serial ?? 'unknown'}-${sheet.run.id}`;
  const content =
    format === 'json'
      ? `${JSON.stringify(sheet, null, 2)}\n`
      : format === 'csv'
        ? evidenceCsv(sheet)
        : evidenceHtml(sheet);
  return { fileName: `${base}.${format}`, mimeType: MIME[format], content };
}

function evidenceCsv(sheet: EvidenceSheet): string {
  const { run } = sheet;
  const rows = sheet.evidence.map((e) => [
    run.id,
    run.serial ?? '',
    e.seq,
    e.step,
    e.outcome,
    e.actor,
    e.at,
    JSON.stringify(e.data),
  ]);
  return toCsv(['run', 'serial', 'seq', 'step', 'outcome', 'actor', 'at', 'data'], rows);
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
function esc(value: unknown): string {
  return String(value ?? '—').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const STEP_ZH: Record<string, string> = {
  identify: '识别',
  genuine: '真伪验证',
  flash: '刷写固件',
  bind: '绑定',
  selftest: '自检',
  ship: '出库',
  link: '连接',
};

function evidenceHtml(sheet: EvidenceSheet): string {
  const { run, shipment } = sheet;
  const field = (zh: string, en: string, value: unknown) =>
    `<tr><th>${esc(zh)} / ${esc(en)}</th><td>${esc(value)}</td></tr>`;
  const steps = sheet.evidence
    .map(
      (
        e,
      ) => `<tr class="${esc(e.outcome)}"><td>${e.seq}</td><td>${esc(STEP_ZH[e.step] ?? e.step)} (${esc(e.step)})</td>
<td>${esc(e.outcome)}</td><td>${esc(e.actor)}</td><td>${esc(e.at)}</td><td><pre>${esc(JSON.stringify(e.data, null, 2))}</pre></td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>${esc(`终端出库凭证 ${run.serial ?? ''}`)}</title>
<style>
body{font-family:sans-serif;margin:2em;color:#111}table{border-collapse:collapse;width:100%;margin-bottom:1.5em}
th,td{border:1px solid #999;padding:4px 8px;text-align:left;vertical-align:top}pre{margin:0;white-space:pre-wrap;font-size:11px}
tr.refused td,tr.failed td{background:#fde2e2}@media print{body{margin:0}}
</style></head><body>
<h1>终端出库凭证 / Terminal provisioning evidence</h1>
<table>
${field('运行编号', 'Run', run.id)}
${field('序列号', 'Serial', run.serial)}
${field('型号', 'Model', run.model)}
${field('端口', 'Port', run.port)}
${field('USB 位置', 'USB location', run.usbLocation)}
${field('操作员', 'Operator', run.operator)}
${field('工作站', 'Station', run.stationId)}
${field('申请编号', 'Application', run.applicationId)}
${field('固件', 'Firmware', run.imageVersion ? `${run.imageVersion} sha256:${run.imageSha256}` : null)}
${field('结果', 'Result', run.status)}
${field('失败原因', 'Failure', run.failureCode ? `${run.failureCode}: ${run.failureZh} / ${run.failureEn}` : null)}
${field('开始', 'Started', run.startedAt)}
${field('结束', 'Finished', run.finishedAt)}
${field('出库', 'Shipped', shipment ? `${shipment.shippedAt} (${shipment.settlementCardMasked ?? ''}, ${shipment.limitProfile ?? ''})` : null)}
</table>
<table><thead><tr><th>#</th><th>步骤 / Step</th><th>结果 / Outcome</th><th>操作员 / By</th><th>时间 / At</th><th>所见 / Seen</th></tr></thead>
<tbody>
${steps}
</tbody></table>
<p>签字 / Signature: ____________________</p>
</body></html>
`;
}
