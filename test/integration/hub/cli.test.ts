/**
 * `pos-station hub …` and `pos-station sync …` end to end, on the embedded database (the default
 * without --database): init, an operator, an enrolment code, serve, a station enrols over the
 * network and syncs; a second hub on the same embedded database is refused; bad flags are errors.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
/** tsx as a loader, not its CLI: one process per command, so signals reach it. */
const TSX = ['--import', 'tsx'];
const RUNNER = join(__dirname, 'run-cli.ts');
let work: string;
let hubDir: string;
let stationDir: string;
let serving: ChildProcess | null = null;

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [...TSX, RUNNER, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '' },
    timeout: 90_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'hub-cli-'));
  hubDir = join(work, 'hub');
  stationDir = join(work, 'station');
});
afterAll(() => {
  serving?.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

it('init, operator, enrolment code, serve; a station enrols and syncs; one embedded database, one hub', async () => {
  const init = cli('hub', '--dir', hubDir, 'init');
  expect(init.err).toBe('');
  expect(init.out).toMatch(/CA fingerprint \(SHA-256\): [0-9a-f]{64}/);
  expect(init.out).toContain('embedded PGlite');
  expect(cli('hub', '--dir', hubDir, 'init').err).toMatch(/already exists/);

  expect(
    cli(
      'hub',
      '--dir',
      hubDir,
      'operator',
      'add',
      '--username',
      'wang',
      '--name',
      'Wang',
      '--role',
      'reviewer',
    ).code,
  ).toBe(0);
  const badRole = cli(
    'hub',
    '--dir',
    hubDir,
    'operator',
    'add',
    '--username',
    'x',
    '--name',
    'X',
    '--role',
    'boss',
  );
  expect(badRole.code).toBe(1);
  expect(badRole.err).toContain('--role');

  const code = cli('hub', '--dir', hubDir, 'enroll-station', '--name', 'Counter 1').out.trim();
  expect(code).toMatch(/^[\w-]+\.[0-9a-f]{16}$/);

  const port = await freePort();
  serving = spawn(
    process.execPath,
    [...TSX, RUNNER, 'hub', '--dir', hubDir, 'serve', '--port', String(port), '--host', '127.0.0.1'],
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

  // While it serves, nothing else may open its embedded database.
  const second = cli('hub', '--dir', hubDir, 'stations');
  expect(second.code).toBe(1);
  expect(second.err).toMatch(/in use by process \d+/);

  const enrolled = cli(
    '--data-dir',
    stationDir,
    'sync',
    'enroll',
    '--hub',
    `https://localhost:${port}`,
    '--code',
    code,
  );
  expect(enrolled.err).toBe('');
  expect(enrolled.out).toContain('enrolled as "Counter 1"');
  const reuse = cli(
    '--data-dir',
    join(work, 'other'),
    'sync',
    'enroll',
    '--hub',
    `https://localhost:${port}`,
    '--code',
    code,
  );
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
  const stations = cli('hub', '--dir', hubDir, 'stations', '--json');
  expect(JSON.parse(stations.out)).toEqual([
    expect.objectContaining({ name: 'Counter 1', revoked: false, lastSeenAt: expect.any(String) }),
  ]);
}, 300_000); // a dozen processes, each starting TypeScript and the embedded database, on a shared 2-core machine

it('bad input is an error naming the flag, with a non-zero exit', () => {
  const port = cli('hub', '--dir', join(work, 'nohub'), 'serve', '--port', '70000');
  expect(port.code).toBe(1);
  expect(port.err).toContain('--port');
  const url = cli(
    '--data-dir',
    join(work, 's2'),
    'sync',
    'enroll',
    '--hub',
    'ftp://x',
    '--code',
    'a.0123456789abcdef',
  );
  expect(url.code).toBe(1);
  expect(url.err).toContain('--hub');
  const standalone = cli('--data-dir', join(work, 's3'), 'sync', 'now');
  expect(standalone.code).toBe(1);
  expect(standalone.err).toContain('not enrolled');
  const db = cli('hub', '--dir', join(work, 'h4'), '--database', 'mysql://x', 'status');
  expect(db.code).toBe(1);
  expect(db.err).toContain('--database');
});
