import PDFDocument from 'pdfkit';
import type { DiagnosisReport } from '../../../contract/support-diagnosis';
import { activityChart } from '../../../contract/domain/support/activity-chart';
import { formatYuan } from '../../fees/money';
import { CAUSE_WORDS, COMPONENT_WORDS } from './findings';
import { findCjkFont, type CjkFont } from './report-font';

type Lang = 'zh' | 'en';

const LABELS = {
  title: { zh: '终端诊断报告', en: 'Diagnosis report' },
  case: { zh: '工单', en: 'Case' },
  serial: { zh: '序列号', en: 'Serial' },
  when: { zh: '诊断时间', en: 'Diagnosed' },
  operator: { zh: '操作员', en: 'Operator' },
  port: { zh: '端口', en: 'Port' },
  verdict: { zh: '结论', en: 'Verdict' },
  cause: { zh: '可能原因', en: 'Probable cause' },
  findings: { zh: '发现与依据', en: 'Findings and evidence' },
  activity: { zh: '每日交易（按交易流水）', en: 'Transactions per day (from the journal)' },
  idle: { zh: '最长空闲', en: 'Longest idle' },
  days: { zh: '天', en: 'days' },
  unit: { zh: '终端信息', en: 'Unit' },
  firmware: { zh: '固件', en: 'Firmware' },
  genuine: { zh: '正品校验', en: 'Genuine check' },
  genuineOk: { zh: '通过', en: 'genuine' },
  counters: { zh: '计数器', en: 'Counters' },
  facts: { zh: '电池 / SIM / 信号', en: 'Battery / SIM / signal' },
  selfTest: { zh: '自检', en: 'Self-test' },
  logs: { zh: '日志中的错误和警告', en: 'Errors and warnings in the log' },
  journal: { zh: '最近交易', en: 'Recent transactions' },
  noFindings: { zh: '无', en: 'None' },
  sha: { zh: '报告 SHA-256', en: 'Report SHA-256' },
} as const;

const RESULT_WORDS = {
  pass: { zh: '通过', en: 'pass' },
  fail: { zh: '不通过', en: 'FAIL' },
  absent: { zh: '未装', en: 'absent' },
} as const;

const TX_RESULT = {
  approved: { zh: '成功', en: 'approved' },
  declined: { zh: '拒绝', en: 'declined' },
  limit_refused: { zh: '超限', en: 'over limit' },
  failed: { zh: '失败', en: 'failed' },
} as const;

const CHANNEL = {
  credit: { zh: '信用卡', en: 'credit' },
  debit: { zh: '借记卡', en: 'debit' },
  qr: { zh: '扫码', en: 'QR' },
} as const;

/**
 * The report as an A4 PDF that renders Chinese: pdfkit (fontkit subsets the CJK font, so the file
 * carries only the glyphs it uses). The chart is the screen's, drawn from the same geometry.
 */
