/**
 * Sign-in lockout at the hub (docs/sync.md §10.1): repeated failures lock one operator, wherever
 * they are tried, for a time that doubles; an unknown name is answered exactly like a known one;
 * an admin lifts it; every step audited. On both databases, and on PostgreSQL with two hub
 * processes' worth of servers (separate connection pools) counting into the same row.
 */
import { startHub, type RunningHub } from '../../../server/app';
import { setOperatorPassword } from '../../../server/admin';
import { openHubDb, type HubDb } from '../../../server/db/db';
import { HUB_CHAIN } from '../../../server/db/schema';
import { logAdapter } from '../../../server/outbox/adapters';
import { unlockOperator } from '../../../server/signin';
import {
  createHubClient,
  HubRefusedRequest,
  type HubClient,
} from '../../../electron/services/sync/hub-client';
import { join } from 'node:path';
import {
  ENGINES,
  startHubOnFreshDatabase,
  type HubOnFreshDatabase,
  type TestHub,
  type TestStation,
} from './harness';

interface Refused {
  status: number;
  code: string;
  message: string;
  messageZh?: unknown;
  lockedUntil?: unknown;
}

const attempt = (client: HubClient, username: string, password: string): Promise<Refused | 'ok'> =>
  client.post('/v1/signin', { username, password }).then(
    () => 'ok' as const,
    (e: unknown) => {
      if (!(e instanceof HubRefusedRequest)) throw e;
      return {
        status: e.status,
        code: e.code,
        message: e.message,
        messageZh: e.body.messageZh,
        lockedUntil: e.body.lockedUntil,
      };
    },
  );

/** Minutes from the hub clock now to the lockout's end. */
async function minutesLeft(db: HubDb, username: string): Promise<number> {
  const [row] = await db.query<{ m: number }>(
    `SELECT extract(epoch FROM locked_until - now())::float8 / 60 AS m FROM hub_signin_lockouts WHERE username = $1`,
    [username],
  );
  return row!.m;
}

describe.each(ENGINES)('sign-in lockout on %s', (engine) => {
  let fresh: HubOnFreshDatabase;
  let t: TestHub;
  let a: TestStation;
  let b: TestStation;

  beforeAll(async () => {
    const names = ['wang', 'li', 'zhou'];
    fresh = await startHubOnFreshDatabase(engine, {
      hub: { outboxIntervalMs: 3_600_000 },
      operators: names.map((name) => [name, 'reviewer', `right password ${name}`] as const),
    });
    t = fresh.t;
    [a, b] = await t.stations('Counter A', 'Counter B');
  }, 60_000);
  afterAll(() => fresh?.dispose());

  it('five failures at any stations lock the operator for 15 minutes, with the reason and until when', async () => {
    const answers: (Refused | 'ok')[] = [];
    for (let i = 0; i < 5; i++)
      answers.push(await attempt(i % 2 === 0 ? a.client : b.client, 'wang', 'guess'));
    expect(answers.slice(0, 4).map((r) => (r === 'ok' ? r : r.code))).toEqual(Array(4).fill('SIGNIN_FAILED'));
    const locked = answers[4] as Refused;
    expect(locked).toMatchObject({ status: 423, code: 'SIGNIN_LOCKED' });
    expect(locked.message).toMatch(/locked until \d{4}-\d\d-\d\d \d\d:\d\d \(Shanghai time\)/);
    expect(locked.messageZh).toMatch(/已锁定至北京时间 \d{4}-\d\d-\d\d \d\d:\d\d/);
    expect(await minutesLeft(t.db, 'wang')).toBeGreaterThan(14.9);
    expect(await minutesLeft(t.db, 'wang')).toBeLessThanOrEqual(15);
    expect(Date.parse(String(locked.lockedUntil))).toBeGreaterThan(Date.now() + 14 * 60_000);

    // The right password is refused while locked, at either station; the lockout does not grow.
    expect(await attempt(b.client, 'wang', 'right password wang')).toMatchObject({ code: 'SIGNIN_LOCKED' });
    expect(await attempt(a.client, 'wang', 'guess')).toMatchObject({ code: 'SIGNIN_LOCKED' });
    expect(await minutesLeft(t.db, 'wang')).toBeLessThanOrEqual(15);
    // Another operator is not touched.
    expect(await attempt(a.client, 'li', 'right password li')).toBe('ok');
  });

  it('a further lockout in a row lasts twice as long; a success in between starts again', async () => {
    // The first lockout runs out (hub clock).
    await t.db.query(
      "UPDATE hub_signin_lockouts SET locked_until = now() - interval '1 second' WHERE username = 'wang'",
    );
    for (let i = 0; i < 4; i++)
      expect(await attempt(a.client, 'wang', 'guess')).toMatchObject({ code: 'SIGNIN_FAILED' });
    expect(await attempt(a.client, 'wang', 'guess')).toMatchObject({ code: 'SIGNIN_LOCKED' });
    expect(await minutesLeft(t.db, 'wang')).toBeGreaterThan(29.9);
    expect(await minutesLeft(t.db, 'wang')).toBeLessThanOrEqual(30);

    // zhou: four failures, a success, four more — never locked.
    for (const round of [1, 2]) {
      for (let i = 0; i < 4; i++)
        expect(await attempt(b.client, 'zhou', `wrong ${round}`)).toMatchObject({ code: 'SIGNIN_FAILED' });
      expect(await attempt(b.client, 'zhou', 'right password zhou')).toBe('ok');
    }
  });

  it('an unknown name is answered exactly like a known one, lockout included', async () => {
    const known: (Refused | 'ok')[] = [];
    const unknown: (Refused | 'ok')[] = [];
    for (let i = 0; i < 6; i++) {
      known.push(await attempt(a.client, 'li', 'guess'));
      unknown.push(await attempt(a.client, 'nobody', 'guess'));
    }
    const shape = (r: Refused | 'ok') =>
      r === 'ok'
        ? r
        : {
            status: r.status,
            code: r.code,
            words: r.message.replace(/"[^"]+"/, 'NAME').replace(/\d\d:\d\d/, 'HH:MM'),
          };
    expect(unknown.map(shape)).toEqual(known.map(shape));
    expect(unknown.map((r) => (r === 'ok' ? r : r.code))).toEqual([
      ...Array(4).fill('SIGNIN_FAILED'),
      'SIGNIN_LOCKED',
      'SIGNIN_LOCKED',
    ]);
  });

  it('an admin lifts a lockout; lockouts and the lift are audited', async () => {
    expect(await unlockOperator(t.db, 'wang')).toBe(true);
    expect(await attempt(a.client, 'wang', 'right password wang')).toBe('ok');
    expect(await unlockOperator(t.db, 'wang')).toBe(false);
    await expect(unlockOperator(t.db, 'never-tried')).rejects.toThrow(/never-tried/);

    const lifted = await t.db.query<{ actor: string; details: string }>(
      "SELECT actor, details FROM hub_audit WHERE chain = $1 AND action = 'operator.unlock' AND subject = 'wang' ORDER BY seq",
      [HUB_CHAIN],
    );
    expect(lifted.map((r) => [r.actor, JSON.parse(r.details)])).toEqual([
      ['hub-cli', { wasLocked: true }],
      ['hub-cli', { wasLocked: false }],
    ]);
    const locks = await t.db.query<{ chain: string; details: string }>(
      "SELECT chain::text AS chain, details FROM hub_audit WHERE action = 'operator.signin_locked' AND subject = 'wang' ORDER BY at, seq",
    );
    expect(locks.map((r) => JSON.parse(r.details).minutes)).toEqual([15, 30]);
    // Recorded in the chain of the station where the lockout happened.
    expect(locks.map((r) => r.chain)).toEqual([a.identity.stationId, a.identity.stationId]);
  });
});

