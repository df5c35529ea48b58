import { inflateSync } from 'node:zlib';
import { activityPerDay } from '../../../../electron/services/support/diagnosis/activity';
import { buildReport } from '../../../../electron/services/support/diagnosis/report';
import { diagnosisPdf } from '../../../../electron/services/support/diagnosis/report-pdf';
import { findCjkFont, NoCjkFontError } from '../../../../electron/services/support/diagnosis/report-font';
import { diagnosisReportSchema } from '../../../../electron/contract/support-diagnosis';
import { NOW_MS, healthyReading } from './reading-fixture';
import { COMPONENTS } from '../../../../native/protocol/enums';

/** Every text the PDF's fonts map back to Unicode (their ToUnicode CMaps), as lower-case hex code points. */
function unicodeInPdf(pdf: Buffer): string {
  const text = pdf.toString('latin1');
  const out: string[] = [];
  for (const m of text.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    try {
      out.push(inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1'));
    } catch {
      // an image or an uncompressed stream: not a CMap
    }
  }
  return out
    .filter((s) => s.includes('begincmap'))
    .join('\n')
    .toLowerCase();
}

const report = () =>
  buildReport(
    healthyReading({
      selfTest: {
        results: COMPONENTS.map((c) => ({
          component: c,
          result: c === 'card_reader' ? 'fail' : 'pass',
          detail: '',
        })),
        rolledBack: false,
      },
    }),
    {
      id: '0'.repeat(32),
      caseId: 'C-1',
      expectedSerial: 'PSM1R0000101',
      shippedApplicationId: 'APP-1',
      symptom: 'card_reader',
      port: '/dev/ttyACM0',
      operator: 'support1',
      stationId: 'ST-1',
      startedMs: NOW_MS - 2000,
      finishedMs: NOW_MS,
    },
  );

describe('diagnosis report and its PDF', () => {
  it('the report is what the contract promises, with the activity of its journal', () => {
    const r = report();
    expect(diagnosisReportSchema.parse(r)).toEqual(r);
    expect(r.activity).toEqual(activityPerDay(healthyReading().journal, NOW_MS));
    expect(r.verdict.primary).toBe('component_failed');
  });

  it('renders Chinese: the CJK font is embedded and maps the verdict’s characters', async () => {
    const pdf = await diagnosisPdf(report(), 'zh', 'ab'.repeat(32));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const cmaps = unicodeInPdf(pdf);
    // 诊 断 报 告 (the title) and 读 卡 器 (the finding)
    for (const cp of ['8bca', '65ad', '62a5', '544a', '8bfb', '5361', '5668']) expect(cmaps).toContain(cp);
    expect(pdf.toString('latin1')).toMatch(/NotoSansCJK|NotoSerifCJK|WenQuanYi|YaHei|SimSun|PingFang/);
  });

  it('without a Chinese font it says how to get one instead of writing boxes', () => {
    expect(() => findCjkFont({ POS_STATION_CJK_FONT: '/nonexistent/font.ttc' })).toThrow(NoCjkFontError);
    expect(() => findCjkFont({ POS_STATION_CJK_FONT: '/nonexistent/font.ttc' })).toThrow(/fonts-noto-cjk/);
  });
});
