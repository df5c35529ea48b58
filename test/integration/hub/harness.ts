/**
 * Test harness for the hub: a fresh database on either engine (a throw-away PostgreSQL database on
 * 127.0.0.1:5432, or an in-memory PGlite), a hub serving it over mutual TLS, and enrolled stations
 * with their own sync queue. Everything made here is removed by dispose().
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createEnrolmentCode, setOperatorPassword, upsertOperator } from '../../../server/admin';
import { startHub, type HubServerOptions, type RunningHub } from '../../../server/app';
import { openHubDb, type HubDb } from '../../../server/db/db';
import { migrate } from '../../../server/db/migrations';
import { logAdapter, type MessageAdapter } from '../../../server/outbox/adapters';
import { createHubPki, type HubPki } from '../../../server/tls/pki';
import { fileKeyProvider } from '../../../electron/services/vault/file-key-provider';
import { createVault } from '../../../electron/services/vault/vault';
import { SyncEngine } from '../../../electron/services/sync/engine';
import {
  createHubClient,
  HubRefusedRequest,
  type HubClient,
} from '../../../electron/services/sync/hub-client';
import { enrol, type StationIdentity } from '../../../electron/services/sync/identity';
import { SyncQueue } from '../../../electron/services/sync/queue';
import { hashPassword } from '../../../electron/services/accounts/password-hash';

export const PG_ADMIN_URL = process.env.HUB_TEST_PG ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export type Engine = 'postgres' | 'pglite';
export const ENGINES: readonly Engine[] = ['postgres', 'pglite'];

export interface TestDatabase {
  readonly db: HubDb;
  /** Set for PostgreSQL: other processes (a second hub) can open it. */
  readonly url: string | null;
  dispose(): Promise<void>;
}

export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const db = await openHubDb({ memory: true });
    await migrate(db);
    return { db, url: null, dispose: () => db.close() };
  }
  const name = `hub_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  const db = await openHubDb({ url });
  await migrate(db);
  return {
    db,
    url,
    async dispose() {
      await db.close();
      const a = new pg.Client({ connectionString: PG_ADMIN_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export interface TestStation {
  readonly identity: StationIdentity;
  readonly client: HubClient;
  readonly queue: SyncQueue;
  readonly engine: SyncEngine;
  readonly dir: string;
}

export interface TestHub {
  readonly db: HubDb;
  readonly pki: HubPki;
  readonly hub: RunningHub;
  readonly dir: string;
  station(name: string, options?: { hubUrl?: string }): Promise<TestStation>;
  /** Enrols a station for each name, one after the other, in that order. */
  stations<Names extends readonly string[]>(...names: Names): Promise<{ [K in keyof Names]: TestStation }>;
  operator(username: string, role: string): Promise<void>;
  dispose(): Promise<void>;
}

export async function startTestHub(
  db: HubDb,
  options: Partial<Omit<HubServerOptions, 'db' | 'pki'>> & { adapter?: MessageAdapter } = {},
): Promise<TestHub> {
  const dir = mkdtempSync(join(tmpdir(), 'hub-test-'));
  const pki = await createHubPki(join(dir, 'tls'), []);
  const hub = await startHub({
    db,
    pki,
    config: { leaseSeconds: 600, builtInRoots: [] },
    adapter: logAdapter(join(dir, 'sms.log')),
    documentVault: createVault(fileKeyProvider(join(dir, 'tls', 'documents.key'))),
    outboxIntervalMs: 100,
    notifyMs: 100,
    requestsPerSecond: 1000,
    ...options,
  });
  const stations: TestStation[] = [];
  const station: TestHub['station'] = async (name, opts = {}) => {
    const code = await createEnrolmentCode(db, pki, name);
    const identity = await enrol(opts.hubUrl ?? hub.url, code);
    const sdir = mkdtempSync(join(dir, 'station-'));
    const client = createHubClient(identity);
    const queue = new SyncQueue(join(sdir, 'sync.sqlite'));
    const engine = new SyncEngine({ queue, client, random: () => 0.5 });
    const s = { identity, client, queue, engine, dir: sdir };
    stations.push(s);
    return s;
  };
  return {
    db,
    pki,
    hub,
    dir,
    station,
    async stations(...names) {
      const enrolled: TestStation[] = [];
      for (const name of names) enrolled.push(await station(name));
      return enrolled as { [K in keyof typeof names]: TestStation };
    },
    operator: (username, role) => upsertOperator(db, username, username, role),
    async dispose() {
      for (const s of stations) {
        s.engine.stop();
        s.client.close();
        s.queue.close();
      }
      await hub.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Pushes one mutation through the station's queue and returns the hub's answer as recorded. */
export async function pushOne(s: TestStation, m: Parameters<SyncQueue['enqueue']>[0]) {
  const queued = s.queue.enqueue(m);
  await s.engine.syncNow();
  return s.queue.get(queued.id)!;
}

/** The hub's refusal of a call, as status, code and message; anything else fails the test. */
export const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => {
      if (!(e instanceof HubRefusedRequest)) throw e;
      return { status: e.status, code: e.code, message: e.message };
    },
  );

/**
 * Password hashing cost in hub tests, at the hub and the stations. At production cost a sign-in
 * takes the hub several seconds of scrypt on a loaded machine, past the station's 15 s answer time,
 * and the station would fall back to offline sign-in.
 */
export const FAST_SCRYPT = { logN: 10, r: 8, p: 1 };

/** What `hub operator set-password` stores, at the test's cost (the hub reads the cost from the hash). */
export async function setHubPassword(db: HubDb, username: string, password: string): Promise<void> {
  await db.query('UPDATE hub_operators SET password_hash = $2, password_set_at = now() WHERE username = $1', [
    username,
    await hashPassword(password, FAST_SCRYPT),
  ]);
}

export const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

export interface HubOnFreshDatabase {
  readonly tdb: TestDatabase;
  readonly t: TestHub;
  dispose(): Promise<void>;
}

/**
 * A hub on a fresh database with the operators upserted: the set-up most hub test files share. An
 * operator given a password has it set as `hub operator set-password` sets it (production cost,
 * audited in the hub's chain). dispose() stops the hub and the stations it enrolled, then drops
 * the database.
 */
export async function startHubOnFreshDatabase(
  engine: Engine,
  setup: {
    hub?: Parameters<typeof startTestHub>[1];
    operators?: readonly (readonly [username: string, role: string, password?: string])[];
  } = {},
): Promise<HubOnFreshDatabase> {
  const tdb = await createTestDatabase(engine);
  let t: TestHub | undefined;
  try {
    t = await startTestHub(tdb.db, setup.hub);
    for (const [username, role, password] of setup.operators ?? []) {
      await t.operator(username, role);
      if (password !== undefined) await setOperatorPassword(t.db, username, password);
    }
    const hub = t;
    return {
      tdb,
      t: hub,
      async dispose() {
        await hub.dispose();
        await tdb.dispose();
      },
    };
  } catch (e) {
    await t?.dispose();
    await tdb.dispose();
    throw e;
  }
}
