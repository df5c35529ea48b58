/**
 * Two hub processes on one PostgreSQL (the hub keeps no deciding state of its own): claims race
 * across them with exactly one winner, a change made through one reaches a station listening on
 * the other within a second, and a hub killed with SIGKILL loses nothing its stations were told.
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { createHubClient, HubUnavailable } from '../../../electron/services/sync/hub-client';
import { SyncEngine } from '../../../electron/services/sync/engine';
import { SyncQueue } from '../../../electron/services/sync/queue';
import {
  inDays,
  startHubOnFreshDatabase,
  type HubOnFreshDatabase,
  type TestDatabase,
  type TestHub,
} from './harness';
import { spawnHubServe } from './hub-serve-process';

let fresh: HubOnFreshDatabase;
let tdb: TestDatabase;
let t: TestHub;
const hubs: ChildProcess[] = [];

/** `pos-station hub serve` as its own process, sharing the test hub's directory (CA) and database. */
async function spawnHub(): Promise<{ url: string; proc: ChildProcess }> {
  const { url, proc } = await spawnHubServe({ dir: t.dir, databaseUrl: tdb.url! }, { timeoutMs: 60_000 });
  hubs.push(proc);
  return { url, proc };
}

beforeAll(async () => {
  // Makes the CA in t.dir; its in-process server is not used below.
  fresh = await startHubOnFreshDatabase('postgres', {
    operators: [
      ...Array.from({ length: 10 }, (_, i) => [`r${i}`, 'reviewer'] as const),
      ['kiosk', 'warehouse'],
    ],
  });
  ({ tdb, t } = fresh);
});
afterAll(async () => {
  for (const h of hubs) h.kill('SIGKILL');
  await fresh?.dispose();
});

it('two hub processes: one claim winner, live changes across them, SIGKILL loses nothing', async () => {
  const [one, two] = await Promise.all([spawnHub(), spawnHub()]);
  const a = await t.station('Counter A', { hubUrl: one.url });
  const b = await t.station('Counter B', { hubUrl: two.url });

  await a.client.post('/v1/push', {
    mutations: [
      {
        id: crypto.randomUUID(),
        kind: 'application.submit',
        operator: 'kiosk',
        payload: { caseId: 'TWO-1', phone: '13700137000', slaDue: inDays(1) },
      },
    ],
  });

  // Ten reviewers on two stations, through two hub processes, all take one case at once.
  const answers = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      (i % 2 ? a : b).client.post<{ results: { status: string; code?: string }[] }>('/v1/push', {
        mutations: [
          { id: crypto.randomUUID(), kind: 'claim.take', operator: `r${i}`, payload: { caseId: 'TWO-1' } },
        ],
      }),
    ),
  );
  const results = answers.map((x) => x.results[0]!);
  expect(results.filter((r) => r.status === 'accepted')).toHaveLength(1);
  expect(results.filter((r) => r.code === 'CLAIM_HELD')).toHaveLength(9);

  // A station listening on hub two sees a change made through hub one within a second.
  b.engine.start();
  await b.engine.syncNow();
  await new Promise((r) => setTimeout(r, 300));
  const committed = Date.now();
  await a.client.post('/v1/push', {
    mutations: [
      {
        id: crypto.randomUUID(),
        kind: 'application.submit',
        operator: 'kiosk',
        payload: { caseId: 'TWO-2', phone: '13700137000', slaDue: inDays(1) },
      },
    ],
  });
  while (!b.queue.mirror('case', 'TWO-2')) {
    if (Date.now() - committed > 5000) throw new Error('station B never heard of TWO-2');
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(Date.now() - committed).toBeLessThan(1000);
  b.engine.stop();

  // Hub one dies mid-push, deterministically: the first transaction (50 submissions) commits, the
  // second waits on a case row a test client holds locked; then SIGKILL. Station A's queue moves to
  // hub two: nothing lost, nothing doubled, the committed half answered from what the hub stored.
  const queue = new SyncQueue(join(a.dir, 'failover.sqlite'));
  const submit = (i: number) =>
    queue.enqueue({
      kind: 'application.submit',
      operator: 'kiosk',
      payload: { caseId: `KILL-${i}`, phone: '13700137000', slaDue: inDays(1) },
    }).id;
  const ids = Array.from({ length: 50 }, (_, i) => submit(i));
  const blocked = queue.enqueue({ kind: 'claim.take', operator: 'r0', payload: { caseId: 'TWO-1' } }).id;
  ids.push(...Array.from({ length: 10 }, (_, i) => submit(50 + i)));
  const blocker = new pg.Client({ connectionString: tdb.url! });
  await blocker.connect();
  await blocker.query('BEGIN');
  await blocker.query("SELECT 1 FROM hub_cases WHERE case_id = 'TWO-1' FOR UPDATE");
  const pushing = new SyncEngine({ queue, client: a.client }).syncNow().catch((error: unknown) => error);
  const killed = async () => {
    for (;;) {
      const [row] = await tdb.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM hub_cases WHERE case_id LIKE 'KILL-%'",
      );
      if (row!.n === 50) return;
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  await killed();
  one.proc.kill('SIGKILL');
  expect(await pushing).toBeInstanceOf(HubUnavailable);
  expect(queue.counts()).toEqual({ pending: 61, attention: 0 });
  await blocker.query('ROLLBACK');
  await blocker.end();

  const viaTwo = createHubClient({ ...a.identity, hubUrl: two.url });
  await new SyncEngine({ queue, client: viaTwo }).syncNow();
  expect(queue.counts()).toEqual({ pending: 0, attention: 1 });
  expect(ids.map((id) => queue.get(id)!.state)).toEqual(ids.map(() => 'accepted'));
  expect(queue.get(blocked)).toMatchObject({ state: 'refused', code: 'CLAIM_HELD' });
  const [row] = await tdb.db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM hub_cases WHERE case_id LIKE 'KILL-%'",
  );
  expect(row!.n).toBe(60);
  viaTwo.close();
  queue.close();
});
