/**
 * Sync benchmark: `npx tsx bench/sync/run.ts` (prints figures; not a timed test). Needs PostgreSQL
 * at $HUB_BENCH_PG (default postgresql://postgres@127.0.0.1:5432/postgres); makes and drops its own
 * database. Each figure beside a baseline measured in the same run:
 *   1. push 10,000 mutations from one station   vs the same rows by batched multi-row INSERT
 *   2. pull 100,000 changes into a fresh station vs one SELECT of the same rows into SQLite
 *   3. claim round trip, 20 stations at once    vs claim.next's pick and grant as one bare UPDATE … SKIP
 *                                                LOCKED over 20 connections, alternating in blocks;
 *      two ways: each station claiming again as soon as answered (the hub saturated: throughput),
 *      and all 20 at one instant, the burst answered before the next (the latency one claim sees)
 *   4. freeze propagation to 20 live stations   for each station wait before pulling on a notice
 *      (HUB_BENCH_LIVE_DELAYS, default "0,LIVE_DELAY_MS": 0 is the baseline), alternating in blocks
 *      of 5 freezes; the hub notifies every HUB_BENCH_NOTIFY_MS (default `hub serve`'s,
 *      DEFAULT_NOTIFY_MS; the runs before the notice scoping used 100 ms)
 * HUB_BENCH_ONLY=freeze runs part 4 alone.
 * The hub runs in its own process (bench/sync/hub-process.ts, pool of HUB_BENCH_POOL connections,
 * default `hub serve`'s, DEFAULT_POOL_SIZE); HUB_BENCH_INPROCESS=1 runs it in this process
 * instead, as the first runs did.
 * Every station opens its keep-alive connection before the timed parts (a station's client keeps
 * it: the TLS handshake is paid once, not per request).
 * Figures are recorded in docs/performance.md ("Sync").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createEnrolmentCode, upsertOperator } from '../../server/admin';
import { DEFAULT_NOTIFY_MS, startHub } from '../../server/app';
import { DEFAULT_POOL_SIZE, openHubDb } from '../../server/db/db';
import { migrate } from '../../server/db/migrations';
import { logAdapter } from '../../server/outbox/adapters';
import { createHubPki } from '../../server/tls/pki';
import { LIVE_DELAY_MS, SyncEngine } from '../../electron/services/sync/engine';
import { createHubClient, type HubClient } from '../../electron/services/sync/hub-client';
import { enrol, type StationIdentity } from '../../electron/services/sync/identity';
import { SyncQueue } from '../../electron/services/sync/queue';

const ADMIN = process.env.HUB_BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const PUSH_N = Number(process.env.HUB_BENCH_PUSH ?? 10_000);
const PULL_N = Number(process.env.HUB_BENCH_PULL ?? 100_000);
const STATIONS = 20;
const CLAIM_ROUNDS = Number(process.env.HUB_BENCH_CLAIM_ROUNDS ?? 25);
/** Between two bursts of claims: long enough that one burst's answers are all in before the next. */
const BURST_PAUSE_MS = 50;
/** Claims and the baseline alternate in blocks of this many rounds. */
const CLAIM_BLOCK = 5;
const FREEZES = Number(process.env.HUB_BENCH_FREEZES ?? 20);
/** Freezes in a row under one station wait, before the next wait's block. */
const FREEZE_BLOCK = 5;
const NOTIFY_MS = Number(process.env.HUB_BENCH_NOTIFY_MS ?? DEFAULT_NOTIFY_MS);
const LIVE_DELAYS = (process.env.HUB_BENCH_LIVE_DELAYS ?? `0,${LIVE_DELAY_MS}`).split(',').map(Number);
const ONLY_FREEZE = process.env.HUB_BENCH_ONLY === 'freeze';
/** The hub's pool: `hub serve`'s default unless HUB_BENCH_POOL says otherwise. */
const POOL = Number(process.env.HUB_BENCH_POOL ?? DEFAULT_POOL_SIZE);
const IN_PROCESS = process.env.HUB_BENCH_INPROCESS === '1';
/** The hub process's PostgreSQL connections carry this name, so their CPU time can be told apart. */
const HUB_APP = 'bench-hub';

