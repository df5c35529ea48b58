/**
 * `pos-station hub …` and `pos-station sync …` end to end: on PostgreSQL, init, an operator, an
 * enrolment code, serve, a station enrols over the network and syncs; on the embedded database (the
 * default without --database), init, and a second opener refused while one holds it; bad flags are
 * errors; a refused correction retried and discarded from the command line. (The flow runs on PostgreSQL because each embedded open in a fresh process costs seconds.)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveIdentity } from '../../../electron/services/sync/identity';
import { SyncQueue } from '../../../electron/services/sync/queue';
import { openHubDb } from '../../../server/db/db';
import { createTestDatabase, type TestDatabase } from './harness';

const ROOT = join(__dirname, '..', '..', '..');
/** tsx as a loader, not its CLI: one process per command, so signals reach it. */
const TSX = ['--import', 'tsx'];
const RUNNER = join(__dirname, 'run-cli.ts');
let work: string;
let hubDir: string;
let stationDir: string;
let serving: ChildProcess | null = null;
let tdb: TestDatabase;
let url: string;

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [...TSX, RUNNER, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '' },
    timeout: 90_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** `hub operator add` at the hub in `hubDir`; `databaseFlags` come before the command (none: the default database). */
const addOperator = (databaseFlags: string[], username: string, name: string, role: string) =>
  cli(
    'hub',
    '--dir',
    hubDir,
    ...databaseFlags,
    'operator',
    'add',
    '--username',
    username,
    '--name',
    name,
    '--role',
    role,
  );

/** `sync enroll` of the station whose data directory is `dataDir`. */
const syncEnroll = (dataDir: string, hub: string, code: string) =>
  cli('--data-dir', dataDir, 'sync', 'enroll', '--hub', hub, '--code', code);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

beforeAll(async () => {
  tdb = await createTestDatabase('postgres');
  url = tdb.url!;
  work = mkdtempSync(join(tmpdir(), 'hub-cli-'));
  hubDir = join(work, 'hub');
  stationDir = join(work, 'station');
});
afterAll(async () => {
  serving?.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
  await tdb?.dispose();
});

it('on PostgreSQL: init, operator, enrolment code, serve; a station enrols and syncs', async () => {
  const init = cli('hub', '--dir', hubDir, '--database', url, 'init');
  expect(init.err).toBe('');
  expect(init.out).toMatch(/CA fingerprint \(SHA-256\): [0-9a-f]{64}/);
  expect(init.out).toContain('hub_test_');

  expect(addOperator(['--database', url], 'wang', 'Wang', 'reviewer').code).toBe(0);
  const badRole = addOperator([], 'x', 'X', 'boss');
  expect(badRole.code).toBe(1);
  expect(badRole.err).toContain('--role');

  // A sign-in lockout (as five wrong passwords leave it) lifted from the command line.
  await tdb.db.query(
    "INSERT INTO hub_signin_lockouts (username, lockouts, locked_until) VALUES ('wang', 1, now() + interval '15 minutes')",
  );
  expect(cli('hub', '--dir', hubDir, '--database', url, 'unlock', 'wang').out).toContain(
    'sign-in lockout of wang lifted',
  );
  const [lock] = await tdb.db.query<{ locked_until: Date | null }>(
    "SELECT locked_until FROM hub_signin_lockouts WHERE username = 'wang'",
  );
  expect(lock!.locked_until).toBeNull();
  const unknown = cli('hub', '--dir', hubDir, '--database', url, 'unlock', 'nobody');
  expect(unknown.code).toBe(1);
  expect(unknown.err).toContain('nobody');

  const code = cli(
    'hub',
    '--dir',
    hubDir,
    '--database',
    url,
    'enroll-station',
    '--name',
    'Counter 1',
  ).out.trim();
  expect(code).toMatch(/^[\w-]+\.[0-9a-f]{16}$/);

  const port = await freePort();
  serving = spawn(
    process.execPath,
    [
      ...TSX,
      RUNNER,
      'hub',
      '--dir',
      hubDir,
      '--database',
      url,
      'serve',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DATABASE_URL: '' },
    },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`hub did not start: ${out}`)), 90_000);
    serving!.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('hub listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    serving!.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  });

  const enrolled = syncEnroll(stationDir, `https://localhost:${port}`, code);
  expect(enrolled.err).toBe('');
  expect(enrolled.out).toContain('enrolled as "Counter 1"');
  const reuse = syncEnroll(join(work, 'other'), `https://localhost:${port}`, code);
  expect(reuse.code).toBe(1);
  expect(reuse.err).toContain('already used');

  const now = cli('--data-dir', stationDir, 'sync', 'now');
  expect(now.err).toBe('');
  expect(now.out).toMatch(/pushed 0 .* pulled \d+ changes/);
  const status = JSON.parse(cli('--data-dir', stationDir, 'sync', 'status', '--json').out) as Record<
    string,
    unknown
  >;
  expect(status).toMatchObject({ enrolled: true, pending: 0, attention: 0 });
  expect(status.lastSyncAt).toEqual(expect.any(String));

  serving.kill('SIGTERM');
  await new Promise((r) => serving!.once('exit', r));
  serving = null;
  const stations = cli('hub', '--dir', hubDir, '--database', url, 'stations', '--json');
  expect(JSON.parse(stations.out)).toEqual([
    expect.objectContaining({ name: 'Counter 1', revoked: false, lastSeenAt: expect.any(String) }),
  ]);
  const compact = cli('hub', '--dir', hubDir, '--database', url, 'compact');
  expect(compact).toMatchObject({ code: 0, err: '' });
  expect(compact.out).toMatch(/^change log: \d+ superseded rows dropped, [1-9]\d* kept\n$/);
}, 300_000); // a dozen processes, each starting TypeScript, on a shared 2-core machine

