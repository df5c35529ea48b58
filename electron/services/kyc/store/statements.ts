import type { Statement } from 'better-sqlite3';
import type { Db } from '../../../store/database';

const caches = new WeakMap<Db, Map<string, Statement>>();

/** A prepared statement, compiled once per connection: intake runs the same few thousands of times. */
export function statement(db: Db, sql: string): Statement {
  let cache = caches.get(db);
  if (cache === undefined) {
    cache = new Map();
    caches.set(db, cache);
  }
  let stmt = cache.get(sql);
  if (stmt === undefined) {
    stmt = db.prepare(sql);
    cache.set(sql, stmt);
  }
  return stmt;
}
