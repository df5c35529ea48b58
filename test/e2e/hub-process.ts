import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createServer } from 'node:net';

const CLI = join(__dirname, '..', '..', 'out', 'main', 'cli.js');
const run = promisify(execFile);

export interface HubProcess {
  readonly url: string;
  /** One one-time enrolment code per station name asked for, in order. */
  readonly codes: readonly string[];
  stop(): Promise<void>;
}

/** A port nobody listens on now (`hub serve` takes no port 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function hub(dir: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [CLI, 'hub', '--dir', dir, ...args], { timeout: 180_000 });
  return stdout;
}

/**
 * An embedded hub (PGlite) in a temp directory, the way the README's trial starts one: init, the
 * operators the stations' reviewers sign in as, one enrolment code per station, then `hub serve`.
 */
export async function startHub(options: {
  readonly stations: readonly string[];
  /** Each signs in at enrolled stations with this password (set at the hub). */
  readonly operators: readonly { username: string; name: string; role: string; password: string }[];
  readonly leaseSeconds: number;
}): Promise<HubProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'pos-e2e-hub-'));
  await hub(dir, 'init');
  for (const op of options.operators) {
    await hub(dir, 'operator', 'add', '--username', op.username, '--name', op.name, '--role', op.role);
    await run(
      process.execPath,
      [CLI, 'hub', '--dir', dir, 'operator', 'set-password', '--username', op.username],
      {
        timeout: 180_000,
        env: { ...process.env, POS_OPERATOR_PASSWORD: op.password },
      },
    );
  }
  const codes: string[] = [];
  for (const name of options.stations)
    codes.push((await hub(dir, 'enroll-station', '--name', name)).trim().split('\n').at(-1)!.trim());
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      CLI,
      'hub',
      '--dir',
      dir,
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--lease-seconds',
      String(options.leaseSeconds),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const deadline = Date.now() + 120_000;
  while (!/hub listening on https:\/\/[^:]+:(\d+)/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`The hub did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `https://127.0.0.1:${port}`,
    codes,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => {
          if (!process.env.E2E_KEEP_DATA) rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
