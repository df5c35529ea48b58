/**
 * `pos-station hub serve` in a process of its own, for the tests that run several hubs on one
 * database or kill one mid-request.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');

/** A TCP port free on 127.0.0.1 at the moment of asking. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Waits for a line on a child's stdout. */
export function lineFrom(proc: ChildProcess, word: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no "${word}" in ${timeoutMs} ms: ${out}`)), timeoutMs);
    const on = (c: Buffer) => {
      out += c.toString();
      if (out.includes(word)) {
        clearTimeout(timer);
        proc.stdout!.off('data', on);
        resolve();
      }
    };
    proc.stdout!.on('data', on);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      if (!out.includes(word)) reject(new Error(`exited ${code} before "${word}": ${out}`));
    });
  });
}

/**
 * A hub process sharing the test hub's directory (its CA) and database; resolves once it listens.
 * Its stderr goes to the test's.
 */
export async function spawnHubServe(
  hub: { dir: string; databaseUrl: string },
  options: { extraArgs?: readonly string[]; timeoutMs: number },
): Promise<{ port: number; url: string; proc: ChildProcess }> {
  const port = await freePort();
  const proc = spawn(
    process.execPath,
    [
      // tsx as a loader, not its CLI: one process, so SIGKILL reaches the hub itself.
      '--import',
      'tsx',
      join(ROOT, 'server', 'main.ts'),
      'hub',
      '--dir',
      hub.dir,
      '--database',
      hub.databaseUrl,
      'serve',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      ...(options.extraArgs ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], cwd: ROOT },
  );
  try {
    await lineFrom(proc, 'hub listening', options.timeoutMs);
  } catch (e) {
    proc.kill('SIGKILL');
    throw e;
  }
  return { port, url: `https://localhost:${port}`, proc };
}
