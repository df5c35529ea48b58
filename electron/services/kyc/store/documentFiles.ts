import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { KycSecrets } from './secrets';

/**
 * Document files, encrypted at rest under the data directory. Paths are relative to the data
 * directory so the store survives being moved; the relative path is the AEAD context, so a file
 * swapped for another document's file fails to open.
 */
export interface DocumentFiles {
  /** Writes a new file (never overwrites); returns the relative path. */
  write(relativePath: string, bytes: Buffer): string;
  read(relativePath: string): Buffer;
  /** For undoing files written by a transaction that rolled back. */
  remove(relativePath: string): void;
}

/** 256 shard directories by the id's first two hex digits, rather than one directory per application. */
export function documentPath(documentId: string): string {
  return join('kyc', 'documents', documentId.slice(0, 2), `${documentId}.sealed`);
}

export function createDocumentFiles(dataDir: string, secrets: KycSecrets): DocumentFiles {
  const context = (relativePath: string) => `document:${relativePath.split('\\').join('/')}`;
  const made = new Set<string>();
  return {
    write(relativePath, bytes) {
      const full = join(dataDir, relativePath);
      const dir = dirname(full);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        made.add(dir);
      }
      // No temp-and-rename: a file cut short by a crash has no committed row, so nothing reads it.
      writeFileSync(full, secrets.seal(bytes, context(relativePath)), { mode: 0o600, flag: 'wx' });
      return relativePath;
    },
    read(relativePath) {
      return secrets.open(readFileSync(join(dataDir, relativePath)), context(relativePath));
    },
    remove(relativePath) {
      rmSync(join(dataDir, relativePath), { force: true });
    },
  };
}
