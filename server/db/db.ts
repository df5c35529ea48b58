import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';

/** Something that runs SQL: the database itself, or one open transaction. */
export interface Sql {
  query<R extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** Several statements, no parameters (migrations). */
  exec(text: string): Promise<void>;
}

/**
 * The hub's database, whichever engine is behind it. Every deciding state lives here; a hub process
 * keeps nothing of its own, so several processes can share one PostgreSQL.
 */
export interface HubDb extends Sql {
  readonly engine: 'postgres' | 'pglite';
  /**
   * Runs fn in one transaction (READ COMMITTED); rolls back if fn throws. `lockTimeout` (e.g. '5s')
   * bounds every lock wait inside it (SET LOCAL, sent with BEGIN: no extra round trip).
   */
  tx<T>(fn: (q: Sql) => Promise<T>, options?: TxOptions): Promise<T>;
  close(): Promise<void>;
}

export interface TxOptions {
  readonly lockTimeout?: `${number}${'ms' | 's'}`;
}

const setLocal = (options: TxOptions | undefined) =>
  options?.lockTimeout ? `SET LOCAL lock_timeout = '${options.lockTimeout}'` : null;

export type DatabaseTarget =
  { readonly url: string } | { readonly pgliteDir: string } | { readonly memory: true };

/** PostgreSQL error codes that mean "nothing was decided, ask again later". */
const RETRYABLE = new Set(['40001', '40P01', '55P03', '57014', '57P01', '57P03', '08000', '08003', '08006']);

export function isRetryable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (RETRYABLE.has(code) || code === 'ECONNREFUSED' || code === 'ECONNRESET'))
    return true;
  return false;
}

export async function openHubDb(target: DatabaseTarget, poolSize = 10): Promise<HubDb> {
  if ('url' in target) return openPostgres(target.url, poolSize);
  const release = 'pgliteDir' in target ? lockEmbedded(target.pgliteDir) : () => undefined;
  let lite: PGlite;
  try {
    lite = await PGlite.create('pgliteDir' in target ? target.pgliteDir : undefined);
  } catch (error) {
    release();
    throw error;
  }
  return {
    engine: 'pglite',
    async query(text, params) {
      return (await lite.query(text, params ? [...params] : [])).rows as never;
    },
    async exec(text) {
      await lite.exec(text);
    },
    // PGlite is one connection: its transaction() holds it exclusively until fn settles.
    tx: (fn, options) =>
      lite.transaction(async (t) => {
        const set = setLocal(options);
        if (set) await t.exec(set);
        return fn({
          query: async (text, params) => (await t.query(text, params ? [...params] : [])).rows as never,
          exec: async (text) => {
            await t.exec(text);
          },
        });
      }),
    close: () => lite.close().finally(release),
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The embedded database is one process's: a second opener (a `hub enroll-station` while `hub
 * serve` runs) would corrupt it. A lock file names the owner; a dead owner's lock is taken over.
 */
function lockEmbedded(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, '..', 'pgdata.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && alive(owner))
        throw new Error(
          `the embedded hub database in ${dir} is in use by process ${owner} (a running hub?): stop it first, or use PostgreSQL (--database)`,
          { cause: error },
        );
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock the embedded hub database in ${dir}`);
}

function openPostgres(url: string, poolSize: number): HubDb {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client that loses its connection emits here; the next checkout gets a fresh one.
  pool.on('error', () => undefined);
  return {
    engine: 'postgres',
    async query(text, params) {
      return (await pool.query(text, params ? [...params] : [])).rows as never;
    },
    async exec(text) {
      await pool.query(text);
    },
    async tx(fn, options) {
      const client = await pool.connect();
      let broken = false;
      try {
        const set = setLocal(options);
        await client.query(set ? `BEGIN; ${set}` : 'BEGIN');
        const result = await fn({
          query: async (text, params) => (await client.query(text, params ? [...params] : [])).rows as never,
          exec: async (text) => {
            await client.query(text);
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
