import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccounts } from '../../../electron/services/accounts/accounts';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import { openDatabase, type Db } from '../../../electron/store/database';
import { migrations } from '../../../electron/store/migrations';
import { fakeClock } from '../audit/fixtures';

/**
 * Migration 0012 rebuilds `operators` (a CHECK constraint gains the support_lead role) with its
 * sessions moved aside: a station's database made at the version before it — operators in every
 * state, signed-in sessions, an audit chain — upgrades with nothing lost, everybody still signed
 * in, the audit chain whole, and the sessions' foreign key pointing at the rebuilt table.
 */
const FAST = { logN: 10, r: 8, p: 1 };
const before12 = migrations.filter((m) => m.version < 12);

let dir: string;
const file = () => join(dir, 'station.db');
const rows = (db: Db, table: string, order: string) =>
  db.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).all() as Record<string, unknown>[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'upgrade-0012-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('upgrading a station database across migration 0012', () => {
  it('keeps every operator, session and audit record, and the foreign keys', async () => {
    const clock = fakeClock();
    const old = openDatabase({ file: file(), migrations: before12 });
    expect(old.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(11);
    const oldAudit = createAuditLog(old, clock);
    const oldAccounts = createAccounts(old, oldAudit, clock, { scrypt: FAST });
    const people = [
      { username: 'boss', role: 'admin' },
      { username: 'wang', role: 'warehouse' },
      { username: 'li', role: 'reviewer' },
      { username: 'zhao', role: 'support' },
      { username: 'gone', role: 'support' },
    ] as const;
    const tokens = new Map<string, string>();
    for (const p of people) {
      const password = `Counter-${people.indexOf(p)}-shift-2026!`;
      await oldAccounts.addUser(
        {
          username: p.username,
          displayName: p.username.toUpperCase(),
          role: p.role,
          password,
          mustChangePassword: false,
        },
        'system',
      );
      const signed = await oldAccounts.signIn(p.username, password);
      if (!signed.ok) throw new Error(`sign-in of ${p.username} failed`);
      tokens.set(p.username, signed.sessionToken);
    }
    // Every column with something in it: a lockout counter, a disabled account.
    expect((await oldAccounts.signIn('li', 'wrong-password')).ok).toBe(false);
    oldAccounts.disableUser('gone', 'boss');
    const operators = rows(old, 'operators', 'id');
    const sessions = rows(old, 'sessions', 'id');
    const audit = rows(old, 'audit_log', 'seq');
    expect(operators).toHaveLength(5);
    expect(sessions.length).toBeGreaterThanOrEqual(4);
    expect(operators.find((o) => o.username === 'li')?.failed_attempts).toBe(1);
    old.close();

    const db = openDatabase({ file: file() });
    try {
      expect(db.prepare('SELECT 1 FROM schema_migrations WHERE version = 12').pluck().get()).toBe(1);
      expect(rows(db, 'operators', 'id')).toEqual(operators);
      expect(rows(db, 'sessions', 'id')).toEqual(sessions);
      expect(rows(db, 'audit_log', 'seq')).toEqual(audit);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('foreign_key_list(sessions)')).toEqual([
        expect.objectContaining({ table: 'operators', from: 'operator_id', to: 'id', on_delete: 'CASCADE' }),
      ]);

      const accounts = createAccounts(db, createAuditLog(db, clock), clock, { scrypt: FAST });
      expect(createAuditLog(db, clock).verify()).toMatchObject({ ok: true });
      // Everybody signed in before the upgrade still is (bar the disabled account).
      for (const p of people.filter((x) => x.username !== 'gone'))
        expect(accounts.resolveSession(tokens.get(p.username)!)?.operator.username).toBe(p.username);
      expect(accounts.resolveSession(tokens.get('gone')!)).toBeNull();

      // The new role is allowed; an unknown one still is not.
      accounts.setRole('zhao', 'support_lead', 'boss');
      expect(accounts.listUsers().find((u) => u.username === 'zhao')?.role).toBe('support_lead');
      expect(() =>
        db.prepare("UPDATE operators SET role = 'superuser' WHERE username = 'wang'").run(),
      ).toThrow(/CHECK constraint/);

      // The rebuilt table is what sessions reference: removing an operator ends their sessions.
      const wang = operators.find((o) => o.username === 'wang')!.id as string;
      db.prepare('DELETE FROM operators WHERE id = ?').run(wang);
      expect(db.prepare('SELECT count(*) FROM sessions WHERE operator_id = ?').pluck().get(wang)).toBe(0);
      expect(() =>
        db
          .prepare(
            "INSERT INTO sessions (id, operator_id, scope, created_at, last_seen_at, expires_at) VALUES ('x', 'nobody', 'full', '', '', '')",
          )
          .run(),
      ).toThrow(/FOREIGN KEY/);
    } finally {
      db.close();
    }
  });
});
