import { chmodSync, closeSync, lstatSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';

/** The store and what sits beside it hold password hashes, keys and documents: owner only. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const POSIX = process.platform !== 'win32';

/**
 * Sets `mode` on a file or directory this user owns, if it differs. Never follows a symlink, never
 * touches what belongs to someone else, and never a sticky shared folder (a data directory given
 * as /tmp must not close /tmp to everyone else).
 */
function tighten(path: string, mode: number): void {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return;
  }
  if (stat.isSymbolicLink() || (stat.mode & 0o1000) !== 0) return;
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) return;
  if ((stat.mode & 0o777) !== mode) chmodSync(path, mode);
}

/**
 * Creates the store file 0600 before SQLite opens it: SQLite gives its -wal and -shm files the
 * mode of the database file, so they are private from the first write. Existing files are
 * tightened (stores made by earlier versions were 0644).
 */
export function privateStoreFile(file: string): void {
  if (!POSIX) return;
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) tighten(path, PRIVATE_FILE_MODE);
}

/** The data directory and its keys/, logs/ and KYC document folders 0700; the log 0600. */
export function privateDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (!POSIX) return;
  tighten(dataDir, PRIVATE_DIR_MODE);
  for (const sub of ['keys', 'logs', 'kyc', join('kyc', 'documents')]) {
    tighten(join(dataDir, sub), PRIVATE_DIR_MODE);
  }
  tighten(join(dataDir, 'logs', 'station.log'), PRIVATE_FILE_MODE);
}
