/**
 * Fee-engine benchmark: `npx tsx bench/fees/run.ts` (prints figures; not a timed test).
 *   1. quotes per second on one core — integer engine vs a straightforward decimal.js version
 *   2. repricing a generated 1,000,000-row ledger with per-day/per-year limit checks — time and
 *      peak RSS, each in a fresh process; plus parse-only times of our splitter and csv-parse.
 * Figures are recorded in docs/performance.md ("Fees").
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RATE_SLOT, type RateSlot } from '../../electron/contract/domain/fees/channels';
import { priceFen, quote } from '../../electron/services/fees/quote';
import { loadScheduleDir } from '../../electron/services/fees/schedule-loader';
import { chineseWorkingDays } from '../../electron/services/calendar/chinese-days';
import { parseShanghaiTime } from '../../electron/services/calendar/shanghai-time';
import { formatYuan } from '../../electron/services/fees/money';
import { decimalFee, decimalRate, type DecimalRate } from './decimal-quote';
import { generateLedger, shuffleLocally } from './generate-ledger';

const LEDGER_ROWS = Number(process.env.FEES_BENCH_ROWS ?? 1_000_000);
const book = loadScheduleDir(resolve('resources/fee-schedules'));

const N = 1 << 20;
const slots = new Uint8Array(N);
const amounts = new Float64Array(N);
const times = new Float64Array(N);
const SLOTS: RateSlot[] = [RATE_SLOT.credit, RATE_SLOT.debit, RATE_SLOT.qr, RATE_SLOT.wechat];
const from = parseShanghaiTime('2026-10-01T00:00:00+08:00');
const to = parseShanghaiTime('2026-12-30T00:00:00+08:00');
let seed = 7;
const rnd = (): number => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
for (let i = 0; i < N; i++) {
  slots[i] = SLOTS[i & 3]!;
  amounts[i] = 1 + Math.floor(rnd() * 5_000_000);
  times[i] = from + Math.floor(rnd() * (to - from));
}

/** The engine's quote: version in force at the time, fee, fee ≥ amount flag. */
function integerRound(rounds: number): { perSecond: number; checksum: number } {
  const versions = book.versions;
  let checksum = 0;
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < N; i++) {
      const amount = amounts[i]!;
      const schedule = versions[book.indexAt(times[i]!)]!;
      const fee = priceFen(schedule, slots[i] as RateSlot, amount);
      checksum += fee >= amount ? 1 : fee;
    }
  }
  return { perSecond: (rounds * N) / ((performance.now() - t0) / 1000), checksum };
}

function fullQuoteRound(count: number): number {
  const calendar = chineseWorkingDays();
  const channels = ['credit', 'debit', 'qr', 'qr'] as const;
  let sink = 0;
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const q = quote(book, calendar, {
      channel: channels[i & 3]!,
      amountFen: amounts[i]!,
      atMs: times[i]!,
      instantEnabled: (i & 1) === 0,
      firstTransaction: false,
      questionnaireSkipped: false,
      accountClass: 'I',
    });
    sink += q.feeFen + (q.allowed ? 1 : 0);
  }
  if (sink < 0) throw new Error('unreachable');
  return count / ((performance.now() - t0) / 1000);
}

function decimalRound(count: number): { perSecond: number; mismatches: number } {
  const rates: DecimalRate[][] = book.versions.map((v) => {
    const f = v.file;
    return [
      decimalRate(f.rates.credit),
      decimalRate(f.rates.debit),
      decimalRate(f.rates.qr),
      decimalRate(f.rates.qr.subChannels?.wechat ?? f.rates.qr),
    ];
  });
  const yuan = Array.from({ length: count }, (_, i) => formatYuan(amounts[i]!));
  let mismatches = 0;
  const fees = new Float64Array(count);
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const version = rates[book.indexAt(times[i]!)]!;
    fees[i] = decimalFee(yuan[i]!, version[i & 3]!)
      .times(100)
      .toNumber();
  }
  const perSecond = count / ((performance.now() - t0) / 1000);
  for (let i = 0; i < count; i++) {
    const schedule = book.versions[book.indexAt(times[i]!)]!;
    if (fees[i] !== priceFen(schedule, slots[i] as RateSlot, amounts[i]!)) mismatches++;
  }
  return { perSecond, mismatches };
}

