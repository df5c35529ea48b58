import type { Db } from '../../store/database';
import { auditKeyOf, auditMac } from './audit-key';
import { GENESIS_HASH } from './chain';

/**
 * The chain's head (record count and last hash), kept outside audit_log and written in the same
 * transaction as each record. Without it, cutting records off the end leaves a valid chain; and
 * since it lives in the same file, it carries a MAC under the audit key (audit-key.ts), so
 * pointing it at another record needs the key, not just the file.
 */
export interface AuditHead {
  readonly count: number;
  readonly hash: string;
}

/** A keyed head: records from `keyedFrom` on are HMACs (earlier ones are a pre-upgrade v1 chain). */
export interface SealedHead extends AuditHead {
  readonly keyedFrom: number;
}

export type StoredHead =
  | { readonly kind: 'sealed'; readonly head: SealedHead; readonly sealOk: boolean }
  /** Written by a station before the chain was keyed (accepted once, to upgrade it). */
  | { readonly kind: 'legacy'; readonly head: AuditHead };

export const ANCHOR_KEY = 'audit.head';
export const EMPTY_HEAD: SealedHead = { count: 0, hash: GENESIS_HASH, keyedFrom: 1 };

function sealOf(db: Db, head: SealedHead): string {
  return auditMac(auditKeyOf(db), ['pos-station.audit.head.v2', head.count, head.hash, head.keyedFrom]);
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** null when absent; throws when present but unreadable (that itself is tampering). */
export function readAnchor(db: Db): StoredHead | null {
  const raw = db.prepare('SELECT value FROM station_settings WHERE key = ?').pluck().get(ANCHOR_KEY);
  if (raw === undefined) return null;
  const parsed: unknown = typeof raw === 'string' ? JSON.parse(raw) : null;
  if (typeof parsed !== 'object' || parsed === null) {
    throw new Error(`station_settings '${ANCHOR_KEY}' is not a valid audit head`);
  }
  const { count, hash, keyedFrom, mac } = parsed as Record<string, unknown>;
  if (!isCount(count) || typeof hash !== 'string') {
    throw new Error(`station_settings '${ANCHOR_KEY}' is not a valid audit head`);
  }
  if (keyedFrom === undefined && mac === undefined) return { kind: 'legacy', head: { count, hash } };
  if (!isCount(keyedFrom) || keyedFrom < 1 || typeof mac !== 'string') {
    throw new Error(`station_settings '${ANCHOR_KEY}' is not a valid audit head`);
  }
  const head = { count, hash, keyedFrom };
  return { kind: 'sealed', head, sealOk: mac === sealOf(db, head) };
}

export function writeAnchor(db: Db, head: SealedHead): void {
  const value = JSON.stringify({
    count: head.count,
    hash: head.hash,
    keyedFrom: head.keyedFrom,
    mac: sealOf(db, head),
  });
  db.prepare(
    'INSERT INTO station_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(ANCHOR_KEY, value);
}
