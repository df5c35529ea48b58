import { closeSync, fsyncSync, mkdirSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { newId } from './ids';
import type { KycSecrets } from './secrets';

/** Where one sealed document sits: in which pack file, at which bytes. */
export interface DocumentLocation {
  /** Relative to the data directory, so the store survives being moved. */
  readonly file: string;
  readonly offset: number;
  readonly length: number;
}

/**
 * A new pack file being written by one transaction: the documents of every submission the
 * transaction stores go into it, each sealed on its own with its document id bound as associated
 * data (a part moved to another document fails to open). Creating files, not writing bytes, is
 * what costs most when a bundle of ten thousand applications comes in.
 */
export interface DocumentPack {
  append(documents: readonly { id: string; bytes: Buffer }[]): DocumentLocation[];
  /**
   * Sealed parts as they are (read with `readSealed`): moving a document to another pack keeps its
   * seal, which binds the document id, not the file.
   */
  appendSealed(parts: readonly Buffer[]): DocumentLocation[];
  /**
   * Makes the pack durable (file and directory entry). Call as the last step inside the
   * transaction, before it commits: a committed row must never point at bytes a power cut lost.
   */
  sync(): void;
  /** After the transaction committed. */
  close(): void;
  /** After the transaction rolled back: close and delete; no row points into the pack. */
  discard(): void;
}

export interface DocumentFiles {
  /** Opens a new pack; the file appears on the first append. */
  openPack(): DocumentPack;
  read(location: DocumentLocation, documentId: string): Buffer;
  /** The sealed bytes of one document, unopened (to move them into another pack). */
  readSealed(location: DocumentLocation, documentId: string): Buffer;
}

/** Where the packs live, relative to the data directory. */
export const PACK_ROOT = join('kyc', 'documents');

/** 256 shard directories by the pack id's first two hex digits. */
export function packPath(packId: string): string {
  return join(PACK_ROOT, packId.slice(0, 2), `${packId}.sealed`);
}

const context = (documentId: string) => `document:${documentId}`;

function readPart(dataDir: string, location: DocumentLocation, documentId: string): Buffer {
  const fd = openSync(join(dataDir, location.file), 'r');
  try {
    const part = Buffer.alloc(location.length);
    const read = readSync(fd, part, 0, location.length, location.offset);
    if (read !== location.length) throw new Error(`Document ${documentId} is cut short in ${location.file}.`);
    return part;
  } finally {
    closeSync(fd);
  }
}

export function createDocumentFiles(dataDir: string, secrets: KycSecrets): DocumentFiles {
  const made = new Set<string>();
  return {
    openPack() {
      const relativePath = packPath(newId());
      const full = join(dataDir, relativePath);
      let fd: number | null = null;
      let offset = 0;
      const close = () => {
        if (fd !== null) closeSync(fd);
        fd = null;
      };
      const write = (sealed: readonly Buffer[]): DocumentLocation[] => {
        if (fd === null) {
          const dir = dirname(full);
          if (!made.has(dir)) {
            mkdirSync(dir, { recursive: true, mode: 0o700 });
            made.add(dir);
          }
          // 'wx': a pack is never overwritten. A pack cut short by a crash before the commit has
          // no committed row pointing into it; removeOrphanPacks deletes it at the next start.
          fd = openSync(full, 'wx', 0o600);
        }
        const locations = sealed.map((part) => {
          const location = { file: relativePath, offset, length: part.length };
          offset += part.length;
          return location;
        });
        const bytes = Buffer.concat(sealed);
        let written = 0;
        while (written < bytes.length) written += writeSync(fd, bytes, written);
        return locations;
      };
      return {
        append: (documents) => write(documents.map((d) => secrets.seal(d.bytes, context(d.id)))),
        appendSealed: write,
        sync() {
          if (fd === null) return;
          fsyncSync(fd);
          // The new file's directory entry too; Windows cannot open a directory, and NTFS
          // journals the entry with the file.
          if (process.platform !== 'win32') {
            const dirFd = openSync(dirname(full), 'r');
            try {
              fsyncSync(dirFd);
            } finally {
              closeSync(dirFd);
            }
          }
        },
        close,
        discard() {
          close();
          rmSync(full, { force: true });
        },
      };
    },
    read(location, documentId) {
      return secrets.open(readPart(dataDir, location, documentId), context(documentId));
    },
    readSealed: (location, documentId) => readPart(dataDir, location, documentId),
  };
}
