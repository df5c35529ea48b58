/**
 * Sync benchmark: `npx tsx bench/sync/run.ts` (prints figures; not a timed test). Needs PostgreSQL
 * at $HUB_BENCH_PG (default postgresql://postgres@127.0.0.1:5432/postgres); makes and drops its own
 * database. Each figure beside a baseline measured in the same run:
 *   1. push 10,000 mutations from one station   vs the same rows by batched multi-row INSERT
 *   2. pull 100,000 changes into a fresh station vs one SELECT of the same rows into SQLite
 *   3. claim round trip, 20 stations at once    vs the same UPDATE … SKIP LOCKED straight over pg
 *   4. freeze propagation to 20 live stations   (no baseline: it is the live channel's own figure)
 * The hub runs in its own process (bench/sync/hub-process.ts, pool of HUB_BENCH_POOL connections,
 * default 20); HUB_BENCH_INPROCESS=1 runs it in this process instead, as the first runs did.
 * Every station opens its keep-alive connection before the timed parts (a station's client keeps
 * it: the TLS handshake is paid once, not per request).
 * Figures are recorded in docs/performance.md ("Sync").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createEnrolmentCode, upsertOperator } from '../../server/admin';
import { startHub } from '../../server/app';
import { openHubDb } from '../../server/db/db';
import { migrate } from '../../server/db/migrations';
import { logAdapter } from '../../server/outbox/adapters';
import { createHubPki } from '../../server/tls/pki';
import { SyncEngine } from '../../electron/services/sync/engine';
import { createHubClient, type HubClient } from '../../electron/services/sync/hub-client';
import { enrol } from '../../electron/services/sync/identity';
import { SyncQueue } from '../../electron/services/sync/queue';

const ADMIN = process.env.HUB_BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const PUSH_N = Number(process.env.HUB_BENCH_PUSH ?? 10_000);
const PULL_N = Number(process.env.HUB_BENCH_PULL ?? 100_000);
const STATIONS = 20;
const CLAIM_ROUNDS = Number(process.env.HUB_BENCH_CLAIM_ROUNDS ?? 10);
const FREEZES = Number(process.env.HUB_BENCH_FREEZES ?? 20);
const POOL = Number(process.env.HUB_BENCH_POOL ?? 20);
const IN_PROCESS = process.env.HUB_BENCH_INPROCESS === '1';

/** The hub as its own process on this database; resolves with its URL once it listens. */
function spawnHub(dir: string, url: string): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'hub-process.ts'), dir, url, String(POOL)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve({ url: `https://localhost:${m[1]}`, proc });
    });
    proc.on('exit', (code) => reject(new Error(`bench hub exited ${code}`)));
  });
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const line = (label: string, value: string) => console.log(`${label.padEnd(48)} ${value}`);

