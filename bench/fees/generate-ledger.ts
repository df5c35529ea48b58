import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
// Deterministic (mulberry32), so every run reprices the same ledger.
import { seededRandom as mulberry32 } from '../../native/simulator/line-faults';

const CHANNELS = [
  'credit',
  'credit',
  'credit',
  'credit',
  'debit',
  'debit',
  'debit',
  'qr:wechat',
  'qr:alipay',
  'qr:unionpay_qr',
];

/**
 * A ledger like a month of a busy acquirer's export: `rows` transactions in time order over
 * March 2026 for `merchants` merchants, 40% credit / 30% debit / 30% QR, amounts spread
 * log-uniformly from 1 to 60,000 yuan (so some rows breach per-transaction and per-day limits),
 * one merchant in ten on a class-II account, one in twenty without the questionnaire.
 */
export function generateLedger(file: string, rows: number, merchants = 20_000, seed = 20261125): number {
  const random = mulberry32(seed);
  const fd = openSync(file, 'w');
  let chunk = 'time,merchant,channel,amount,account_class,questionnaire\n';
  let bytes = 0;
  const start = Date.UTC(2026, 2, 1) - 8 * 3_600_000;
  const span = 31 * 86_400_000;
  for (let i = 0; i < rows; i++) {
    const t = new Date(start + Math.floor((i / rows) * span) + 8 * 3_600_000).toISOString().slice(0, 19);
    const m = Math.floor(random() * merchants);
    const channel = CHANNELS[Math.floor(random() * CHANNELS.length)]!;
    const fen = Math.max(100, Math.floor(Math.exp(random() * Math.log(6_000_000))));
    const amount = `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
    chunk += `${t}+08:00,M${String(m).padStart(6, '0')},${channel},${amount},${m % 10 === 0 ? 'II' : 'I'},${m % 20 === 7 ? 'skipped' : 'answered'}\n`;
    if (chunk.length > 1 << 20) {
      bytes += writeSync(fd, chunk);
      chunk = '';
    }
  }
  bytes += writeSync(fd, chunk);
  closeSync(fd);
  return bytes;
}

/**
 * A merged export: the same rows with local swaps (each row trades places with one up to
 * `window` rows further on), as when several tills' exports are concatenated and roughly
 * interleaved. Rows with the same time are never swapped with each other, so the verdicts
 * (time order, ties in file order) must equal those of the sorted file.
 */
export function shuffleLocally(input: string, output: string, window = 64, seed = 7): void {
  const random = mulberry32(seed);
  const lines = readFileSync(input, 'utf8').split('\n');
  const time = (l: string): string => l.slice(0, l.indexOf(','));
  for (let i = 1; i < lines.length - 1; i++) {
    const j = Math.min(lines.length - 2, i + Math.floor(random() * window));
    if (time(lines[i]!) !== time(lines[j]!)) [lines[i], lines[j]] = [lines[j]!, lines[i]!];
  }
  writeFileSync(output, lines.join('\n'));
}
