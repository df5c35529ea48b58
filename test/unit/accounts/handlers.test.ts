import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { createDispatcher, type HandlerTable } from '../../../electron/contract/dispatch';
import type { Envelope } from '../../../electron/contract/errors';
import type { HandlersFor } from '../../../electron/contract/handler';
import { sessionCalls, type SessionCalls } from '../../../electron/contract/session';
import { createAccounts, type Accounts } from '../../../electron/services/accounts/accounts';
import { createSessionHandlers, withTokenCapture } from '../../../electron/services/accounts/handlers';
import { createSessionGate, type TokenSlot } from '../../../electron/services/accounts/session-gate';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import type { Db } from '../../../electron/store/database';
import { fakeClock, openTestStore, type FakeClock } from '../audit/fixtures';

let db: Db;
let clock: FakeClock;
let accounts: Accounts;
let connect: () => (name: string, input?: unknown) => Promise<Envelope<unknown>>;
let slots: TokenSlot[];

async function addRita(): Promise<void> {
  await accounts.addUser(
    {
      username: 'rita',
      displayName: 'Rita',
      role: 'reviewer',
      password: 'reviewer-secret',
      mustChangePassword: false,
    },
    'system',
  );
}

beforeEach(() => {
  db = openTestStore();
  clock = fakeClock();
  accounts = createAccounts(db, createAuditLog(db, clock), clock, { scrypt: { logN: 10, r: 8, p: 1 } });
  const handlers = createSessionHandlers(accounts);
  // Issuing handlers still satisfy the contract's handler type.
  expectTypeOf(handlers).toExtend<HandlersFor<SessionCalls>>();
  const capture = withTokenCapture(handlers);
  const dispatch = createDispatcher(sessionCalls, capture.handlers as unknown as HandlerTable, {
    error: () => {},
  });
  const gate = createSessionGate(accounts, capture.issuedToken);
  slots = [];
  // A transport connection, as main's IPC or the loopback host would hold one.
  connect = () => {
    const slot: TokenSlot = { token: null };
    slots.push(slot);
    return async (name, input = {}) => {
      const entered = gate.enter(name, slot, 'ipc');
      if (!entered.ok) return entered.envelope;
      const envelope = await dispatch(name, input, entered.ctx);
      gate.leave(name, entered.ctx, envelope, slot);
      return envelope;
    };
  };
});
afterEach(() => db.close());

