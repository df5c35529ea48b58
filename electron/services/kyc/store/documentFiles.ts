import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { KycSecrets } from './secrets';

/**
 * Document files, encrypted at rest under the data directory. Paths are relative to the data
 * directory so the store survives being moved; the relative path is the AEAD context, so a file
 * swapped for another application's file fails to open.
 */
export interface DocumentFiles {
  /** Writes atomically (temp file + rename); returns the relative path. */
  write(relativePath: string, bytes: Buffer): string;
  read(relativePath: string): Buffer;
  /** For undoing files written by a transaction that rolled back. */
  remove(relativePath: string): void;
}

export function documentPath(applicationId: string, documentId: string): string {
  return join('kyc', 'documents', applicationId, `${documentId}.sealed`);
}

export function createDocumentFiles(dataDir: string, secrets: KycSecrets): DocumentFiles {
  const context = (relativePath: string) => `document:${relativePath.split('\\').join('/')}`;
  return {
    write(relativePath, bytes) {
      const full = join(dataDir, relativePath);
      mkdirSync(dirname(full), { recursive: true });
      const temp = `${full}.tmp`;
      writeFileSync(temp, secrets.seal(bytes, context(relativePath)), { mode: 0o600 });
      renameSync(temp, full);
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
