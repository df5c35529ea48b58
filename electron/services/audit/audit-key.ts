import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { Db } from '../../store/database';
import { dataDirFileKey } from '../vault/data-dir-keys';
import type { KeyProvider } from '../vault/key-provider';

/**
 * The audit chain's key. It is derived (HKDF, its own purpose label) from the data directory's
 * document key, so it lives where that key lives and never in the database it protects: a 0600
 * file in `keys/` for the browser-hosted station and the CLI, the OS keychain-wrapped key in the
 * desktop app. Whoever can edit station.sqlite but does not hold that key cannot write a record or
 * a head the station accepts. See docs/security.md.
 */
const bound = new WeakMap<Db, KeyProvider>();
const derived = new WeakMap<Db, Buffer>();

/** The station binds its key provider (the desktop app's keychain) before the first append. */
export function bindAuditKey(db: Db, provider: KeyProvider): void {
  bound.set(db, provider);
  derived.delete(db);
}

function providerFor(db: Db): KeyProvider {
  const given = bound.get(db);
  if (given) return given;
  if (db.memory) {
    // A store that dies with the process needs a key that does the same.
    const key = randomBytes(32);
    return { description: 'in-memory audit key', loadKey: () => key };
  }
  return dataDirFileKey(dirname(db.name));
}

export function auditKeyOf(db: Db): Buffer {
  let key = derived.get(db);
  if (key === undefined) {
    key = Buffer.from(
      hkdfSync('sha256', providerFor(db).loadKey(), Buffer.alloc(0), 'pos-station.audit.chain', 32),
    );
    derived.set(db, key);
  }
  return key;
}

export function auditMac(key: Buffer, parts: readonly (string | number | null)[]): string {
  return createHmac('sha256', key).update(JSON.stringify(parts), 'utf8').digest('hex');
}

/**
 * A note beside the key: this data directory's chain is keyed, from which record, and the highest
 * head the station has seen at a start (station or CLI). The head lives in the database, so
 * without the note someone could cut every keyed record and write an old-style unkeyed head, or put
 * back an older genuine head after cutting the tail; with it, both are found (a cut made and put
 * back between two starts is not: see docs/security.md).
 */
export interface ChainNote {
  readonly keyedFrom: number;
  readonly seenCount: number;
  readonly seenHash: string;
}

function notePath(db: Db): string | null {
  return db.memory ? null : join(dirname(db.name), 'keys', 'audit-chain.json');
}

function noteMac(db: Db, note: ChainNote): string {
  return auditMac(auditKeyOf(db), [
    'pos-station.audit.note.v2',
    note.keyedFrom,
    note.seenCount,
    note.seenHash,
  ]);
}

/** The note, when present and sealed by this key; 'forged' when present but not ours. */
export function readChainNote(db: Db): ChainNote | null | 'forged' {
  const path = notePath(db);
  if (path === null || !existsSync(path)) return null;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    const { keyedFrom, seenCount, seenHash, mac } = parsed;
    if (Number.isSafeInteger(keyedFrom) && Number.isSafeInteger(seenCount) && typeof seenHash === 'string') {
      const note = { keyedFrom: keyedFrom as number, seenCount: seenCount as number, seenHash };
      if (note.keyedFrom >= 1 && note.seenCount >= 0 && mac === noteMac(db, note)) return note;
    }
  } catch {
    // Unreadable is as bad as forged.
  }
  return 'forged';
}

/** Replaces the note atomically (write, fsync, rename); only ever called with a verified head. */
export function writeChainNote(db: Db, note: ChainNote): void {
  const path = notePath(db);
  if (path === null) return;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify({ ...note, mac: noteMac(db, note) }) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}
