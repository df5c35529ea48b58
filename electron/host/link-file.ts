import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  lstatSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/**
 * How `pos-station link` reaches the running browser-hosted station: a 0600 file in the data
 * directory (itself 0700) with the port and a secret. Only the OS user who runs the station can
 * read it; whoever can is already trusted with the whole data directory.
 */
export interface HostLinkFile {
  readonly port: number;
  readonly pid: number;
  readonly secret: string;
}

export function hostLinkPath(dataDir: string): string {
  return join(dataDir, 'host.json');
}

export function newLinkSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function sameSecret(offered: string | undefined, secret: string): boolean {
  if (offered === undefined) return false;
  const a = Buffer.from(offered);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function writeHostLinkFile(dataDir: string, link: HostLinkFile): void {
  const path = hostLinkPath(dataDir);
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(link) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

/** Removes the file only if it is still this process's (another station may have started since). */
export function removeHostLinkFile(dataDir: string, pid: number = process.pid): void {
  const current = readHostLinkFile(dataDir);
  if (typeof current === 'object' && current.pid === pid) rmSync(hostLinkPath(dataDir), { force: true });
}

/** The file, or why it cannot be used, in words. */
export function readHostLinkFile(dataDir: string): HostLinkFile | string {
  const path = hostLinkPath(dataDir);
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return `No browser-hosted station is running for ${dataDir} (start one with 'pos-station serve').`;
  }
  if (!stat.isFile()) return `${path} is not a regular file; refusing to use it.`;
  if (process.platform !== 'win32') {
    if ((stat.mode & 0o077) !== 0) return `${path} is readable by others; refusing to use it.`;
    if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
      return `${path} belongs to another user; only the user running the station can make a link.`;
    }
  }
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<HostLinkFile>;
    if (
      Number.isInteger(parsed.port) &&
      Number.isInteger(parsed.pid) &&
      typeof parsed.secret === 'string' &&
      parsed.secret.length > 0
    ) {
      return { port: parsed.port!, pid: parsed.pid!, secret: parsed.secret };
    }
  } catch {
    // fall through
  }
  return `${path} is damaged; restart the station.`;
}
