import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/store/database';
import { createAuditLog, type AuditLog } from '../../../electron/services/audit/audit-log';
import { createAccounts, type Accounts } from '../../../electron/services/accounts/accounts';
import { fakeClock, openTestStore } from '../audit/fixtures';

/** Sessions for operators the hub vouched for (an enrolled station, docs/sync.md §10.1). */
let db: Db;
let audit: AuditLog;
let accounts: Accounts;

const wang = { username: 'wang', displayName: 'Wang Wei', role: 'reviewer', checkedBy: 'hub' } as const;

beforeEach(() => {
  db = openTestStore();
  const clock = fakeClock();
  audit = createAuditLog(db, clock);
  accounts = createAccounts(db, audit, clock, { scrypt: { logN: 10, r: 8, p: 1 } });
});
afterEach(() => {
  expect(audit.verify()).toMatchObject({ ok: true });
  db.close();
});

const actions = () =>
  (
    db.prepare('SELECT action, details FROM audit_log ORDER BY seq').all() as {
      action: string;
      details: string;
    }[]
  ).map((r) => [r.action, JSON.parse(r.details) as Record<string, unknown>] as const);

describe('a sign-in the hub checked', () => {
  it('makes the local row once, keeps it in step with the hub, and opens a full session', async () => {
    const first = await accounts.signInCheckedByHub(wang);
    expect(first).toMatchObject({ ok: true, mustChangePassword: false, operator: { username: 'wang' } });
    expect(accounts.resolveSession((first as { sessionToken: string }).sessionToken)).toMatchObject({
      operator: { role: 'reviewer', displayName: 'Wang Wei' },
    });
    // The local row never signs in by password.
    expect(await accounts.signIn('wang', '')).toMatchObject({ ok: false, reason: 'bad_credentials' });

    const promoted = await accounts.signInCheckedByHub({
      ...wang,
      role: 'senior_reviewer',
      checkedBy: 'offline',
    });
    expect(promoted).toMatchObject({ ok: true, operator: { role: 'senior_reviewer' } });
    expect(accounts.listUsers().filter((u) => u.username === 'wang')).toHaveLength(1);
    expect(actions()).toEqual(
      expect.arrayContaining([
        ['operator.created', { role: 'reviewer', initialCredential: 'hub' }],
        ['operator.role_changed', { from: 'reviewer', to: 'senior_reviewer', source: 'hub' }],
        ['session.signed_in', { scope: 'full', checkedBy: 'offline' }],
      ]),
    );
  });

  it('an operator disabled here stays refused; one the hub disabled loses every session', async () => {
    const a = await accounts.signInCheckedByHub(wang);
    const b = await accounts.signInCheckedByHub(wang);
    accounts.endSessionsOf('wang', 'disabled_at_hub');
    for (const s of [a, b])
      expect(accounts.resolveSession((s as { sessionToken: string }).sessionToken)).toBeNull();
    expect(actions().at(-1)).toEqual(['session.expired', { reason: 'disabled_at_hub', sessionsEnded: 2 }]);

    await accounts.addUser(
      { username: 'admin2', displayName: 'Admin', role: 'admin', password: 'admin-pass-123' },
      'system',
    );
    accounts.disableUser('wang', 'admin2');
    expect(await accounts.signInCheckedByHub(wang)).toEqual({ ok: false, reason: 'disabled' });
  });

  it('refuses a role the station does not know', async () => {
    await expect(accounts.signInCheckedByHub({ ...wang, role: 'cashier' })).rejects.toMatchObject({
      code: 'invalid_role',
    });
  });
});
