import type { Db } from '../../store/database';

export type SessionScope = 'full' | 'password_change';

export interface SessionRow {
  readonly id: string;
  readonly operator_id: string;
  readonly scope: SessionScope;
  readonly created_at: string;
  readonly last_seen_at: string;
  readonly expires_at: string;
}

/** SQL for the sessions table. Ids are token hashes; tokens never reach this module. */
export function createSessionsRepository(db: Db) {
  const insert = db.prepare(
    `INSERT INTO sessions (id, operator_id, scope, created_at, last_seen_at, expires_at)
     VALUES (@id, @operator_id, @scope, @created_at, @last_seen_at, @expires_at)`,
  );
  const get = db.prepare('SELECT * FROM sessions WHERE id = ?');
  const touch = db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM sessions WHERE id = ?');
  const removeForOperator = db.prepare('DELETE FROM sessions WHERE operator_id = ?');
  const removeStale = db.prepare('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?');

  return {
    insert: (row: SessionRow) => void insert.run(row),
    get: (id: string) => get.get(id) as SessionRow | undefined,
    touch: (id: string, lastSeenAt: string) => void touch.run(lastSeenAt, id),
    remove: (id: string) => remove.run(id).changes > 0,
    removeForOperator: (operatorId: string) => removeForOperator.run(operatorId).changes,
    /** Sessions past their absolute end, or idle since before `idleCutoff`. */
    removeStale: (now: string, idleCutoff: string) => removeStale.run(now, idleCutoff).changes,
  };
}

export type SessionsRepository = ReturnType<typeof createSessionsRepository>;
