import { closeSync, mkdirSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { KycSecrets } from './secrets';

/** Where one sealed document sits: in which pack file, at which bytes. */
export interface DocumentLocation {
  /** Relative to the data directory, so the store survives being moved. */
  readonly file: string;
  readonly offset: number;
  readonly length: number;
}

/**
 * Document files, encrypted at rest under the data directory. The new documents of one submission
 * go into one pack file — each sealed on its own, its document id bound as associated data, so a
 * part moved to another document fails to open — because creating files, not writing bytes, is
 * what costs most when a bundle of ten thousand applications comes in.
 */
export interface DocumentFiles {
  /** Seals and writes the documents to a new pack file (never overwrites one). */
  writePack(relativePath: string, documents: readonly { id: string; bytes: Buffer }[]): DocumentLocation[];
  read(location: DocumentLocation, documentId: string): Buffer;
  /** For undoing a pack written by a transaction that rolled back. */
  remove(relativePath: string): void;
}

/** 256 shard directories by the pack id's first two hex digits, rather than one directory per application. */
export function packPath(packId: string): string {
  return join('kyc', 'documents', packId.slice(0, 2), `${packId}.sealed`);
}

const context = (documentId: string) => `document:${documentId}`;

export function createDocumentFiles(dataDir: string, secrets: KycSecrets): DocumentFiles {
  const made = new Set<string>();
  return {
    writePack(relativePath, documents) {
      const full = join(dataDir, relativePath);
      const dir = dirname(full);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        made.add(dir);
      }
      const sealed = documents.map((d) => secrets.seal(d.bytes, context(d.id)));
      let offset = 0;
      const locations = sealed.map((part) => {
        const location = { file: relativePath, offset, length: part.length };
        offset += part.length;
        return location;
      });
      // No temp-and-rename: a pack cut short by a crash has no committed row, so nothing reads it.
      writeFileSync(full, Buffer.concat(sealed), { mode: 0o600, flag: 'wx' });
      return locations;
    },
    read(location, documentId) {
      const fd = openSync(join(dataDir, location.file), 'r');
      try {
        const part = Buffer.alloc(location.length);
        const read = readSync(fd, part, 0, location.length, location.offset);
        if (read !== location.length)
          throw new Error(`Document ${documentId} is cut short in ${location.file}.`);
        return secrets.open(part, context(documentId));
      } finally {
        closeSync(fd);
      }
    },
    remove(relativePath) {
      rmSync(join(dataDir, relativePath), { force: true });
    },
  };
}
