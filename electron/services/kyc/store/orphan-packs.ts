import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../../store/database';
import { PACK_ROOT, packPath } from './document-files';
import { OPEN_DROPS } from './document-drops';
import { statement } from './statements';

const PACK_FILE = /^([0-9a-f]{32})\.sealed$/;

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * Deletes the document packs no committed row points at: what an import or counter entry killed
 * mid-way leaves (its transaction never committed, so nothing reads the file, but it holds
 * encrypted personal documents), and what a document drop (document-drops.ts) killed on either side
 * of its commit leaves. Runs under the store's write lock: a writer appends to its pack
 * only inside its own immediate transaction, so while this holds the lock no pack is being
 * written, in this process or another, and every unreferenced pack is an orphan. Returns the
 * paths removed, relative to the data directory.
 */
export function removeOrphanPacks(db: Db, dataDir: string): string[] {
  return db
    .transaction(() => {
      const referenced = new Set(
        // A dropped document's row still names the pack its bytes were deleted from: not a reference.
        statement(db, `SELECT DISTINCT file FROM kyc_documents WHERE id NOT IN (${OPEN_DROPS})`)
          .pluck()
          .all() as string[],
      );
      const removed: string[] = [];
      for (const shard of listDir(join(dataDir, PACK_ROOT))) {
        for (const name of listDir(join(dataDir, PACK_ROOT, shard))) {
          const id = PACK_FILE.exec(name)?.[1];
          // Only our own pack names, in the shard their id puts them in; anything else is left alone.
          if (id === undefined || packPath(id) !== join(PACK_ROOT, shard, name)) continue;
          if (referenced.has(packPath(id))) continue;
          rmSync(join(dataDir, packPath(id)), { force: true });
          removed.push(packPath(id));
        }
      }
      return removed;
    })
    .immediate();
}
