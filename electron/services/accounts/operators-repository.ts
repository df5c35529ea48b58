import type { Role } from '../../contract/define';
import type { Db } from '../../store/database';

export interface OperatorRow {
  readonly id: string;
  readonly username: string;
  readonly display_name: string;
  readonly role: Role;
  readonly password_hash: string;
  readonly must_change_password: 0 | 1;
  readonly disabled: 0 | 1;
  readonly failed_attempts: number;
  readonly locked_until: string | null;
  readonly created_at: string;
}

export type NewOperatorRow = Omit<OperatorRow, 'disabled' | 'failed_attempts' | 'locked_until'>;

/** SQL for the operators table; no rules here, the accounts service holds those. */
export function createOperatorsRepository(db: Db) {
  const byUsername = db.prepare('SELECT * FROM operators WHERE username = ?');
  const byId = db.prepare('SELECT * FROM operators WHERE id = ?');
  const all = db.prepare('SELECT * FROM operators ORDER BY username');
  const count = db.prepare('SELECT COUNT(*) FROM operators').pluck();
  const enabledAdmins = db
    .prepare("SELECT COUNT(*) FROM operators WHERE role = 'admin' AND disabled = 0")
    .pluck();
  const insert = db.prepare(
    `INSERT INTO operators (id, username, display_name, role, password_hash, must_change_password, created_at)
     VALUES (@id, @username, @display_name, @role, @password_hash, @must_change_password, @created_at)`,
  );
  const setFailures = db.prepare('UPDATE operators SET failed_attempts = ?, locked_until = ? WHERE id = ?');
  const setPassword = db.prepare(
    'UPDATE operators SET password_hash = ?, must_change_password = ?, failed_attempts = 0, locked_until = NULL WHERE id = ?',
  );
  const rehash = db.prepare('UPDATE operators SET password_hash = ? WHERE id = ?');
  const disable = db.prepare('UPDATE operators SET disabled = 1 WHERE id = ?');
  const setRole = db.prepare('UPDATE operators SET role = ? WHERE id = ?');
  const setHubFields = db.prepare('UPDATE operators SET display_name = ?, role = ? WHERE id = ?');

  return {
    byUsername: (username: string) => byUsername.get(username) as OperatorRow | undefined,
    byId: (id: string) => byId.get(id) as OperatorRow | undefined,
    all: () => all.all() as OperatorRow[],
    count: () => Number(count.get()),
    enabledAdminCount: () => Number(enabledAdmins.get()),
    insert: (row: NewOperatorRow) => void insert.run(row),
    setFailures: (id: string, failedAttempts: number, lockedUntil: string | null) =>
      void setFailures.run(failedAttempts, lockedUntil, id),
    setPassword: (id: string, passwordHash: string, mustChange: boolean) =>
      void setPassword.run(passwordHash, mustChange ? 1 : 0, id),
    rehash: (id: string, passwordHash: string) => void rehash.run(passwordHash, id),
    disable: (id: string) => void disable.run(id),
    setRole: (id: string, role: Role) => void setRole.run(role, id),
    setHubFields: (id: string, displayName: string, role: Role) =>
      void setHubFields.run(displayName, role, id),
  };
}

export type OperatorsRepository = ReturnType<typeof createOperatorsRepository>;