it('embedded by default: init makes a PGlite database; a second opener is refused while one holds it', async () => {
  const dir = join(work, 'embedded');
  const init = cli('hub', '--dir', dir, 'init');
  expect(init.err).toBe('');
  expect(init.out).toContain('embedded PGlite');
  const held = await openHubDb({ pgliteDir: join(dir, 'pgdata') });
  try {
    const second = cli('hub', '--dir', dir, 'status');
    expect(second.code).toBe(1);
    expect(second.err).toContain(`in use by process ${process.pid}`);
  } finally {
    await held.close();
  }
  expect(cli('hub', '--dir', dir, 'init').err).toMatch(/already exists/);
}, 300_000);

it('bad input is an error naming the flag, with a non-zero exit', () => {
  const port = cli('hub', '--dir', join(work, 'nohub'), 'serve', '--port', '70000');
  expect(port.code).toBe(1);
  expect(port.err).toContain('--port');
  const pool = cli('hub', '--dir', join(work, 'nohub'), 'serve', '--pool', '0');
  expect(pool.code).toBe(1);
  expect(pool.err).toContain('--pool');
  const notify = cli('hub', '--dir', join(work, 'nohub'), 'serve', '--notify-ms', '0.5');
  expect(notify.code).toBe(1);
  expect(notify.err).toContain('--notify-ms');
  const url = syncEnroll(join(work, 's2'), 'ftp://x', 'a.0123456789abcdef');
  expect(url.code).toBe(1);
  expect(url.err).toContain('--hub');
  const standalone = cli('--data-dir', join(work, 's3'), 'sync', 'now');
  expect(standalone.code).toBe(1);
  expect(standalone.err).toContain('not enrolled');
  const db = cli('hub', '--dir', join(work, 'h4'), '--database', 'mysql://x', 'status');
  expect(db.code).toBe(1);
  expect(db.err).toContain('--database');
});

it('sync retry re-bases a stale correction on the rejection pulled since; sync discard withdraws its unsent documents', () => {
  const dir = join(work, 'corrections');
  saveIdentity(dir, {
    hubUrl: 'https://localhost:1',
    stationId: 'S-A',
    name: 'Counter A',
    certPem: '-',
    keyPem: '-',
    caPem: '-',
  });
  const file = join(dir, 'sync.sqlite');
  const pulled = (q: SyncQueue, status: string, token: number) =>
    q.applyPage(
      [{ entity: 'case', key: 'C1', data: { status, token, originStation: 'S-B', holderStation: null } }],
      `1:${token}`,
    );
  const refuse = (q: SyncQueue, id: string) =>
    q.recordAnswers([{ id, status: 'refused', code: 'RESUBMISSION_STALE', message: 'x', messageZh: 'x' }]);
  let q = new SyncQueue(file);
  const stale = q.enqueue({
    kind: 'application.resubmit',
    operator: 'zhou',
    payload: { caseId: 'C1', phone: '13900000007', slaDue: '2026-12-10T00:00:00Z' },
    basis: { token: 3 },
  });
  refuse(q, stale.id);
  pulled(q, 'rejected', 4);
  q.sqlite
    .prepare(
      "INSERT INTO sync_documents (case_id, doc_id, kind, sealed, key_sealed, uploaded) VALUES ('C1', 'proof', 'proof', x'00', x'00', 0)",
    )
    .run();
  q.close();

  const retried = cli('--data-dir', dir, 'sync', 'retry', '--id', stale.id);
  expect(retried.err).toBe('');
  const again = /queued again as (\S+)/.exec(retried.out)![1]!;
  q = new SyncQueue(file);
  expect(q.get(again)).toMatchObject({ state: 'pending', basis: { token: 4 } });
  refuse(q, again);
  pulled(q, 'open', 4); // corrected at another station meanwhile
  q.close();

  expect(cli('--data-dir', dir, 'sync', 'discard', '--id', again).err).toBe('');
  q = new SyncQueue(file);
  expect(q.get(again)!.state).toBe('discarded');
  expect(q.sqlite.prepare("SELECT count(*) FROM sync_documents WHERE case_id = 'C1'").pluck().get()).toBe(0);
  q.close();
}, 300_000);
