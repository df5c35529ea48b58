import { join } from 'node:path';
import type { DatabaseTarget } from './db/db';

/**
 * A hub's data directory: its TLS material (CA and server keys, mode 0600), the document key, the SMS log file, and
 * — only when no PostgreSQL URL is given — the embedded PGlite database.
 */
export const hubPaths = (dir: string) => ({
  tls: join(dir, 'tls'),
  pglite: join(dir, 'pgdata'),
  smsLog: join(dir, 'sms.log'),
  /** Wraps the key of every document stored at the hub; never in the database (mode 0600). */
  documentKey: join(dir, 'tls', 'documents.key'),
});

/** --database, else DATABASE_URL, else the embedded database in the hub directory. */
export function databaseTarget(dir: string, url: string | undefined, env = process.env): DatabaseTarget {
  const chosen = url ?? env.DATABASE_URL;
  if (chosen) {
    if (!/^postgres(ql)?:\/\//.test(chosen))
      throw new Error('--database: a postgres:// or postgresql:// URL');
    return { url: chosen };
  }
  return { pgliteDir: hubPaths(dir).pglite };
}

export function describeTarget(target: DatabaseTarget): string {
  if ('url' in target) return target.url.replace(/\/\/[^@/]*@/, '//***@');
  if ('pgliteDir' in target) return `embedded PGlite in ${target.pgliteDir}`;
  return 'in-memory PGlite';
}
