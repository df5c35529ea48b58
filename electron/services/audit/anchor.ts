import type { Db } from '../../store/database';
import { GENESIS_HASH } from './chain';

/**
 * The chain's head (record count and last hash), kept outside audit_log and written in the same
 * transaction as each record. Without it, cutting records off the end leaves a valid chain.
 */
export interface AuditHead {
  readonly count: number;
  readonly hash: string;
}

export const ANCHOR_KEY = 'audit.head';
export const EMPTY_HEAD: AuditHead = { count: 0, hash: GENESIS_HASH };

/** null when absent; throws when present but unreadable (that itself is tampering). */
export function readAnchor(db: Db): AuditHead | null {
  const raw = db.prepare('SELECT value FROM station_settings WHERE key = ?').pluck().get(ANCHOR_KEY);
  if (raw === undefined) return null;
  const parsed: unknown = typeof raw === 'string' ? JSON.parse(raw) : null;
  if (
    typeof parsed === 'object' &&
    parsed !== null &&
    'count' in parsed &&
    'hash' in parsed &&
    Number.isSafeInteger(parsed.count) &&
    typeof parsed.hash === 'string'
  ) {
    return { count: parsed.count as number, hash: parsed.hash };
  }
  throw new Error(`station_settings '${ANCHOR_KEY}' is not a valid audit head`);
}

export function writeAnchor(db: Db, head: AuditHead): void {
  db.prepare(
    'INSERT INTO station_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(ANCHOR_KEY, JSON.stringify({ count: head.count, hash: head.hash }));
}
