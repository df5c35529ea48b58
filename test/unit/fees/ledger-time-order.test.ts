import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkLedgerText } from '../../../electron/services/fees/ledger/ledger-check';
import { repriceLedgerFile } from '../../../electron/services/fees/ledger/reprice';
import { at, shippedBook } from './fixtures';

const book = shippedBook();
const HEADER = 'id,time,merchant,channel,amount,account_class,questionnaire';
const CHANNELS = ['credit', 'debit', 'qr', 'qr:wechat', 'qr:alipay', 'qr:unionpay_qr'];

/**
 * A transaction of a few merchants over a few days around a year end and the 0.65% change, with
 * amounts near the limits so that many rows are refused and the order matters; times on the hour
 * so that several rows share a time.
 */
const transaction = fc.record({
  merchant: fc.constantFrom('A', 'B', 'C'),
  day: fc.constantFrom('2026-12-14', '2026-12-15', '2026-12-31', '2027-01-01'),
  hour: fc.integer({ min: 0, max: 23 }),
  offset: fc.constantFrom('+08:00', 'Z', ''),
  channel: fc.constantFrom(...CHANNELS),
  yuan: fc.integer({ min: 1, max: 60_000 }),
  classII: fc.boolean(),
  skipped: fc.boolean(),
});
type Transaction = typeof transaction extends fc.Arbitrary<infer T> ? T : never;

function line(t: Transaction, id: number): string {
  const hh = String(t.hour).padStart(2, '0');
  return [
    `r${id}`,
    `${t.day}T${hh}:00:00${t.offset}`,
    t.merchant,
    t.channel,
    `${t.yuan}.00`,
    t.classII ? 'II' : 'I',
    t.skipped ? 'skipped' : '',
  ].join(',');
}

function instant(t: Transaction): number {
  return at(`${t.day}T${String(t.hour).padStart(2, '0')}:00:00${t.offset}`);
}

/**
 * Any order of the rows, except that rows of the same instant keep their file order: the rule
 * breaks such ties by file order, so swapping them may rightly change a verdict.
 */
function reordered(ts: readonly Transaction[], shuffled: readonly number[]): number[] {
  const byInstant = new Map<number, number[]>();
  for (let i = 0; i < ts.length; i++) {
    const key = instant(ts[i]!);
    byInstant.set(key, [...(byInstant.get(key) ?? []), i]);
  }
  const next = new Map<number, number>();
  return shuffled.map((i) => {
    const key = instant(ts[i]!);
    const k = next.get(key) ?? 0;
    next.set(key, k + 1);
    return byInstant.get(key)![k]!;
  });
}

/** Verdict of each transaction by its id: the refusing limit and headroom, or null when allowed. */
function verdicts(lines: readonly string[]): Map<string, string | null> {
  const report = checkLedgerText(book, [HEADER, ...lines].join('\n'));
  const byRow = new Map(report.breaches.map((b) => [b.row, `${b.reason} ${b.headroomFen}`]));
  expect(report.breachesTruncated).toBe(false);
  return new Map(lines.map((l, i) => [l.slice(0, l.indexOf(',')), byRow.get(i + 2) ?? null]));
}

describe('a ledger replays in the order things happened', () => {
  it('any order of the same rows gives every row the same verdict', () => {
    fc.assert(
      fc.property(
        fc.array(transaction, { minLength: 1, maxLength: 60 }).chain((ts) =>
          fc.tuple(
            fc.constant(ts),
            fc.shuffledSubarray(
              ts.map((_, i) => i),
              { minLength: ts.length },
            ),
          ),
        ),
        ([ts, shuffled]) => {
          const permutation = reordered(ts, shuffled);
          const lines = ts.map(line);
          expect(verdicts(permutation.map((i) => lines[i]!))).toEqual(verdicts(lines));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reprices a shuffled ledger like the sorted one, rows in the input order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fees-order-'));
    await fc.assert(
      fc.asyncProperty(
        fc.array(transaction, { minLength: 1, maxLength: 40 }).chain((ts) =>
          fc.tuple(
            fc.constant(ts),
            fc.shuffledSubarray(
              ts.map((_, i) => i),
              { minLength: ts.length },
            ),
          ),
        ),
        async ([ts, shuffledIndices]) => {
          const permutation = reordered(ts, shuffledIndices);
          const lines = ts.map(line);
          const shuffled = permutation.map((i) => lines[i]!);
          const run = async (rows: string[], name: string): Promise<string[]> => {
            const input = join(dir, `${name}.csv`);
            const output = join(dir, `${name}.out.csv`);
            writeFileSync(input, [HEADER, ...rows].join('\n'));
            await repriceLedgerFile(book, { input, output });
            return readFileSync(output, 'utf8').trimEnd().split('\n').slice(1);
          };
          const sorted = await run(lines, 'a');
          const repriced = await run(shuffled, 'b');
          // Each output row is its input row plus its columns, in the input's order…
          expect(repriced.map((r) => r.split(',').slice(0, 7).join(','))).toEqual(shuffled);
          // …and a row's columns do not depend on where the file lists it.
          expect(repriced).toEqual(permutation.map((i) => sorted[i]!));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a large ledger with local swaps judges like the sorted one (the sort that packs keys)', () => {
    const rows: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const minute = i * 2;
      const hh = String(Math.floor(minute / 60) % 24).padStart(2, '0');
      const mm = String(minute % 60).padStart(2, '0');
      const day = String(1 + Math.floor(minute / 1440)).padStart(2, '0');
      rows.push(`r${i},2026-03-${day}T${hh}:${mm}:00+08:00,M${i % 70},qr,${4000 + ((i * 37) % 1000)}.00,I,`);
    }
    // Swap rows of the same merchant (70 rows apart) so that each merchant's own order changes.
    const swapped = [...rows];
    for (let i = 0; i + 70 < swapped.length; i += 3) {
      const a = swapped[i]!;
      swapped[i] = swapped[i + 70]!;
      swapped[i + 70] = a;
    }
    const sorted = verdicts(rows);
    expect([...sorted.values()].filter((v) => v !== null).length).toBeGreaterThan(50);
    expect(verdicts(swapped)).toEqual(sorted);
  });
});

describe('time order over centuries (keys too wide to pack: the comparator sort)', () => {
  it('refuses the latest of three same-day rows whatever their file order', () => {
    const rows: string[] = [];
    for (let y = 0; y < 40; y++) {
      const year = 1100 + y * 200;
      for (const hour of ['11', '09', '10'])
        rows.push(`y${year}h${hour},${year}-05-01T${hour}:00:00+08:00,M,debit,4000.00,II,`);
    }
    const report = checkLedgerText(book, [HEADER, ...rows].join('\n'), '2025-baseline');
    expect(report.refusedRows).toBe(40);
    // The 11:00 row is listed first of each three (rows 2, 5, 8…) and refused as the third of the day.
    expect(report.breaches.map((b) => b.row)).toEqual(
      rows.map((_, i) => i + 2).filter((_, i) => i % 3 === 0),
    );
  });
});