export function diagnosisPdf(
  report: DiagnosisReport,
  lang: Lang,
  sha256: string,
  font: CjkFont = findCjkFont(),
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 40,
    info: { Title: `${LABELS.title[lang]} ${report.identity.serial}`, Author: report.stationId },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  if (font.family) doc.registerFont('cjk', font.file, font.family);
  else doc.registerFont('cjk', font.file);
  doc.font('cjk');
  const L = (k: keyof typeof LABELS) => LABELS[k][lang];
  const width = doc.page.width - 80;
  const heading = (text: string) => {
    if (doc.y > doc.page.height - 120) doc.addPage();
    doc.moveDown(0.6).fontSize(12).fillColor('#1f1f1f').text(text).moveDown(0.2).fontSize(9);
  };
  const pairs = (rows: [string, string][]) => {
    for (const [k, v] of rows)
      doc.fillColor('#595959').text(`${k}：`, { continued: true }).fillColor('#1f1f1f').text(v);
  };

  doc.fontSize(18).text(L('title'));
  doc.fontSize(9).fillColor('#595959');
  pairs([
    [L('serial'), report.identity.serial],
    [L('case'), report.caseId ?? '—'],
    [
      L('when'),
      `${report.finishedAt} (${(report.durationMs / 1000).toFixed(1)} s, ${report.linkBaud || '—'} baud)`,
    ],
    [L('operator'), `${report.operator} @ ${report.stationId}`],
    [L('port'), report.port],
  ]);

  const v = report.verdict;
  doc.moveDown(0.5);
  const boxTop = doc.y;
  doc.fontSize(11).fillColor(v.faultFound ? '#a8071a' : '#135200');
  doc.text(`${L('verdict')}：${v.words[lang]}`, 50, boxTop + 8, { width: width - 20 });
  doc.fontSize(9).text(`${L('cause')}：${CAUSE_WORDS[v.cause][lang]}`, { width: width - 20 });
  const boxBottom = doc.y + 6;
  doc
    .rect(40, boxTop, width, boxBottom - boxTop)
    .lineWidth(1)
    .strokeColor(v.faultFound ? '#ff4d4f' : '#52c41a')
    .stroke();
  doc.x = 40;
  doc.y = boxBottom + 4;

  heading(L('findings'));
  if (v.findings.length === 0) doc.text(L('noFindings'));
  for (const f of v.findings) {
    doc.fillColor(f.severity === 'fault' ? '#a8071a' : f.severity === 'warning' ? '#ad6800' : '#1f1f1f');
    doc.text(`• ${f.words[lang]}`, { width });
    doc.fillColor('#595959');
    for (const e of f.evidence) doc.text(`    – ${e[lang]}`, { width });
  }

  heading(L('activity'));
  const chartTop = doc.y + 4;
  const chartHeight = 90;
  const chart = activityChart(report.activity.days, report.activity.longestIdle, width, chartHeight);
  if (chart.idle) doc.rect(40 + chart.idle.x, chartTop, chart.idle.width, chartHeight).fill('#fff1b8');
  for (const b of chart.bars) {
    if (b.approvedHeight > 0)
      doc.rect(40 + b.x, chartTop + b.approvedY, b.width, b.approvedHeight).fill('#1677ff');
    if (b.failedHeight > 0) doc.rect(40 + b.x, chartTop + b.failedY, b.width, b.failedHeight).fill('#ff4d4f');
  }
  doc
    .moveTo(40, chartTop + chartHeight)
    .lineTo(40 + width, chartTop + chartHeight)
    .strokeColor('#8c8c8c')
    .stroke();
  doc.fontSize(7).fillColor('#595959');
  for (const t of chart.ticks) doc.text(t.label, 40 + t.x, chartTop + chartHeight + 2, { lineBreak: false });
  doc.text(String(chart.top), 40 + width + 2, chartTop - 3, { lineBreak: false });
  doc.x = 40;
  doc.y = chartTop + chartHeight + 14;
  doc.fontSize(9);
  const idle = report.activity.longestIdle;
  if (idle)
    doc.fillColor('#1f1f1f').text(`${L('idle')}：${idle.from} – ${idle.to}（${idle.days} ${L('days')}）`);

  const id = report.identity;
  heading(L('unit'));
  pairs([
    ['Model', `${id.model} ${id.hwRevision} (${id.mode})`],
    [
      L('firmware'),
      `${id.firmwareVersion}, slot ${id.activeSlot}, ${id.bootState}, security counter ${id.securityCounter}, bootloader ${id.bootloaderVersion}`,
    ],
    ['IMEI / ICCID', `${id.imei} / ${id.iccid}`],
    [
      L('genuine'),
      report.genuine.genuine ? L('genuineOk') : report.genuine.reasons.map((r) => r[lang]).join(' '),
    ],
    ['Tamper / frozen', `${id.tamper ? 'TRIPPED' : 'intact'} / ${id.frozen ? 'FROZEN' : 'usable'}`],
    [
      'Binding',
      `${report.binding.boundApplicationId ?? '—'} (shipped: ${report.binding.shippedApplicationId ?? '—'})`,
    ],
    [
      L('counters'),
      Object.entries(report.counters)
        .map(([k, n]) => `${k} ${n}`)
        .join(', '),
    ],
  ]);
  const f = report.facts;
  heading(L('facts'));
  pairs([
    [
      'Battery',
      `${f.batteryPercent}%, health ${f.batteryHealthPercent}%, ${f.batteryCycles} cycles, ${f.batteryMillivolts} mV, ${f.batteryTemperatureC} °C`,
    ],
    ['SIM', `${f.simState} ${f.iccid} ${f.operatorName} (${f.operatorCode})`],
    ['Signal', `${f.networkType} ${f.signalDbm ?? '—'} dBm`],
    [
      'Clock',
      `${f.clockAt} (${f.clockDriftSeconds >= 0 ? '+' : ''}${f.clockDriftSeconds} s), up ${f.uptimeSeconds} s`,
    ],
  ]);
  heading(L('selfTest'));
  if (!report.selfTest.ran) doc.text('—');
  for (const r of report.selfTest.results) {
    doc.fillColor(r.result === 'fail' ? '#a8071a' : '#1f1f1f');
    doc.text(
      `${(COMPONENT_WORDS[r.component] ?? { zh: r.component, en: r.component })[lang]}: ${RESULT_WORDS[r.result][lang]} ${r.detail}`,
    );
  }
  doc.fillColor('#1f1f1f');
  heading(
    `${L('logs')} (${report.logs.errors} / ${report.logs.warnings}; ${report.logs.read} ${lang === 'zh' ? '条已读' : 'read'})`,
  );
  for (const l of report.logs.timeline.slice(-40)) {
    doc.fillColor(l.level === 'error' ? '#a8071a' : '#ad6800');
    doc.text(
      `${l.at.slice(0, 19).replace('T', ' ')}  #${l.index}  0x${l.code.toString(16).padStart(4, '0')}  ${l.message}`,
      { width },
    );
  }
  doc.fillColor('#1f1f1f');
  heading(
    `${L('journal')} (${report.journal.total}; ${report.journal.approved} ${TX_RESULT.approved[lang]}, ${formatYuan(report.journal.approvedFen)} ¥)`,
  );
  for (const e of report.journal.entries.slice(-30).reverse()) {
    doc.fillColor(e.result === 'approved' ? '#1f1f1f' : '#a8071a');
    doc.text(
      `${e.at.slice(0, 16).replace('T', ' ')}  ${CHANNEL[e.channel][lang]}  ${formatYuan(e.amountFen)}  fee ${formatYuan(e.feeFen)}  ${e.settlement === 't1' ? 'T+1' : lang === 'zh' ? '秒到' : 'instant'}  ${TX_RESULT[e.result][lang]}`,
    );
  }
  doc
    .moveDown(1)
    .fontSize(7)
    .fillColor('#8c8c8c')
    .text(`${L('sha')} ${sha256}`);
  doc.end();
  return done;
}
