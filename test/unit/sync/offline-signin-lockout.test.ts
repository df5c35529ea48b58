/**
 * Offline sign-in at an enrolled station locks a name by the hub's rule (docs/sync.md §10.1): the
 * cached verifier decides while the hub cannot be reached, and 5 failures — wrong passwords, or a
 * name never cached here, alike — lock the name; the right password is then refused until the end,
 * in words naming it in Shanghai time. Kept in the station store: a restart does not forget it, a
 * clock set back does not shorten it. Every refusal is a record in the station's audit chain.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import { createOfflineLockout } from '../../../electron/services/accounts/offline-lockout';
import { createAccounts } from '../../../electron/services/accounts/accounts';
import { HubUnavailable, type HubClient } from '../../../electron/services/sync/hub-client';
import { OperatorSignIn, SignInRefused } from '../../../electron/services/sync/operator-signin';
import { SyncQueue } from '../../../electron/services/sync/queue';
import { openDatabase, type Db } from '../../../electron/store/database';

const FAST = { logN: 10, r: 8, p: 1 };
const MINUTE = 60_000;
// 23:50 in Shanghai: a 15-minute lock ends on the next day.
const T0 = Date.parse('2026-12-03T15:50:00Z');

let dir: string;
let db: Db;
let queue: SyncQueue;
let signIns: OperatorSignIn;
let hubUp: boolean;
const clock = { at: T0, now: () => clock.at };

/** A hub that knows one operator, wang, while it is up; a cut link otherwise. */
const hub: HubClient = {
  async post<T>(_path: string, body: unknown): Promise<T> {
    if (!hubUp) throw new HubUnavailable('link cut');
    const { username, password } = body as { username: string; password: string };
    if (username !== 'wang' || password !== 'wang-right-pass') throw new Error('unexpected online attempt');
    return { operator: { username: 'wang', displayName: 'Wang', role: 'reviewer' } } as T;
  },
  get: () => Promise.reject(new Error('not used')),
  events: () => () => undefined,
  close: () => undefined,
};

function open(): void {
  db = openDatabase({ file: join(dir, 'station.sqlite') });
  queue = new SyncQueue(join(dir, 'sync.sqlite'));
  const audit = createAuditLog(db, clock);
  signIns = new OperatorSignIn({
    queue,
    client: hub,
    now: clock.now,
    scrypt: FAST,
    lockout: createOfflineLockout(db, audit),
  });
}

function close(): void {
  queue.close();
  db.close();
}

async function refusal(username: string, password: string): Promise<SignInRefused> {
  const error = await signIns.signIn(username, password).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof SignInRefused)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

const audited = (action: string) =>
  db
    .prepare('SELECT subject, details FROM audit_log WHERE action = ? ORDER BY seq')
    .all(action)
    .map((r) => {
      const row = r as { subject: string | null; details: string };
      return { subject: row.subject, details: JSON.parse(row.details) as Record<string, unknown> };
    });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'offline-lockout-'));
  clock.at = T0;
  hubUp = true;
  open();
  // wang signs in online once: the station caches a verifier.
  await signIns.signIn('wang', 'wang-right-pass');
  hubUp = false;
});
afterEach(() => {
  close();
  rmSync(dir, { recursive: true, force: true });
});