interface ChildRun {
  ms: number;
  cpuMs: number;
  maxRssMb: number;
  rows: number;
  refused: number;
  rssBeforeMb: number;
}

function child(mode: string, ...args: string[]): ChildRun {
  const out = execFileSync(
    resolve('node_modules/.bin/tsx'),
    [resolve('bench/fees/reprice-child.ts'), mode, ...args],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(out.trim()) as ChildRun;
}

const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function main(): void {
  console.log(
    `fees bench — node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}, ${new Date().toISOString()}`,
  );

  integerRound(2); // warm-up
  const runs = [integerRound(8), integerRound(8), integerRound(8)];
  const best = Math.max(...runs.map((r) => r.perSecond));
  console.log(
    `quote (integer engine: version by time + fee + flag): ${fmt(best / 1e6, 1)} M quotes/s (best of 3 × ${fmt(8 * N)})`,
  );

  fullQuoteRound(200_000);
  const full = Math.max(fullQuoteRound(1_000_000), fullQuoteRound(1_000_000));
  console.log(`quote (full: + limits, settlement date, result object): ${fmt(full / 1e6, 2)} M quotes/s`);

  decimalRound(50_000);
  const dec = decimalRound(500_000);
  console.log(
    `quote (decimal.js, same rules): ${fmt(dec.perSecond / 1e6, 2)} M quotes/s; results differing from the engine: ${dec.mismatches}`,
  );
  console.log(`ratio integer engine / decimal.js: ${fmt(best / dec.perSecond, 1)}×`);

  const dir = mkdtempSync(join(tmpdir(), 'pos-station-bench-fees-'));
  try {
    const ledger = join(dir, 'ledger.csv');
    generateLedger(ledger, LEDGER_ROWS);
    const mb = statSync(ledger).size / 1048576;
    const idle = child('idle');
    const reprices = [
      child('reprice', ledger, join(dir, 'out1.csv')),
      child('reprice', ledger, join(dir, 'out2.csv')),
      child('reprice', ledger, join(dir, 'out3.csv')),
    ];
    const median = (values: number[]): number => values.sort((a, b) => a - b)[1]!;
    const wall = reprices.map((r) => r.ms);
    const peak = Math.max(...reprices.map((r) => r.maxRssMb));
    const r0 = reprices[0]!;
    console.log(
      `reprice ${fmt(r0.rows)} rows (${fmt(mb, 1)} MiB, per-day/per-year limit checks, ${fmt(r0.refused)} refused): ` +
        `wall median ${fmt(median(wall) / 1000, 2)} s (min ${fmt(Math.min(...wall) / 1000, 2)}), ` +
        `CPU median ${fmt(median(reprices.map((r) => r.cpuMs)) / 1000, 2)} s; ` +
        `peak RSS ${fmt(peak)} MB (whole process incl. tsx; an idle tsx process peaks at ${fmt(idle.maxRssMb)} MB)`,
    );
    const merged = join(dir, 'merged.csv');
    shuffleLocally(ledger, merged);
    const unsorted = [
      child('reprice', merged, join(dir, 'out4.csv')),
      child('reprice', merged, join(dir, 'out5.csv')),
      child('reprice', merged, join(dir, 'out6.csv')),
    ];
    console.log(
      `reprice of the same rows with local swaps (a merged export; judged in time order): ` +
        `wall median ${fmt(median(unsorted.map((r) => r.ms)) / 1000, 2)} s, ` +
        `CPU median ${fmt(median(unsorted.map((r) => r.cpuMs)) / 1000, 2)} s, ` +
        `peak RSS ${fmt(Math.max(...unsorted.map((r) => r.maxRssMb)))} MB; ` +
        `${fmt(unsorted[0]!.refused)} refused (${unsorted[0]!.refused === r0.refused ? 'the same as' : 'DIFFERENT FROM'} the sorted file)`,
    );
    const fast = child('parse-fast', ledger);
    const csv = child('parse-csv-parse', ledger);
    console.log(
      `parse only: our byte splitter ${fmt(fast.ms / 1000, 2)} s (CPU ${fmt(fast.cpuMs / 1000, 2)} s), ` +
        `csv-parse stream ${fmt(csv.ms / 1000, 2)} s (CPU ${fmt(csv.cpuMs / 1000, 2)} s): ${fmt(csv.cpuMs / fast.cpuMs, 1)}× the CPU`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
