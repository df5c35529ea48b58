import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KeyProvider } from './key-provider';

export const KEY_BYTES = 32;

export class KeyFileError extends Error {
  override readonly name = 'KeyFileError';
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

function checkKeyFile(path: string): void {
  const stat = lstatSync(path);
  if (!stat.isFile())
    throw new KeyFileError(`The document key ${path} is not a regular file; refusing to use it.`);
  if (process.platform === 'win32') return; // No POSIX modes; the profile directory's ACL protects it.
  const loose = stat.mode & 0o077;
  if (loose !== 0) {
    throw new KeyFileError(
      `The document key ${path} is readable by others (mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')}); ` +
        `run 'chmod 600 ${path}' if it is yours, or restore it from a safe copy.`,
    );
  }
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
    throw new KeyFileError(`The document key ${path} belongs to another user; refusing to use it.`);
  }
}

function create(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // 'wx': never overwrite a key another process created a moment ago; that would orphan its files.
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, randomBytes(KEY_BYTES));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * A key in its own file, mode 0600, created with 32 random bytes on first use. Refuses a key file
 * others can read: a key anyone can read protects nothing, and silently tightening it would hide
 * that it may already have leaked. Keep the file outside the data directory's database (and its
 * backups), e.g. `<dataDir>/keys/documents.key`.
 */
export function fileKeyProvider(path: string): KeyProvider {
  return {
    description: `key file ${path}`,
    loadKey() {
      try {
        checkKeyFile(path);
      } catch (error) {
        if (!isMissing(error)) throw error;
        try {
          create(path);
        } catch (createError) {
          const raced =
            createError instanceof Error && 'code' in createError && createError.code === 'EEXIST';
          if (!raced) throw createError;
        }
        checkKeyFile(path);
      }
      const key = readFileSync(path);
      if (key.length !== KEY_BYTES) {
        throw new KeyFileError(
          `The document key ${path} holds ${key.length} bytes, not ${KEY_BYTES}; it is damaged.`,
        );
      }
      return key;
    },
  };
}
