/**
 * The station's sync engine against a real hub (PostgreSQL): the two failures users of sync
 * engines report most — a queue wedged behind one refused write, and writes lost or doubled after
 * a round that failed once the hub had committed — and a queue that survives a restart.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { SyncEngine } from '../../../electron/services/sync/engine';
import { createHubClient, HubUnavailable, type HubClient } from '../../../electron/services/sync/hub-client';
import { SyncQueue } from '../../../electron/services/sync/queue';
import {
  inDays,
  startHubOnFreshDatabase,
  type HubOnFreshDatabase,
  type TestHub,
  type TestStation,
} from './harness';

let fresh: HubOnFreshDatabase;
let t: TestHub;
let a: TestStation;

beforeAll(async () => {
  fresh = await startHubOnFreshDatabase('postgres', {
    operators: [
      ['kiosk', 'warehouse'],
      ['wang', 'reviewer'],
      ['sun', 'support'],
    ],
  });
  t = fresh.t;
  [a] = await t.stations('Counter A');
});
afterAll(() => fresh?.dispose());

const submit = (caseId: string) => ({
  kind: 'application.submit',
  operator: 'kiosk',
  payload: { caseId, phone: '13900139000', slaDue: inDays(2) },
});

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const rows = await t.db.query<{ n: number }>(sql, params);
  return rows[0]!.n;
}

it('a queue with one refused write in the middle still drains; the refused one waits for its author', async () => {
  a.queue.enqueue(submit('Q-1'));
  a.queue.enqueue(submit('Q-2'));
  const bad = a.queue.enqueue({ kind: 'claim.take', operator: 'wang', payload: { caseId: 'Q-404' } });
  a.queue.enqueue(submit('Q-3'));
  a.queue.enqueue({ kind: 'device.freeze', operator: 'sun', payload: { serial: 'SN-Q1', reason: 'lost' } });

  const refused: string[] = [];
  a.engine.on('refused', (m) => refused.push(m.id));
  const round = await a.engine.syncNow();
  expect(round).toMatchObject({ pushed: 5, accepted: 4, refused: 1 });
  expect(a.engine.status()).toMatchObject({ pending: 0, attention: 1, online: true });
  expect(refused).toEqual([bad.id]);
  expect(await count("SELECT count(*)::int AS n FROM hub_cases WHERE case_id IN ('Q-1','Q-2','Q-3')")).toBe(
    3,
  );
  expect(a.queue.mirror('device', 'SN-Q1')).toMatchObject({ status: 'frozen' });

  const [attention] = a.queue.attention();
  expect(attention).toMatchObject({ id: bad.id, code: 'CASE_UNKNOWN' });
  expect(attention!.messageZh).toContain('Q-404');

  // Another round does not resend it; it stays until its author acts.
  await a.engine.syncNow();
  expect(a.queue.attention()).toHaveLength(1);

  // The author fixes the cause and retries: a new mutation, accepted.
  a.queue.enqueue(submit('Q-404'));
  const again = a.engine.retry(bad.id);
  await a.engine.syncNow();
  expect(a.queue.get(again.id)).toMatchObject({ state: 'accepted', result: { caseId: 'Q-404', token: 1 } });
  expect(a.queue.get(bad.id)).toMatchObject({ state: 'discarded' });
  expect(a.engine.status().attention).toBe(0);
});

it('discard takes a refused mutation off the attention list and never sends it', async () => {
  const bad = a.queue.enqueue({
    kind: 'device.revoke',
    operator: 'sun',
    payload: { serial: 'SN-Q2', reason: 'x' },
  });
  await a.engine.syncNow();
  expect(a.queue.get(bad.id)).toMatchObject({ state: 'refused', code: 'ROLE_FORBIDDEN' });
  a.engine.discard(bad.id);
  expect(a.engine.status().attention).toBe(0);
  expect(() => a.engine.discard(bad.id)).toThrow(/not in the attention list/);
});

/** The real client, except that each answer is lost on its way back (the hub has committed). */
function losingAnswers(real: HubClient): HubClient & { lost: number } {
  const c = {
    lost: 0,
    get: async <T>(path: string): Promise<T> => {
      await real.get<T>(path);
      c.lost++;
      throw new HubUnavailable('answer cut off');
    },
    post: async <T>(path: string, body: unknown): Promise<T> => {
      await real.post<T>(path, body);
      c.lost++;
      throw new HubUnavailable('answer cut off');
    },
    events: real.events.bind(real),
    close: () => undefined,
  };
  return c;
}