describe('offline sign-in lockout', () => {
  it('five wrong passwords lock the name; the right one is refused until the end, named in Shanghai time', async () => {
    for (let i = 1; i <= 4; i++) expect((await refusal('wang', `wrong-${i}`)).code).toBe('SIGNIN_FAILED');
    const fifth = await refusal('wang', 'wrong-5');
    expect(fifth).toMatchObject({ code: 'SIGNIN_LOCKED', lockedBy: 'offline' });
    expect(fifth.lockedUntil).toBe(new Date(T0 + 15 * MINUTE).toISOString());
    expect(fifth.message).toContain('2026-12-04 00:05');
    expect(fifth.messageZh).toContain('北京时间 2026-12-04 00:05');

    clock.at = T0 + 15 * MINUTE - 1_000;
    expect(await refusal('wang', 'wang-right-pass')).toMatchObject({
      code: 'SIGNIN_LOCKED',
      lockedBy: 'offline',
    });
    clock.at = T0 + 15 * MINUTE;
    expect(await signIns.signIn('wang', 'wang-right-pass')).toMatchObject({ checkedBy: 'offline' });

    // Every step is in the station's chain, which the hub receives at the next sync.
    expect(audited('session.sign_in_failed')).toHaveLength(5);
    expect(audited('session.sign_in_failed')[0]).toEqual({
      subject: 'operator:wang',
      details: { reason: 'bad_credentials', checkedBy: 'offline' },
    });
    expect(audited('session.sign_in_locked')).toEqual([
      {
        subject: 'operator:wang',
        details: { checkedBy: 'offline', lockouts: 1, minutes: 15, until: '2026-12-04T00:05:00.000+08:00' },
      },
    ]);
    expect(audited('session.sign_in_refused')).toEqual([
      {
        subject: 'operator:wang',
        details: { reason: 'offline_locked', checkedBy: 'offline', until: '2026-12-04T00:05:00.000+08:00' },
      },
    ]);
  });

  it('a restart does not forget a lock, nor the failures before one', async () => {
    for (let i = 1; i <= 3; i++) await refusal('wang', `wrong-${i}`);
    close();
    open();
    await refusal('wang', 'wrong-4');
    expect((await refusal('wang', 'wrong-5')).code).toBe('SIGNIN_LOCKED');
    close();
    open();
    expect((await refusal('wang', 'wang-right-pass')).code).toBe('SIGNIN_LOCKED');
  });

  it('a clock set back does not shorten the lock', async () => {
    for (let i = 1; i <= 5; i++) await refusal('wang', `wrong-${i}`);
    for (const back of [MINUTE, 60 * MINUTE, 30 * 24 * 60 * MINUTE]) {
      clock.at = T0 - back;
      const locked = await refusal('wang', 'wang-right-pass');
      expect(locked.code).toBe('SIGNIN_LOCKED');
      // Its end stays where it was: the clock moved, the lock did not.
      expect(locked.lockedUntil).toBe(new Date(T0 + 15 * MINUTE).toISOString());
    }
  });

  it('each lockout in a row lasts twice as long; attempts while locked do not lengthen it', async () => {
    for (let i = 1; i <= 5; i++) await refusal('wang', `wrong-${i}`);
    // Hammering while locked changes nothing.
    for (let i = 0; i < 10; i++) await refusal('wang', 'while-locked');
    clock.at = T0 + 15 * MINUTE;
    for (let i = 1; i <= 4; i++) expect((await refusal('wang', `again-${i}`)).code).toBe('SIGNIN_FAILED');
    const second = await refusal('wang', 'again-5');
    expect(second.lockedUntil).toBe(new Date(clock.at + 30 * MINUTE).toISOString());
    expect(audited('session.sign_in_locked').map((r) => r.details.minutes)).toEqual([15, 30]);
  });

  it('a right password (offline, or at the hub) starts the count again', async () => {
    for (let i = 1; i <= 4; i++) await refusal('wang', `wrong-${i}`);
    await signIns.signIn('wang', 'wang-right-pass');
    for (let i = 1; i <= 4; i++) expect((await refusal('wang', `wrong-${i}`)).code).toBe('SIGNIN_FAILED');
    hubUp = true;
    await signIns.signIn('wang', 'wang-right-pass');
    hubUp = false;
    for (let i = 1; i <= 4; i++) expect((await refusal('wang', `wrong-${i}`)).code).toBe('SIGNIN_FAILED');
    expect((await refusal('wang', 'wrong-5')).code).toBe('SIGNIN_LOCKED');
  });

  it('a name never cached here is counted and locked alike, and not written into the audit', async () => {
    for (let i = 1; i <= 4; i++)
      expect((await refusal('hunter2-typed-as-name', 'x')).code).toBe('OFFLINE_SIGNIN_UNKNOWN');
    const fifth = await refusal('hunter2-typed-as-name', 'x');
    expect(fifth).toMatchObject({ code: 'SIGNIN_LOCKED', lockedBy: 'offline' });
    expect(fifth.lockedUntil).toBe(new Date(T0 + 15 * MINUTE).toISOString());
    expect(await refusal('hunter2-typed-as-name', 'x')).toMatchObject({ code: 'SIGNIN_LOCKED' });
    const chain = JSON.stringify(db.prepare('SELECT * FROM audit_log').all());
    expect(chain).not.toContain('hunter2');
    expect(audited('session.sign_in_failed').map((r) => r.details.reason)).toEqual(
      Array(5).fill('offline_unknown'),
    );
    // wang, a different name, is not touched by it.
    expect(await signIns.signIn('wang', 'wang-right-pass')).toMatchObject({ checkedBy: 'offline' });
  });

  it("an admin's unlock at the station lifts an offline lock", async () => {
    const audit = createAuditLog(db, clock);
    const accounts = createAccounts(db, audit, clock, { scrypt: FAST });
    await accounts.signInCheckedByHub({
      username: 'wang',
      displayName: 'Wang',
      role: 'reviewer',
      checkedBy: 'hub',
    });
    for (let i = 1; i <= 5; i++) await refusal('wang', `wrong-${i}`);
    accounts.unlockUser('wang', 'admin');
    expect(audited('operator.unlocked').at(-1)!.details).toMatchObject({ offlineLockoutCleared: true });
    expect(await signIns.signIn('wang', 'wang-right-pass')).toMatchObject({ checkedBy: 'offline' });
  });
});
