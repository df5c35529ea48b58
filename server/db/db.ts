import { createHash } from 'node:crypto';
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

/** One open transaction. */
export interface TxSql extends Sql {
  /**
   * The transaction's last statement, sent together with its COMMIT (one round trip, not two).
   * Resolves with the statement's rows once both succeeded; nothing may be sent after it.
   */
  queryAndCommit<R extends object = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
  ): Promise<R[]>;
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
  tx<T>(fn: (q: TxSql) => Promise<T>, options?: TxOptions): Promise<T>;
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
  return stalePlan(error);
}

/** PostgreSQL connections per hub process (docs/scaling.md, "Connections"). */
export const DEFAULT_POOL_SIZE = 10;

export async function openHubDb(target: DatabaseTarget, poolSize = DEFAULT_POOL_SIZE): Promise<HubDb> {
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
    // PGlite is one connection: its transaction() holds it exclusively until fn settles, and
    // commits then (so the last statement needs no COMMIT of its own: it has no round trip to save).
    tx: (fn, options) =>
      lite.transaction(async (t) => {
        const set = setLocal(options);
        if (set) await t.exec(set);
        const query = async (text: string, params?: readonly unknown[]) =>
          (await t.query(text, params ? [...params] : [])).rows as never;
        return fn({
          query,
          exec: async (text) => {
            await t.exec(text);
          },
          queryAndCommit: query,
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

/**
 * Names for the hub's parameterised statements, so each connection parses and plans one once
 * (node-postgres prepares a named statement on its first use per connection). The hub's texts are
 * a fixed set written in its code, so the set of names stays small.
 */
const statementNames = new Map<string, string>();

function prepared(text: string, params: readonly unknown[] | undefined): string | pg.QueryConfig {
  if (!params || params.length === 0) return text;
  let name = statementNames.get(text);
  if (!name) {
    name = `hub_${createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 32)}`;
    statementNames.set(text, name);
  }
  return { name, text, values: [...params] };
}

/**
 * A migration that changes a table's columns invalidates a prepared `SELECT *` on every open
 * connection ("cached plan must not change result type"): such a connection is dropped, not reused.
 */
function stalePlan(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === '0A000' &&
    /cached plan/.test(String((error as { message?: unknown }).message))
  );
}

function openPostgres(url: string, poolSize: number): HubDb {
  // Pipeline mode: a statement may be sent before the previous one's answer came back. The hub
  // does so only where the second cannot run unless the first succeeded (BEGIN and the first
  // statement; the last statement and COMMIT), saving a round trip each time.
  // Idle connections are kept (the default closes them after 10 s): a new one costs a backend
  // start, cold catalog caches and every statement prepared again — tens of milliseconds on the
  // first claims after a quiet spell. They do not hold a process open that has nothing else to do.
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    pipeline: true,
    idleTimeoutMillis: 0,
    allowExitOnIdle: true,
  });
  // An idle client that loses its connection emits here; the next checkout gets a fresh one.
  pool.on('error', () => undefined);
  /**
   * A connection checked out of the pool, with a listener for its connection errors while it is
   * out (the pool listens only while it is idle): a connection lost between two statements fails
   * the next one, and must not end the process as an unhandled 'error' event.
   */
  async function checkout(): Promise<{ client: pg.PoolClient; done(drop: boolean): void }> {
    const client = await pool.connect();
    const lost = () => undefined;
    client.on('error', lost);
    return {
      client,
      done(drop) {
        client.off('error', lost);
        client.release(drop);
      },
    };
  }
  async function withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const { client, done } = await checkout();
    let drop = false;
    try {
      return await fn(client);
    } catch (error) {
      drop = stalePlan(error);
      throw error;
    } finally {
      done(drop);
    }
  }
  return {
    engine: 'postgres',
    query: (text, params) =>
      withClient(async (client) => (await client.query(prepared(text, params))).rows as never),
    async exec(text) {
      await pool.query(text);
    },
    async tx(fn, options) {
      const { client, done } = await checkout();
      let drop = false;
      let committed = false;
      const set = setLocal(options);
      // BEGIN goes out with the transaction's first statement (pipelined): that statement runs
      // only inside the block BEGIN opened, since the server takes them in order. Awaited with it.
      let begun: Promise<unknown> | null = client.query(set ? `BEGIN; ${set}` : 'BEGIN');
      begun.catch(() => undefined);
      const send = async <R>(text: string, params?: readonly unknown[]) => {
        if (committed) throw new Error('this transaction has committed: nothing may be sent on it');
        const answer = client.query(prepared(text, params));
        answer.catch(() => undefined);
        if (begun) {
          const b = begun;
          begun = null;
          await b;
        }
        return (await answer).rows as R[];
      };
      try {
        const result = await fn({
          query: send,
          exec: async (text) => {
            await send(text);
          },
          async queryAndCommit<R>(text: string, params?: readonly unknown[]) {
            const rows = send<R>(text, params);
            const commit = client.query('COMMIT');
            commit.catch(() => undefined);
            const answered = await rows;
            checkCommitted(await commit);
            committed = true;
            return answered;
          },
        });
        if (begun) await begun;
        if (!committed) checkCommitted(await client.query('COMMIT'));
        return result;
      } catch (error) {
        drop = stalePlan(error);
        await client.query('ROLLBACK').catch(() => {
          drop = true;
        });
        throw error;
      } finally {
        done(drop);
      }
    },
    close: () => pool.end(),
  };
}

/** COMMIT of a transaction an earlier statement aborted answers ROLLBACK, not an error. */
function checkCommitted(answer: pg.QueryResult): void {
  if (answer.command !== 'COMMIT')
    throw new Error(`the transaction was not committed (the server answered ${answer.command})`);
}
