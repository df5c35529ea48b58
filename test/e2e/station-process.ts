import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StationProcess {
  readonly url: string;
  readonly origin: string;
  readonly adminPassword: string;
  readonly output: () => string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/**
 * The day every end-to-end station lives on: before the announced 0.65% credit change takes
 * effect and inside the holiday calendar, so what the screens show does not drift with the date
 * the suite happens to run on.
 */
export const DEMO_DATE = '2026-11-25T10:00:00+08:00';

/**
 * Starts the built browser-hosted station the way `npm start` does, on a fresh data dir; with
 * `demo: false`, a station with an empty store (no seeded applicants, no simulated terminals).
 */
export async function startStation(
  options: { demoDate?: string; demo?: boolean } = {},
): Promise<StationProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pos-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(__dirname, '..', '..', 'out', 'main', 'cli.js'),
      'serve',
      // (The demo date is the demo's: a station with an empty store lives on the real clock.)
      ...(options.demo === false ? [] : ['--demo', '--demo-date', options.demoDate ?? DEMO_DATE]),
      '--port',
      '0',
      '--data-dir',
      dataDir,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  // A demo start (60 applications seeded, five simulator processes) took 36 s at load 21 on 2 cores,
  // and more than 90 s at load 29.
  const deadline = Date.now() + 170_000;
  while (!/Open: (\S+)/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`The station did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = /Open: (\S+)/.exec(output)![1]!;
  const adminPassword = /admin[^\n]*?:\s*(\S+)\s*$/m.exec(output)?.[1] ?? '';
  return {
    url,
    origin: new URL(url).origin,
    adminPassword,
    dataDir,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => {
          // E2E_KEEP_DATA=1 keeps the data directory (store, logs) to look into a failure.
          if (!process.env.E2E_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