async function main() {
  const name = `hub_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = ADMIN.replace(/\/[^/]*$/, `/${name}`);
  const work = mkdtempSync(join(tmpdir(), 'hub-bench-'));
  const db = await openHubDb({ url }, 20);
  const raw = new pg.Client({ connectionString: url });
  await raw.connect();
  let child: { url: string; proc: ChildProcess } | null = null;
  try {
    await migrate(db);
    const pki = await createHubPki(join(work, 'tls'), []);
    const local = IN_PROCESS
      ? await startHub({
          db,
          pki,
          config: { leaseSeconds: 600 },
          adapter: logAdapter(null),
          requestsPerSecond: 100_000,
          livePollMs: 100,
        })
      : null;
    child = local ? null : await spawnHub(work, url);
    const hub = { url: local?.url ?? child!.url };
    for (const [u, r] of [
      ['kiosk', 'warehouse'],
      ['sun', 'support'],
    ] as const)
      await upsertOperator(db, u, u, r);
    for (let i = 0; i < STATIONS; i++) await upsertOperator(db, `rev${i}`, `rev${i}`, 'reviewer');
    const stations = [];
    for (let i = 0; i < STATIONS; i++) {
      const identity = await enrol(hub.url, await createEnrolmentCode(db, pki, `S${i}`));
      const client = createHubClient(identity);
      const queue = new SyncQueue(join(work, `s${i}.sqlite`));
      stations.push({ identity, client, queue, engine: new SyncEngine({ queue, client }) });
    }
    // Each station's keep-alive connection (TLS handshake) is opened right before a timed part
    // (not once at the start: the hub closes a connection idle for more than 72 s).
    const warm = (list: { client: HubClient }[]) => Promise.all(list.map((s) => s.client.get('/v1/status')));
    console.log(
      `sync bench — ${cpus().length} cores, load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}, PostgreSQL over TCP, ` +
        `hub ${IN_PROCESS ? 'in this process' : `in its own process (pool ${POOL})`}, ${new Date().toISOString()}`,
    );

    // 1. push
    const s0 = stations[0]!;
    for (let i = 0; i < PUSH_N; i++)
      s0.queue.enqueue({
        kind: 'device.freeze',
        operator: 'sun',
        payload: { serial: `SN-P${i}`, reason: 'bench' },
      });
    await warm([s0]);
    let t0 = process.hrtime.bigint();
    const round = await s0.engine.syncNow();
    const pushMs = ms(t0);
    t0 = process.hrtime.bigint();
    for (let i = 0; i < PUSH_N; i += 1000) {
      const values = [];
      const params: string[] = [];
      for (let j = i; j < Math.min(PUSH_N, i + 1000); j++) {
        params.push(`SN-B${j}`);
        values.push(`($${params.length}, 'frozen', 'bench', 'sun')`);
      }
      await raw.query(
        `INSERT INTO hub_devices (serial, status, reason, changed_by) VALUES ${values.join(',')}`,
        params,
      );
    }
    const pushBase = ms(t0);
    line(
      `push ${PUSH_N} mutations (${round.accepted} accepted)`,
      `${(pushMs / 1000).toFixed(2)} s  (${((PUSH_N / pushMs) * 1000).toFixed(0)}/s)`,
    );
    line(`  baseline: batched INSERT of the same rows`, `${(pushBase / 1000).toFixed(2)} s`);

    // 2. pull into a fresh station
    await raw.query(
      `INSERT INTO hub_changes (entity, key, data)
       SELECT 'device', 'SN-G' || g, jsonb_build_object('serial', 'SN-G' || g, 'status', 'active', 'reason', null)
         FROM generate_series(1, $1) g`,
      [PULL_N],
    );
    const fresh = stations[1]!;
    await warm([fresh]);
    t0 = process.hrtime.bigint();
    // A pull ends early while a transaction is in flight (the horizon): go on until all arrived.
    const expected = PULL_N + PUSH_N;
    const pulled = { pulled: 0 };
    while (pulled.pulled < expected) pulled.pulled += (await fresh.engine.syncNow()).pulled;
    const pullMs = ms(t0);
    t0 = process.hrtime.bigint();
    const all = await raw.query<{ entity: string; key: string; data: unknown }>(
      'SELECT entity, key, data FROM hub_changes ORDER BY xid, seq',
    );
    const lite = new Database(join(work, 'baseline.sqlite'));
    lite.exec('CREATE TABLE m (entity TEXT, key TEXT, data TEXT, PRIMARY KEY (entity, key))');
    const put = lite.prepare('INSERT OR REPLACE INTO m VALUES (?, ?, ?)');
    lite.transaction(() => all.rows.forEach((r) => put.run(r.entity, r.key, JSON.stringify(r.data))))();
    lite.close();
    const pullBase = ms(t0);
    line(
      `pull ${pulled.pulled} changes into a fresh station`,
      `${(pullMs / 1000).toFixed(2)} s  (${((pulled.pulled / pullMs) * 1000).toFixed(0)}/s)`,
    );
    line(`  baseline: one SELECT into SQLite`, `${(pullBase / 1000).toFixed(2)} s`);

    // 3. claim round trip, all stations at once
    await raw.query(
      `INSERT INTO hub_cases (case_id, status, phone, sla_due, origin_station)
       SELECT 'C' || g, 'open', '13800138000', now() + make_interval(hours => g), $1 FROM generate_series(1, $2) g`,
      [s0.identity.stationId, STATIONS * CLAIM_ROUNDS * 2],
    );
    const lat: number[] = [];
    await warm(stations);
    t0 = process.hrtime.bigint();
    await Promise.all(
      stations.map(async (s, i) => {
        for (let r = 0; r < CLAIM_ROUNDS; r++) {
          const t = process.hrtime.bigint();
          const a = await s.client.post<{ results: { status: string }[] }>('/v1/push', {
            mutations: [{ id: crypto.randomUUID(), kind: 'claim.next', operator: `rev${i}`, payload: {} }],
          });
          lat.push(ms(t));
          if (a.results[0]!.status !== 'accepted')
            throw new Error(`claim refused: ${JSON.stringify(a.results[0])}`);
        }
      }),
    );
    const claimWall = ms(t0);
    const base: number[] = [];
    await Promise.all(
      Array.from({ length: STATIONS }, async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        for (let r = 0; r < CLAIM_ROUNDS; r++) {
          const t = process.hrtime.bigint();
          await c.query(
            `UPDATE hub_cases SET fence_token = fence_token + 1, holder = 'x', lease_until = now() + interval '10 minutes'
              WHERE case_id = (SELECT case_id FROM hub_cases WHERE status = 'open' AND holder IS NULL
                                ORDER BY sla_due LIMIT 1 FOR UPDATE SKIP LOCKED)`,
          );
          base.push(ms(t));
        }
        await c.end();
      }),
    );
    line(
      `claim.next, ${STATIONS} stations × ${CLAIM_ROUNDS} at once: p50 / p99`,
      `${pct(lat, 0.5).toFixed(1)} / ${pct(lat, 0.99).toFixed(1)} ms  (${((lat.length / claimWall) * 1000).toFixed(0)} claims/s)`,
    );
    line(
      `  baseline: the UPDATE … SKIP LOCKED over pg`,
      `${pct(base, 0.5).toFixed(1)} / ${pct(base, 0.99).toFixed(1)} ms`,
    );

    // 4. freeze propagation to every live station
    // Stations start at the current head (pulling 110,000 changes twenty times is not this figure).
    const [head] = (
      await raw.query<{ cursor: string }>(
        "SELECT xid::text || ':' || seq::text AS cursor FROM hub_changes ORDER BY xid DESC, seq DESC LIMIT 1",
      )
    ).rows;
    for (const s of stations) {
      s.queue.applyPage([], head!.cursor);
      s.engine.start();
    }
    await new Promise((r) => setTimeout(r, 500));
    const seen: number[] = [];
    for (let f = 0; f < FREEZES; f++) {
      const serial = `SN-FZ${f}`;
      const t = Date.now();
      await s0.client.post('/v1/push', {
        mutations: [
          {
            id: crypto.randomUUID(),
            kind: 'device.freeze',
            operator: 'sun',
            payload: { serial, reason: 'lost' },
          },
        ],
      });
      await Promise.all(
        stations.map(async (s) => {
          while (!s.queue.mirror('device', serial)) await new Promise((r) => setTimeout(r, 5));
          seen.push(Date.now() - t);
        }),
      );
    }
    line(
      `freeze seen by all ${STATIONS} live stations: p50 / p99`,
      `${pct(seen, 0.5)} / ${pct(seen, 0.99)} ms (${seen.length} observations)`,
    );
    for (const s of stations) {
      s.engine.stop();
      s.client.close();
      s.queue.close();
    }
    await local?.close();
  } finally {
    child?.proc.kill('SIGTERM');
    await raw.end();
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
