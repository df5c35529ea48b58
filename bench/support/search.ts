/**
 * The support desk's unit search over a large registry: 1,000,000 units (SQLite file, every shipped
 * migration, so migration 0012's indexes are there), searched by a full serial, a serial prefix, a
 * frozen unit's serial prefix and a key-fingerprint prefix through DeviceRegistry.search — beside a
 * baseline in the same run: the same questions as a LIKE '%…%' full scan, which is what a search
 * box without indexes does. Prints the median and worst of each.
 *
 *   npx tsx bench/support/search.ts [--rows 1000000] [--queries 200]
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeviceRegistry } from '../../electron/services/devices/registry/device-registry';
import { openDatabase } from '../../electron/store/database';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROWS = arg('rows', 1_000_000);
const QUERIES = arg('queries', 200);
const BASELINE_QUERIES = Math.min(QUERIES, 10);

const serialOf = (i: number) => `PS${String(i).padStart(10, '0')}`;
const fingerprintOf = (i: number) => createHash('sha256').update(`unit-${i}`).digest('hex');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(
  label: string,
  n: number,
  run: (i: number) => number,
): { label: string; median: number; max: number } {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const found = run(i);
    ms.push(performance.now() - t);
    if (found === 0) throw new Error(`${label}: query ${i} found nothing`);
  }
  return { label, median: median(ms), max: Math.max(...ms) };
}

const dir = mkdtempSync(join(tmpdir(), 'pos-search-bench-'));
try {
  const db = openDatabase({ file: join(dir, 'station.sqlite') });
  const t0 = performance.now();
  const insert = db.prepare(
    `INSERT INTO device_registry (serial, key_fingerprint, model, batch, mode, status, imported_at, source)
     VALUES (?, ?, ?, ?, 'production', ?, '2026-01-05T09:00:00.000+08:00', 'bench')`,
  );
  db.transaction(() => {
    for (let i = 0; i < ROWS; i++)
      insert.run(
        serialOf(i),
        fingerprintOf(i),
        i % 3 ? 'SP-200' : 'PS-M1',
        `B${Math.floor(i / 5000)}`,
        i % 97 ? 'genuine' : 'frozen',
      );
  })();
  db.exec('ANALYZE');
  console.log(
    `registry: ${ROWS.toLocaleString('en')} units written in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const registry = new DeviceRegistry(db);
  const pick = (i: number) => (i * 7919 + 13) % ROWS;
  const frozenPick = (i: number) => (((i * 7919 + 13) % Math.floor(ROWS / 97)) * 97) % ROWS;
  const scan = db.prepare(
    'SELECT count(*) FROM (SELECT serial FROM device_registry WHERE serial LIKE ? OR key_fingerprint LIKE ? LIMIT 50)',
  );
  const scanStatus = db.prepare(
    "SELECT count(*) FROM (SELECT serial FROM device_registry WHERE status = 'frozen' AND serial + 0 IS NOT 1 AND serial LIKE ? LIMIT 50)",
  );
  const results = [
    time('full serial (indexed)', QUERIES, (i) => registry.search(serialOf(pick(i))).length),
    time(
      'serial prefix, last 2 digits unknown (indexed)',
      QUERIES,
      (i) => registry.search(serialOf(pick(i)).slice(0, -2)).length,
    ),
    time(
      'frozen unit by serial prefix (indexed)',
      QUERIES,
      (i) => registry.search(serialOf(frozenPick(i)).slice(0, -1), { status: 'frozen' }).length,
    ),
    time(
      'key fingerprint prefix, 12 hex (indexed)',
      QUERIES,
      (i) => registry.search(fingerprintOf(pick(i)).slice(0, 12)).length,
    ),
    time('baseline: full serial, LIKE %…% scan', BASELINE_QUERIES, (i) => {
      const s = serialOf(pick(i + 1_000));
      return scan.pluck().get(`%${s}%`, `%${s}%`) as number;
    }),
    time(
      'baseline: frozen by serial, scan',
      BASELINE_QUERIES,
      (i) => scanStatus.pluck().get(`%${serialOf(frozenPick(i + 1_000)).slice(0, -1)}%`) as number,
    ),
  ];
  for (const r of results)
    console.log(
      `${r.label.padEnd(52)} median ${r.median.toFixed(3).padStart(9)} ms   worst ${r.max.toFixed(3).padStart(9)} ms`,
    );
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
