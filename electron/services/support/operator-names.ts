import type { Db } from '../../store/database';

/**
 * The name people know a colleague of this station by (刘售后, not support1): the display name of
 * the operator a record names, by its id (freezes keep the id) or its username (case steps keep the
 * username), else the name the record holds (the demo desk `system`, a `cli:` user, the hub's
 * operator), which the screen words itself where it has words for it.
 */
export function operatorNames(db: Db): (operatorId: string | null, username: string) => string {
  const find = db.prepare('SELECT display_name FROM operators WHERE id = ?');
  return (operatorId, username) => {
    const row =
      operatorId === null ? undefined : (find.get(operatorId) as { display_name: string } | undefined);
    return row?.display_name ?? username;
  };
}

/** The same, for records that keep only the username. */
export function namesByUsername(db: Db): (username: string) => string {
  const find = db.prepare('SELECT display_name FROM operators WHERE username = ?');
  return (username) => (find.get(username) as { display_name: string } | undefined)?.display_name ?? username;
}