describe('sign-in lockout across two hub processes on one PostgreSQL', () => {
  let fresh: HubOnFreshDatabase;
  let t: TestHub;
  let otherDb: HubDb;
  let other: RunningHub;

  beforeAll(async () => {
    fresh = await startHubOnFreshDatabase('postgres', { operators: [['wang', 'reviewer']] });
    t = fresh.t;
    // A second hub: its own connection pool and server, the same database and CA.
    otherDb = await openHubDb({ url: fresh.tdb.url! });
    other = await startHub({
      db: otherDb,
      pki: t.pki,
      config: { leaseSeconds: 600, builtInRoots: [] },
      adapter: logAdapter(join(t.dir, 'sms-2.log')),
      requestsPerSecond: 1000,
    });
    await setOperatorPassword(t.db, 'wang', 'right password wang');
  }, 60_000);
  afterAll(async () => {
    await other?.close();
    await otherDb?.close();
    await fresh?.dispose();
  });

  it('failures through either hub count together, also when sent at the same moment', async () => {
    const s = await t.station('Counter A');
    const viaOther = createHubClient({ ...s.identity, hubUrl: other.url });
    try {
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          attempt(i % 2 === 0 ? s.client : viaOther, 'wang', `guess ${i}`),
        ),
      );
      const codes = answers.map((r) => (r === 'ok' ? r : r.code));
      // Exactly four plain failures, whichever hub answered: the fifth locked it for everyone.
      expect(codes.filter((c) => c === 'SIGNIN_FAILED')).toHaveLength(4);
      expect(codes.filter((c) => c === 'SIGNIN_LOCKED')).toHaveLength(6);
      expect(await attempt(viaOther, 'wang', 'right password wang')).toMatchObject({ code: 'SIGNIN_LOCKED' });
      const [row] = await t.db.query<{ lockouts: number }>(
        "SELECT lockouts FROM hub_signin_lockouts WHERE username = 'wang'",
      );
      expect(row!.lockouts).toBe(1);
    } finally {
      viaOther.close();
    }
  });
});
