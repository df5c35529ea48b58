import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/store/database';
import { createAuditLog, type AuditLog } from '../../../electron/services/audit/audit-log';
import { createAccounts, type Accounts } from '../../../electron/services/accounts/accounts';
import { AccountError } from '../../../electron/services/accounts/errors';
import { hashPassword } from '../../../electron/services/accounts/password-hash';
import { fakeClock, openTestStore, type FakeClock } from '../audit/fixtures';

const FAST = { logN: 10, r: 8, p: 1 };
const MINUTE = 60_000;

let db: Db;
let clock: FakeClock;
let audit: AuditLog;
let accounts: Accounts;
/** Every secret a test used, to prove none reached the audit log. */
let secrets: string[];

async function signedIn(username: string, password: string): Promise<string> {
  const result = await accounts.signIn(username, password);
  if (!result.ok) throw new Error(`sign-in failed: ${result.reason}`);
  secrets.push(result.sessionToken);
  return result.sessionToken;
}

async function addReviewer(username = 'alice', password = 'reviewer-pass-1'): Promise<string> {
  secrets.push(password);
  await accounts.addUser(
    { username, displayName: 'Alice Zhang', role: 'reviewer', password, mustChangePassword: false },
    'admin',
  );
  return password;
}

async function expectAccountError(promise: Promise<unknown> | (() => unknown), code: string, field?: string) {
  const error = await (async () => {
    try {
      await (typeof promise === 'function' ? promise() : promise);
    } catch (e) {
      return e;
    }
    return null;
  })();
  expect(error).toBeInstanceOf(AccountError);
  expect((error as AccountError).code).toBe(code);
  if (field !== undefined) expect((error as AccountError).field).toBe(field);
}

beforeEach(() => {
  db = openTestStore();
  clock = fakeClock();
  audit = createAuditLog(db, clock);
  accounts = createAccounts(db, audit, clock, { scrypt: FAST });
  secrets = [];
});

afterEach(() => {
  // Whatever a test did, the chain is intact and holds no password or token.
  expect(audit.verify()).toMatchObject({ ok: true });
  const everything = JSON.stringify(db.prepare('SELECT * FROM audit_log').all());
  for (const secret of secrets) expect(everything).not.toContain(secret);
  const stored =
    JSON.stringify(db.prepare('SELECT * FROM operators').all()) +
    JSON.stringify(db.prepare('SELECT * FROM sessions').all());
  for (const secret of secrets) expect(stored).not.toContain(secret);
  db.close();
});

describe('first start', () => {
  it('creates admin once, with a one-time password that must be changed', async () => {
    const first = await accounts.ensureInitialAdmin();
    expect(first).not.toBeNull();
    expect(first!.username).toBe('admin');
    secrets.push(first!.oneTimePassword);
    expect(await accounts.ensureInitialAdmin()).toBeNull();
    expect(accounts.listUsers()).toMatchObject([
      { username: 'admin', role: 'admin', mustChangePassword: true },
    ]);

    const signIn = await accounts.signIn('admin', first!.oneTimePassword);
    expect(signIn).toMatchObject({
      ok: true,
      mustChangePassword: true,
      operator: { username: 'admin', role: 'admin' },
    });
    const limited = signIn.ok ? signIn.sessionToken : '';
    secrets.push(limited);
    expect(accounts.resolveSession(limited)).toMatchObject({ mustChangePassword: true });

    await expectAccountError(
      accounts.changePassword(limited, first!.oneTimePassword, 'short'),
      'weak_password',
      'newPassword',
    );
    await expectAccountError(
      accounts.changePassword(limited, 'not the otp at all', 'a fresh station secret'),
      'wrong_password',
      'currentPassword',
    );
    secrets.push('a fresh station secret');
    const changed = await accounts.changePassword(limited, first!.oneTimePassword, 'a fresh station secret');
    secrets.push(changed.sessionToken);
    expect(changed.sessionToken).not.toBe(limited);
    expect(accounts.resolveSession(limited)).toBeNull();
    expect(accounts.resolveSession(changed.sessionToken)).toMatchObject({
      mustChangePassword: false,
      operator: { username: 'admin' },
    });

    expect(await accounts.signIn('admin', first!.oneTimePassword)).toEqual({
      ok: false,
      reason: 'bad_credentials',
    });
    expect(await accounts.signIn('Admin', 'a fresh station secret')).toMatchObject({
      ok: true,
      mustChangePassword: false,
    });
    const actions = audit.read().map((r) => r.action);
    expect(actions).toContain('operator.created');
    expect(actions).toContain('operator.password_changed');
    expect(actions).toContain('operator.password_change_refused');
  });
});