/** The hub as its own process on this database; resolves with its URL once it listens. */
function spawnHub(dir: string, url: string): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'hub-process.ts'), dir, url, String(POOL), String(NOTIFY_MS)],
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

/** CPU time (user + system, ms) the processes used so far, from /proc (Linux, 100 ticks a second). */
function cpuMs(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const stat = `/proc/${pid}/stat`;
    if (!existsSync(stat)) continue;
    const fields = readFileSync(stat, 'utf8').split(') ')[1]!.split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * 10;
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
          config: { leaseSeconds: 600, builtInRoots: [] },
          adapter: logAdapter(null),
          requestsPerSecond: 100_000,
          notifyMs: NOTIFY_MS,
        })
      : null;
    child = local ? null : await spawnHub(work, `${url}?application_name=${HUB_APP}`);
    const hub = { url: local?.url ?? child!.url };
    for (const [u, r] of [
      ['kiosk', 'warehouse'],
      ['sun', 'support'],
    ] as const)
      await upsertOperator(db, u, u, r);
    for (let i = 0; i < STATIONS; i++) await upsertOperator(db, `rev${i}`, `rev${i}`, 'reviewer');
    const stations: { identity: StationIdentity; client: HubClient; queue: SyncQueue; engine: SyncEngine }[] =
      [];
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
        `hub ${IN_PROCESS ? 'in this process' : `in its own process (pool ${POOL})`}, notices every ${NOTIFY_MS} ms, ` +
        new Date().toISOString(),
    );
    const s0 = stations[0]!;
    if (!ONLY_FREEZE) await throughput();
    await freezes();
    for (const s of stations) {
      s.client.close();
      s.queue.close();
    }
    await local?.close();

    async function throughput() {
      // 1. push
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

      // 3. claim round trip, all stations at once, beside the bare pick-and-grant statement at the
      // same concurrency. The queue table is analysed first (a hub's is; without statistics the
      // planner sorts the whole queue for each pick, and autovacuum may analyse it halfway through
      // the run, so one side would get the good plan and the other not). Each side is warmed once
      // (the hub's connections prepare their statements; the baseline's connections load their
      // catalog caches) and the two alternate in blocks, so a change in the machine's load falls on
      // both alike.
      await raw.query(
        `INSERT INTO hub_cases (case_id, status, phone, sla_due, origin_station)
       SELECT 'C' || g, 'open', '13800138000', now() + make_interval(hours => g), $1 FROM generate_series(1, $2) g`,
        // one case for each claim and each baseline statement (direct and pooled, then the bursts of
        // claims and of direct statements), warm-ups included
        [s0.identity.stationId, STATIONS * (CLAIM_ROUNDS + 1) * 5],
      );
      await raw.query('ANALYZE hub_cases');
      const lat: number[] = [];
      const base: number[] = [];
      let claimWall = 0;
      let baseWall = 0;
      const claimOnce = async (client: HubClient, i: number) => {
        const a = await client.post<{ results: { status: string }[] }>('/v1/push', {
          mutations: [{ id: crypto.randomUUID(), kind: 'claim.next', operator: `rev${i}`, payload: {} }],
        });
        if (a.results[0]!.status !== 'accepted')
          throw new Error(`claim refused: ${JSON.stringify(a.results[0])}`);
      };
      // The pick of claim.next (server/mutations/cases.ts) and its grant, as one bare statement.
      const bare = `UPDATE hub_cases SET fence_token = fence_token + 1, holder = 'x', lease_until = now() + interval '10 minutes'
       WHERE case_id = (SELECT case_id FROM hub_cases
                         WHERE status = 'open' AND (lease_until IS NULL OR lease_until <= now())
                         ORDER BY sla_due, case_id LIMIT 1 FOR UPDATE SKIP LOCKED)`;
      const direct = await Promise.all(
        stations.map(async () => {
          const c = new pg.Client({ connectionString: url });
          c.on('error', () => undefined); // the database is dropped under it when the run fails
          await c.connect();
          return c;
        }),
      );
      // The same 20 callers through a pool the hub's size: the statement's best case here.
      const pooled = new pg.Pool({ connectionString: url, max: POOL });
      pooled.on('error', () => undefined);
      await warm(stations);
      await Promise.all(stations.map((s, i) => claimOnce(s.client, i)));
      await Promise.all(direct.map((c) => c.query(bare)));
      await Promise.all(direct.map(() => pooled.query(bare)));
      const pooledLat: number[] = [];
      let pooledWall = 0;
      // CPU each side used (when /proc is there): the stations (this process), the hub process, and
      // the PostgreSQL backends serving each (the hub's by their application name).
      const backends = async (hubs: boolean) =>
        (
          await raw.query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND (application_name = $1) = $2`,
            [HUB_APP, hubs],
          )
        ).rows.map((r) => r.pid);
      const cpu = { stations: 0, hub: 0, hubPg: 0, client: 0, pg: 0 };
      const timed = async (each: (i: number) => Promise<unknown>, into: number[], rounds: number) => {
        const t0 = process.hrtime.bigint();
        await Promise.all(
          stations.map(async (_, i) => {
            for (let r = 0; r < rounds; r++) {
              const t = process.hrtime.bigint();
              await each(i);
              into.push(ms(t));
            }
          }),
        );
        return ms(t0);
      };
      // The other way stations claim: all at one instant (a shift starting, a notice to pull), each
      // burst answered in full before the next after a pause, as people who then read the case.
      const burst = async (each: (i: number) => Promise<unknown>, into: number[], rounds: number) => {
        for (let r = 0; r < rounds; r++) {
          await Promise.all(
            stations.map(async (_, i) => {
              const t = process.hrtime.bigint();
              await each(i);
              into.push(ms(t));
            }),
          );
          await new Promise((resolve) => setTimeout(resolve, BURST_PAUSE_MS));
        }
      };
      const measured = async (onHub: boolean, run: () => Promise<number>) => {
        const pgPids = await backends(onHub);
        const hubPids = onHub && child?.proc.pid ? [child.proc.pid] : [];
        const [pg0, hub0, self0] = [cpuMs(pgPids), cpuMs(hubPids), process.cpuUsage()];
        const wall = await run();
        const self = process.cpuUsage(self0);
        const selfMs = (self.user + self.system) / 1000;
        if (onHub) {
          cpu.stations += selfMs;
          cpu.hub += cpuMs(hubPids) - hub0;
          cpu.hubPg += cpuMs(pgPids) - pg0;
        } else {
          cpu.client += selfMs;
          cpu.pg += cpuMs(pgPids) - pg0;
        }
        return wall;
      };
      for (let done = 0; done < CLAIM_ROUNDS; done += CLAIM_BLOCK) {
        const rounds = Math.min(CLAIM_BLOCK, CLAIM_ROUNDS - done);
        claimWall += await measured(true, () => timed((i) => claimOnce(stations[i]!.client, i), lat, rounds));
        baseWall += await measured(false, () => timed((i) => direct[i]!.query(bare), base, rounds));
        pooledWall += await timed(() => pooled.query(bare), pooledLat, rounds);
      }
      const burstLat: number[] = [];
      const burstBase: number[] = [];
      for (let done = 0; done < CLAIM_ROUNDS; done += CLAIM_BLOCK) {
        const rounds = Math.min(CLAIM_BLOCK, CLAIM_ROUNDS - done);
        await burst((i) => claimOnce(stations[i]!.client, i), burstLat, rounds);
        await burst((i) => direct[i]!.query(bare), burstBase, rounds);
      }
      await pooled.end();
      await Promise.all(direct.map((c) => c.end()));
      line(
        `claim.next, ${STATIONS} stations × ${CLAIM_ROUNDS} at once: p50 / p99`,
        `${pct(lat, 0.5).toFixed(1)} / ${pct(lat, 0.99).toFixed(1)} ms  (${((lat.length / claimWall) * 1000).toFixed(0)} claims/s)`,
      );
      line(
        `  baseline: the bare UPDATE … SKIP LOCKED, ${STATIONS} connections`,
        `${pct(base, 0.5).toFixed(1)} / ${pct(base, 0.99).toFixed(1)} ms  (${((base.length / baseWall) * 1000).toFixed(0)}/s)`,
      );
      line(
        `  the same, ${STATIONS} callers over a pool of ${POOL}`,
        `${pct(pooledLat, 0.5).toFixed(1)} / ${pct(pooledLat, 0.99).toFixed(1)} ms  (${((pooledLat.length / pooledWall) * 1000).toFixed(0)}/s)`,
      );
      line(
        `claim.next, ${STATIONS} stations at one instant × ${CLAIM_ROUNDS}: p50 / p99`,
        `${pct(burstLat, 0.5).toFixed(1)} / ${pct(burstLat, 0.99).toFixed(1)} ms`,
      );
      line(
        `  baseline: the bare UPDATE, ${STATIONS} connections at one instant`,
        `${pct(burstBase, 0.5).toFixed(1)} / ${pct(burstBase, 0.99).toFixed(1)} ms`,
      );
      if (existsSync('/proc/self/stat') && !IN_PROCESS) {
        const per = (total: number, n: number) => (total / n).toFixed(2);
        line(
          `  CPU per claim: stations / hub / its PostgreSQL`,
          `${per(cpu.stations, lat.length)} / ${per(cpu.hub, lat.length)} / ${per(cpu.hubPg, lat.length)} ms`,
        );
        line(
          `  CPU per bare statement: client / PostgreSQL`,
          `${per(cpu.client, base.length)} / ${per(cpu.pg, base.length)} ms`,
        );
      }
    }

    // 4. freeze propagation to every live station, for each station wait before pulling
    async function freezes() {
      // Each block's stations start at the current head (pulling 110,000 changes twenty times is
      // not this figure).
      const seen = new Map<number, number[]>(LIVE_DELAYS.map((d) => [d, []]));
      let f = 0;
      for (let done = 0; done < FREEZES; done += FREEZE_BLOCK)
        for (const delay of LIVE_DELAYS) {
          const engines = stations.map(
            (s) => new SyncEngine({ queue: s.queue, client: s.client, liveDelayMs: delay }),
          );
          for (const [i, s] of stations.entries()) {
            s.queue.applyPage([], await headNow());
            engines[i]!.start();
          }
          await new Promise((r) => setTimeout(r, 500));
          for (let n = 0; n < Math.min(FREEZE_BLOCK, FREEZES - done); n++) {
            const serial = `SN-FZ${f++}`;
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
                seen.get(delay)!.push(Date.now() - t);
              }),
            );
          }
          for (const e of engines) e.stop();
        }
      for (const [delay, xs] of seen)
        line(
          delay === 0
            ? `freeze seen by all ${STATIONS} live stations: p50 / p99`
            : `  the same, stations waiting 0–${delay} ms to pull`,
          `${pct(xs, 0.5)} / ${pct(xs, 0.99)} ms (${xs.length} observations)`,
        );
    }

    /** The newest change position, as a pull cursor. */
    async function headNow(): Promise<string> {
      const [row] = (
        await raw.query<{ cursor: string }>(
          "SELECT xid::text || ':' || seq::text AS cursor FROM hub_changes ORDER BY xid DESC, seq DESC LIMIT 1",
        )
      ).rows;
      return row?.cursor ?? '0:0';
    }
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
