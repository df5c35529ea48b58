import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * The temporary file a reprice writes before renaming it over the output. Its name carries the
 * writer's process id, so a later run (or the station at start, for its data directory) can tell
 * a file whose writer was killed from one still being written, and remove only the former.
 */
const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-f]{8}\.reprice\.tmp$/;

export function repriceTempPath(output: string): string {
  const tag = randomBytes(4).toString('hex');
  return join(dirname(output), `.${basename(output)}.${process.pid}.${tag}.reprice.tmp`);
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user — still running.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes reprice temp files in `dir` left by a process that no longer runs (killed mid-way, power
 * loss). Files of a running reprice are left alone. Returns the names removed. Process ids are
 * only meaningful on this machine: a directory shared between machines should not be used for
 * reprice output.
 */
export function removeStaleRepriceTemps(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = TEMP_NAME.exec(name);
    if (match === null || isRunning(Number(match[1]))) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}