describe('signing in', () => {
  it('accepts the right password and refuses a wrong one or an unknown user alike', async () => {
    const password = await addReviewer();
    expect(await accounts.signIn('alice', 'wrong password!')).toEqual({
      ok: false,
      reason: 'bad_credentials',
    });
    expect(await accounts.signIn('nobody', password)).toEqual({ ok: false, reason: 'bad_credentials' });
    const token = await signedIn('alice', password);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(accounts.resolveSession(token)).toEqual({
      operator: { id: expect.any(String), username: 'alice', displayName: 'Alice Zhang', role: 'reviewer' },
      mustChangePassword: false,
    });
    const unknown = audit.read().find((r) => r.details['reason'] === 'unknown_user');
    expect(unknown).toMatchObject({ actor: 'anonymous', subject: null });
  });

  it('stores only the hash of a session token', async () => {
    const token = await signedIn('alice', await addReviewer());
    const ids = db.prepare('SELECT id FROM sessions').pluck().all();
    expect(ids).toHaveLength(1);
    expect(ids[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(ids[0]).not.toContain(token);
    expect(accounts.resolveSession('not-a-token')).toBeNull();
    expect(accounts.resolveSession(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).toBeNull();
  });

  it('slows a name down after 5 failures, doubling up to 30 s, and never locks it for longer', async () => {
    const password = await addReviewer();
    for (let i = 1; i <= 5; i++) {
      expect(await accounts.signIn('alice', `wrong password ${i}`)).toEqual({
        ok: false,
        reason: 'bad_credentials',
      });
    }
    // The 6th try must wait 1 s; each further failure doubles the wait, up to 30 s.
    expect(await accounts.signIn('alice', password)).toEqual({
      ok: false,
      reason: 'throttled',
      retryAfterMs: 1000,
    });
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const wait = accounts.listUsers()[0]!.lockedUntil;
      expect(wait).not.toBeNull();
      const result = await accounts.signIn('alice', 'wrong again');
      expect(result).toMatchObject({ ok: false, reason: 'throttled' });
      const ms = (result as { retryAfterMs: number }).retryAfterMs;
      waits.push(ms);
      clock.advance(ms);
      expect(await accounts.signIn('alice', 'wrong again')).toEqual({ ok: false, reason: 'bad_credentials' });
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    // The owner waits at most 30 s, however long someone hammers the account.
    clock.advance(30_000);
    expect(await accounts.signIn('alice', password)).toMatchObject({ ok: true });
    expect(accounts.listUsers()[0]!.lockedUntil).toBeNull();
  });

  it('answers an unknown name exactly like a known one, wait included', async () => {
    await addReviewer();
    const answers = async (name: string) => {
      const out: unknown[] = [];
      for (let i = 0; i < 7; i++) out.push(await accounts.signIn(name, `guess number ${i}`));
      return out;
    };
    const known = await answers('alice');
    const unknown = await answers('nobody-here');
    expect(unknown).toEqual(known);
    expect(known.at(-1)).toEqual({ ok: false, reason: 'throttled', retryAfterMs: 1000 });
  });

  it('an admin unlocks a slowed-down account at once, audited', async () => {
    const password = await addReviewer();
    // Five failures; the tries made while waiting are refused unchecked and not counted.
    for (let i = 0; i < 7; i++) await accounts.signIn('alice', 'wrong password');
    expect(await accounts.signIn('alice', password)).toMatchObject({ reason: 'throttled' });
    expect(accounts.unlockUser('alice', 'admin')).toMatchObject({ lockedUntil: null });
    expect(await accounts.signIn('alice', password)).toMatchObject({ ok: true });
    expect(audit.read().at(-2)).toMatchObject({
      actor: 'admin',
      action: 'operator.unlocked',
      subject: 'operator:alice',
      details: { failedAttemptsCleared: 5 },
    });
  });

  it('an admin changes a role: sessions end so it applies at once; the last admin stays admin', async () => {
    const password = await addReviewer();
    const token = await signedIn('alice', password);
    expect(accounts.setRole('alice', 'senior_reviewer', 'admin')).toMatchObject({ role: 'senior_reviewer' });
    expect(accounts.resolveSession(token)).toBeNull();
    expect(audit.read().at(-1)).toMatchObject({
      action: 'operator.role_changed',
      details: { from: 'reviewer', to: 'senior_reviewer', sessionsEnded: 1 },
    });
    expect(() => accounts.setRole('alice', 'root', 'admin')).toThrow(/role must be one of/);
    await accounts.addUser({ username: 'boss', displayName: 'Boss', role: 'admin' }, 'system');
    await expectAccountError(() => accounts.setRole('boss', 'support', 'boss'), 'last_admin', 'username');
  });

  it('forgets a run of failures a while after its last wait', async () => {
    const password = await addReviewer();
    for (let i = 0; i < 6; i++) await accounts.signIn('alice', 'wrong password');
    clock.advance(16 * MINUTE);
    for (let i = 0; i < 5; i++) await accounts.signIn('alice', 'wrong password');
    expect(await accounts.signIn('alice', password)).toMatchObject({ reason: 'throttled' });
    clock.advance(1000);
    expect(await accounts.signIn('alice', password)).toMatchObject({ ok: true });
  });

  it('forgets earlier failures after a successful sign-in', async () => {
    const password = await addReviewer();
    for (let i = 0; i < 4; i++) await accounts.signIn('alice', 'wrong password');
    await signedIn('alice', password);
    for (let i = 0; i < 4; i++) {
      expect(await accounts.signIn('alice', 'wrong password')).toEqual({
        ok: false,
        reason: 'bad_credentials',
      });
    }
    await signedIn('alice', password);
  });

  it('refuses a disabled user with the right password, and ends its sessions', async () => {
    const password = await addReviewer();
    const token = await signedIn('alice', password);
    accounts.disableUser('alice', 'admin');
    expect(accounts.resolveSession(token)).toBeNull();
    expect(await accounts.signIn('alice', password)).toEqual({ ok: false, reason: 'disabled' });
    expect(await accounts.signIn('alice', 'wrong password')).toEqual({
      ok: false,
      reason: 'bad_credentials',
    });
    expect(accounts.listUsers()[0]).toMatchObject({ username: 'alice', disabled: true });
  });

  it('upgrades a hash made with cheaper parameters at the next sign-in', async () => {
    secrets.push('legacy password');
    await accounts.addUser(
      { username: 'bob', displayName: 'Bob', role: 'support', password: 'legacy password' },
      'admin',
    );
    const stronger = createAccounts(db, audit, clock, { scrypt: { logN: 11, r: 8, p: 1 } });
    const result = await stronger.signIn('bob', 'legacy password');
    expect(result).toMatchObject({ ok: true });
    if (result.ok) secrets.push(result.sessionToken);
    expect(db.prepare("SELECT password_hash FROM operators WHERE username = 'bob'").pluck().get()).toMatch(
      /^\$scrypt\$ln=11,/,
    );
    expect(await stronger.signIn('bob', 'legacy password')).toMatchObject({ ok: true });
  });
});

describe('session expiry', () => {
  it('ends a session idle for 30 minutes', async () => {
    const token = await signedIn('alice', await addReviewer());
    clock.advance(30 * MINUTE - 1);
    expect(accounts.resolveSession(token)).not.toBeNull();
    clock.advance(30 * MINUTE - 1);
    expect(accounts.resolveSession(token)).not.toBeNull();
    clock.advance(30 * MINUTE);
    expect(accounts.resolveSession(token)).toBeNull();
    expect(accounts.resolveSession(token)).toBeNull();
    expect(audit.read().at(-1)).toMatchObject({ action: 'session.expired', details: { reason: 'idle' } });
  });

  it('ends a busy session 12 hours after sign-in', async () => {
    const token = await signedIn('alice', await addReviewer());
    for (let elapsed = 0; elapsed < 12 * 60 - 20; elapsed += 20) {
      clock.advance(20 * MINUTE);
      expect(accounts.resolveSession(token)).not.toBeNull();
    }
    clock.advance(20 * MINUTE);
    expect(accounts.resolveSession(token)).toBeNull();
    expect(audit.read().at(-1)).toMatchObject({ action: 'session.expired', details: { reason: 'absolute' } });
  });

  it('signs out', async () => {
    const token = await signedIn('alice', await addReviewer());
    expect(accounts.signOut(token)).toBe(true);
    expect(accounts.resolveSession(token)).toBeNull();
    expect(accounts.signOut(token)).toBe(false);
  });

  it('purges stale sessions at the next sign-in', async () => {
    const password = await addReviewer();
    await signedIn('alice', password);
    clock.advance(31 * MINUTE);
    await signedIn('alice', password);
    expect(db.prepare('SELECT COUNT(*) FROM sessions').pluck().get()).toBe(1);
  });
});

describe('managing users', () => {
  it('adds a user with a generated one-time password', async () => {
    const { user, oneTimePassword } = await accounts.addUser(
      { username: ' Carol ', displayName: ' Carol Li ', role: 'senior_reviewer' },
      'admin',
    );
    expect(oneTimePassword).toMatch(/^[A-Za-z0-9]{16}$/);
    secrets.push(oneTimePassword!);
    expect(user).toMatchObject({
      username: 'carol',
      displayName: 'Carol Li',
      role: 'senior_reviewer',
      mustChangePassword: true,
    });
    const signIn = await accounts.signIn('carol', oneTimePassword!);
    expect(signIn).toMatchObject({ ok: true, mustChangePassword: true });
    if (signIn.ok) secrets.push(signIn.sessionToken);
    expect(audit.read().find((r) => r.action === 'operator.created')).toMatchObject({
      actor: 'admin',
      subject: 'operator:carol',
      details: { role: 'senior_reviewer', initialCredential: 'generated', mustChangePassword: true },
    });
  });

  it('refuses bad fields, naming them', async () => {
    await addReviewer();
    await expectAccountError(
      accounts.addUser({ username: 'alice', displayName: 'A', role: 'reviewer' }, 'admin'),
      'username_taken',
      'username',
    );
    await expectAccountError(
      accounts.addUser({ username: 'x', displayName: 'A', role: 'reviewer' }, 'admin'),
      'invalid_username',
      'username',
    );
    await expectAccountError(
      accounts.addUser({ username: 'dave', displayName: 'A', role: 'root' }, 'admin'),
      'invalid_role',
      'role',
    );
    await expectAccountError(
      accounts.addUser({ username: 'dave', displayName: 'a\nb', role: 'reviewer' }, 'admin'),
      'invalid_display_name',
      'displayName',
    );
    await expectAccountError(
      accounts.addUser(
        { username: 'dave', displayName: 'Dave', role: 'reviewer', password: 'short' },
        'admin',
      ),
      'weak_password',
      'password',
    );
    expect(accounts.listUsers().map((u) => u.username)).toEqual(['alice']);
  });

  it('never disables the last active admin', async () => {
    const admin = await accounts.ensureInitialAdmin();
    secrets.push(admin!.oneTimePassword);
    await expectAccountError(() => accounts.disableUser('admin', 'admin'), 'last_admin');
    const second = await accounts.addUser(
      { username: 'root2', displayName: 'Second admin', role: 'admin' },
      'admin',
    );
    secrets.push(second.oneTimePassword!);
    expect(accounts.disableUser('admin', 'root2')).toMatchObject({ disabled: true });
    await expectAccountError(() => accounts.disableUser('root2', 'root2'), 'last_admin');
    await expectAccountError(() => accounts.disableUser('ghost', 'root2'), 'not_found', 'username');
  });

  it('resets a forgotten password: new one-time password, lockout cleared, sessions ended', async () => {
    const token = await signedIn('alice', await addReviewer());
    for (let i = 0; i < 5; i++) await accounts.signIn('alice', 'wrong password');
    const { oneTimePassword, user } = await accounts.resetPassword('alice', 'admin');
    secrets.push(oneTimePassword);
    expect(user).toMatchObject({ lockedUntil: null, mustChangePassword: true });
    expect(accounts.resolveSession(token)).toBeNull();
    const signIn = await accounts.signIn('alice', oneTimePassword);
    expect(signIn).toMatchObject({ ok: true, mustChangePassword: true });
    if (signIn.ok) secrets.push(signIn.sessionToken);
  });

  it('changing the password ends every other session of the operator', async () => {
    const password = await addReviewer();
    const first = await signedIn('alice', password);
    const second = await signedIn('alice', password);
    secrets.push('another good password');
    const changed = await accounts.changePassword(first, password, 'another good password');
    secrets.push(changed.sessionToken);
    expect(accounts.resolveSession(second)).toBeNull();
    expect(accounts.resolveSession(first)).toBeNull();
    expect(accounts.resolveSession(changed.sessionToken)).not.toBeNull();
    await expectAccountError(
      accounts.changePassword(first, password, 'yet another password'),
      'session_expired',
    );
  });

  it('a stored password hash is scrypt, never the password', async () => {
    const password = await addReviewer();
    const stored = db
      .prepare("SELECT password_hash FROM operators WHERE username = 'alice'")
      .pluck()
      .get() as string;
    expect(stored.startsWith('$scrypt$')).toBe(true);
    expect(stored).not.toContain(password);
    expect(stored).not.toBe(await hashPassword(password, FAST));
  });
});
