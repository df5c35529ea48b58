import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Migration } from './migration';
import { sqliteNativeOptions } from './native-binding';
import { PRIVATE_DIR_MODE, privateStoreFile } from './permissions';
import { migrations as shippedMigrations } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  /** ':memory:' for tests that need no file. */
  readonly file: string;
  readonly migrations?: readonly Migration[];
}

/**
 * Opens the station's store: WAL so readers never block the writer, synchronous=FULL so a
 * committed transaction survives a power cut, foreign keys on, and every pending migration
 * applied in its own transaction. The file and its WAL are the owner's only (permissions.ts).
 */
export function openDatabase(options: OpenOptions): Db {
  if (options.file !== ':memory:') {
    mkdirSync(dirname(options.file), { recursive: true, mode: PRIVATE_DIR_MODE });
    privateStoreFile(options.file);
  }
  const db = new Database(options.file, sqliteNativeOptions());
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, options.migrations ?? shippedMigrations);
  return db;
}

export function migrate(db: Db, migrations: readonly Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied = new Set(
    db
      .prepare('SELECT version FROM schema_migrations')
      .pluck()
      .all()
      .map((v) => Number(v)),
  );
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.version === sorted[i - 1]!.version) {
      throw new Error(`Two migrations share version ${sorted[i]!.version}`);
    }
  }
  const newest = sorted.at(-1)?.version ?? 0;
  const newestApplied = Math.max(0, ...applied);
  if (newestApplied > newest) {
    throw new Error(
      `This data directory was written by a newer POS Station (schema ${newestApplied} > ${newest}); refusing to open it.`,
    );
  }
  const ran: number[] = [];
  for (const m of sorted) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        new Date().toISOString(),
      );
    })();
    ran.push(m.version);
  }
  return ran;
}