describe('session calls through the dispatcher', () => {
  it('signs in, keeps the token in the connection and never returns it', async () => {
    await addRita();
    const call = connect();
    expect(await call('session.current')).toEqual({ ok: true, value: null });
    const signIn = await call('session.signIn', { username: 'rita', password: 'reviewer-secret' });
    expect(signIn).toEqual({
      ok: true,
      value: {
        operator: { id: expect.any(String), username: 'rita', displayName: 'Rita', role: 'reviewer' },
        mustChangePassword: false,
      },
    });
    expect(JSON.stringify(signIn)).not.toMatch(/token/i);
    expect(slots[0]!.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await call('session.current')).toMatchObject({
      ok: true,
      value: { operator: { username: 'rita' } },
    });

    const other = connect();
    expect(await other('session.current')).toEqual({ ok: true, value: null });

    expect(await call('session.signOut')).toEqual({ ok: true, value: {} });
    expect(slots[0]!.token).toBeNull();
    expect(await call('session.current')).toEqual({ ok: true, value: null });
    expect(await call('session.signOut')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('refuses wrong credentials and lockouts with reasons the UI can translate', async () => {
    await addRita();
    const call = connect();
    expect(await call('session.signIn', { username: 'rita', password: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated', reason: 'session.bad_credentials' },
    });
    for (let i = 0; i < 4; i++) await call('session.signIn', { username: 'rita', password: 'nope' });
    const throttled = {
      ok: false,
      error: {
        code: 'forbidden',
        reason: 'session.throttled',
        message: 'Too many failed sign-ins: wait 1 s and try again.',
      },
    };
    expect(await call('session.signIn', { username: 'rita', password: 'reviewer-secret' })).toEqual(
      throttled,
    );
    expect(slots[0]!.token).toBeNull();
    // The same words for a name that is no account.
    const other = connect();
    for (let i = 0; i < 5; i++) await other('session.signIn', { username: 'ghost', password: 'nope' });
    expect(await other('session.signIn', { username: 'ghost', password: 'nope' })).toEqual(throttled);
  });

  it('slows down one connection that tries many names, without slowing the others', async () => {
    await addRita();
    const guesser = connect();
    for (let i = 0; i < 5; i++) {
      expect(await guesser('session.signIn', { username: `name${i}`, password: 'nope' })).toMatchObject({
        error: { reason: 'session.bad_credentials' },
      });
    }
    expect(await guesser('session.signIn', { username: 'rita', password: 'reviewer-secret' })).toMatchObject({
      error: { reason: 'session.throttled' },
    });
    expect(
      await connect()('session.signIn', { username: 'rita', password: 'reviewer-secret' }),
    ).toMatchObject({
      ok: true,
    });
    clock.advance(1000);
    expect(await guesser('session.signIn', { username: 'rita', password: 'reviewer-secret' })).toMatchObject({
      ok: true,
    });
  });

  it('lets an admin unlock an operator through the contract', async () => {
    await addRita();
    const call = connect();
    for (let i = 0; i < 6; i++) await call('session.signIn', { username: 'rita', password: 'nope' });
    await accounts.addUser(
      {
        username: 'boss',
        displayName: 'Boss',
        role: 'admin',
        password: 'counter chief 2026',
        mustChangePassword: false,
      },
      'system',
    );
    const admin = connect();
    expect(await admin('users.unlock', { username: 'rita' })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    await admin('session.signIn', { username: 'boss', password: 'counter chief 2026' });
    expect(await admin('users.unlock', { username: 'rita' })).toMatchObject({
      ok: true,
      value: { user: { username: 'rita', lockedUntil: null } },
    });
    expect(
      await connect()('session.signIn', { username: 'rita', password: 'reviewer-secret' }),
    ).toMatchObject({ ok: true });
  });

  it('keeps admin calls for admins', async () => {
    await addRita();
    const call = connect();
    expect(await call('users.list')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    await call('session.signIn', { username: 'rita', password: 'reviewer-secret' });
    expect(await call('users.list')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('users.add', { username: 'eve', displayName: 'Eve', role: 'admin' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(accounts.listUsers().map((u) => u.username)).toEqual(['rita']);
  });

  it("lists the enabled reviewers for the queue's assignee filter, to reviewers only", async () => {
    await addRita();
    for (const [username, role] of [
      ['sam', 'senior_reviewer'],
      ['walt', 'warehouse'],
      ['rob', 'reviewer'],
    ] as const) {
      await accounts.addUser(
        {
          username,
          displayName: username.toUpperCase(),
          role,
          password: 'long-enough-pw-1',
          mustChangePassword: false,
        },
        'system',
      );
    }
    accounts.disableUser('rob', 'system');
    const asWalt = connect();
    await asWalt('session.signIn', { username: 'walt', password: 'long-enough-pw-1' });
    expect(await asWalt('users.reviewers')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const asRita = connect();
    await asRita('session.signIn', { username: 'rita', password: 'reviewer-secret' });
    const listed = await asRita('users.reviewers');
    expect(listed).toMatchObject({ ok: true });
    const reviewers = (listed as { value: { reviewers: { username: string; role: string }[] } }).value
      .reviewers;
    expect(reviewers.map((r) => [r.username, r.role]).sort()).toEqual([
      ['rita', 'reviewer'],
      ['sam', 'senior_reviewer'],
    ]);
    expect(Object.keys(reviewers[0]!).sort()).toEqual(['displayName', 'id', 'role', 'username']);
  });

  it('walks the first-start flow: one-time password, forced change, then admin work', async () => {
    const initial = await accounts.ensureInitialAdmin();
    await addRita();
    const call = connect();
    expect(
      await call('session.signIn', { username: 'admin', password: initial!.oneTimePassword }),
    ).toMatchObject({
      ok: true,
      value: { mustChangePassword: true },
    });
    const limitedToken = slots[0]!.token;
    expect(await call('users.list')).toMatchObject({
      ok: false,
      error: { code: 'forbidden', reason: 'session.password_change_required' },
    });
    expect(await call('session.current')).toMatchObject({ ok: true, value: { mustChangePassword: true } });
    expect(
      await call('session.changePassword', {
        currentPassword: initial!.oneTimePassword,
        newPassword: 'short',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'newPassword', reason: 'account.weak_password.too_short' },
    });
    expect(
      await call('session.changePassword', {
        currentPassword: initial!.oneTimePassword,
        newPassword: 'aaaaaaaaaa',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'newPassword', reason: 'account.weak_password.repeated' },
    });
    expect(
      await call('session.changePassword', {
        currentPassword: initial!.oneTimePassword,
        newPassword: 'station counter 7',
      }),
    ).toEqual({
      ok: true,
      value: { operator: expect.objectContaining({ username: 'admin' }), mustChangePassword: false },
    });
    expect(slots[0]!.token).not.toBe(limitedToken);

    const added = await call('users.add', { username: 'Sam', displayName: 'Sam Wu', role: 'support' });
    expect(added).toMatchObject({
      ok: true,
      value: {
        user: { username: 'sam', role: 'support', mustChangePassword: true },
        oneTimePassword: expect.any(String),
      },
    });
    expect(await call('users.add', { username: 'sam', displayName: 'Sam', role: 'support' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', field: 'username', reason: 'account.username_taken' },
    });
    expect(await call('users.disable', { username: 'admin' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', reason: 'account.last_admin' },
    });
    expect(await call('users.disable', { username: 'rita' })).toMatchObject({
      ok: true,
      value: { user: { disabled: true } },
    });
    expect(await call('users.resetPassword', { username: 'ghost' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const listed = await call('users.list');
    expect(
      listed.ok && (listed.value as { users: { username: string }[] }).users.map((u) => u.username),
    ).toEqual(['admin', 'rita', 'sam']);
    const creator = db.prepare("SELECT actor FROM audit_log WHERE subject = 'operator:sam'").pluck().get();
    expect(creator).toBe('admin');
  });

  it('signing in again on a connection ends the session it replaces', async () => {
    await addRita();
    await accounts.addUser(
      {
        username: 'sam',
        displayName: 'Sam',
        role: 'support',
        password: 'support-secret',
        mustChangePassword: false,
      },
      'system',
    );
    const call = connect();
    await call('session.signIn', { username: 'rita', password: 'reviewer-secret' });
    const ritaToken = slots[0]!.token!;
    await call('session.signIn', { username: 'sam', password: 'support-secret' });
    expect(accounts.resolveSession(ritaToken)).toBeNull();
    expect(await call('session.current')).toMatchObject({
      ok: true,
      value: { operator: { username: 'sam' } },
    });
    expect(db.prepare('SELECT COUNT(*) FROM sessions').pluck().get()).toBe(1);
  });

  it('drops an idle session from the connection', async () => {
    await addRita();
    const call = connect();
    await call('session.signIn', { username: 'rita', password: 'reviewer-secret' });
    clock.advance(30 * 60_000);
    expect(await call('session.current')).toEqual({ ok: true, value: null });
    expect(slots[0]!.token).toBeNull();
  });
});