it('a round cut after the hub committed loses nothing and applies nothing twice', async () => {
  const dir = join(a.dir, 'cut');
  mkdirSync(dir);
  const queue = new SyncQueue(join(dir, 'sync.sqlite'));
  const lossy = losingAnswers(a.client);
  const cutEngine = new SyncEngine({ queue, client: lossy, random: () => 0 });
  const ids = [
    queue.enqueue(submit('CUT-1')).id,
    queue.enqueue({ kind: 'claim.take', operator: 'wang', payload: { caseId: 'CUT-1' } }).id,
    queue.enqueue({ kind: 'device.freeze', operator: 'sun', payload: { serial: 'SN-CUT', reason: 'lost' } })
      .id,
  ];
  await expect(cutEngine.syncNow()).rejects.toBeInstanceOf(HubUnavailable);
  expect(lossy.lost).toBe(1);
  // The hub applied the batch, the station does not know: everything is still pending here.
  expect(await count("SELECT count(*)::int AS n FROM hub_cases WHERE case_id = 'CUT-1'")).toBe(1);
  expect(queue.counts()).toEqual({ pending: 3, attention: 0 });
  expect(cutEngine.status()).toMatchObject({ online: false, pending: 3 });
  queue.close();

  // Restart (the queue file reopened), the link healed: the same ids go again.
  const reopened = new SyncQueue(join(dir, 'sync.sqlite'));
  const healed = new SyncEngine({ queue: reopened, client: a.client, random: () => 0 });
  const round = await healed.syncNow();
  expect(round).toMatchObject({ pushed: 3, accepted: 3, refused: 0 });
  // The claim's answer is the stored one: token 1, not a second grant.
  expect(reopened.get(ids[1]!)).toMatchObject({ state: 'accepted', result: { token: 1 } });
  expect(await count("SELECT fence_token AS n FROM hub_cases WHERE case_id = 'CUT-1'")).toBe(1);
  expect(await count("SELECT count(*)::int AS n FROM hub_claims WHERE case_id = 'CUT-1'")).toBe(1);
  expect(
    await count(
      'SELECT count(*)::int AS n FROM hub_mutations WHERE station_id = $1 AND mutation_id = ANY($2::uuid[])',
      [a.identity.stationId, ids],
    ),
  ).toBe(3);
  expect(reopened.mirror('case', 'CUT-1')).toMatchObject({ holder: 'wang', token: 1 });
  reopened.close();
});

it('a pull whose answer is lost does not move the cursor; the next pull gets the same changes', async () => {
  const dir = join(a.dir, 'pull-cut');
  mkdirSync(dir);
  const queue = new SyncQueue(join(dir, 'sync.sqlite'));
  const lossy = losingAnswers(a.client);
  await expect(new SyncEngine({ queue, client: lossy }).syncNow()).rejects.toBeInstanceOf(HubUnavailable);
  expect(queue.cursor()).toBe('0:0');
  const round = await new SyncEngine({ queue, client: a.client }).syncNow();
  expect(round.pulled).toBeGreaterThan(0);
  expect(queue.mirror('device', 'SN-Q1')).toMatchObject({ status: 'frozen' });
  queue.close();
});

it('an unreachable hub leaves mutations pending and reports offline; they go when it is back', async () => {
  const dir = join(a.dir, 'offline');
  mkdirSync(dir);
  const queue = new SyncQueue(join(dir, 'sync.sqlite'));
  const nowhere = createHubClient({ ...a.identity, hubUrl: 'https://127.0.0.1:9' }, 2000);
  const offline = new SyncEngine({ queue, client: nowhere });
  const m = queue.enqueue(submit('OFF-1'));
  await expect(offline.syncNow()).rejects.toBeInstanceOf(HubUnavailable);
  expect(offline.status()).toMatchObject({ online: false, pending: 1 });
  nowhere.close();
  await new SyncEngine({ queue, client: a.client }).syncNow();
  expect(queue.get(m.id)).toMatchObject({ state: 'accepted' });
  queue.close();
});

it('the live channel tells another station to pull: a claim shows as held there within a second', async () => {
  const b = await t.station('Counter B');
  await b.engine.syncNow();
  a.queue.enqueue(submit('LIVE-1'));
  await a.engine.syncNow();
  b.engine.start();
  try {
    await b.engine.syncNow();
    await new Promise((r) => setTimeout(r, 300)); // the event stream is open
    const started = Date.now();
    a.queue.enqueue({ kind: 'claim.take', operator: 'wang', payload: { caseId: 'LIVE-1' } });
    await a.engine.syncNow();
    const committed = Date.now();
    while (b.queue.mirror<{ holder: string | null }>('case', 'LIVE-1')?.holder !== 'wang') {
      if (Date.now() - started > 5000) throw new Error('station B never saw the claim');
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(Date.now() - committed).toBeLessThan(1000);
  } finally {
    b.engine.stop();
  }
});

it('a batch the database cannot decide now is answered retry, nothing of it kept; resent, it applies once', async () => {
  a.queue.enqueue(submit('RT-LOCKED'));
  await a.engine.syncNow();
  const blocker = new pg.Client({ connectionString: fresh.tdb.url! });
  await blocker.connect();
  try {
    await blocker.query('BEGIN');
    await blocker.query("SELECT 1 FROM hub_cases WHERE case_id = 'RT-LOCKED' FOR UPDATE");
    const fresh = a.queue.enqueue(submit('RT-NEW'));
    const take = a.queue.enqueue({ kind: 'claim.take', operator: 'wang', payload: { caseId: 'RT-LOCKED' } });
    await a.engine.syncNow(); // waits out the hub's 5 s lock timeout
    expect(a.queue.get(fresh.id)!.state).toBe('pending');
    expect(a.queue.get(take.id)!.state).toBe('pending');
    expect(await count("SELECT count(*)::int AS n FROM hub_cases WHERE case_id = 'RT-NEW'")).toBe(0);
    await blocker.query('ROLLBACK');
    await a.engine.syncNow();
    expect(a.queue.get(fresh.id)!.state).toBe('accepted');
    expect(a.queue.get(take.id)).toMatchObject({ state: 'accepted', result: { token: 1 } });
  } finally {
    await blocker.end();
  }
});
