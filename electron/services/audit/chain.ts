import { createHash } from 'node:crypto';
import { auditMac } from './audit-key';

/** prev_hash of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** One audit_log row as stored; details is canonical JSON text. */
export interface AuditRow {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly subject: string | null;
  readonly details: string;
  readonly prev_hash: string;
  readonly hash: string;
}

/**
 * SHA-256 over a canonical encoding of the record: a JSON array of its fields in a fixed order,
 * behind a domain tag. JSON string escaping makes the field boundaries unambiguous, and hashing
 * the stored details text means any byte changed in it breaks the chain. `seq` is a parameter so
 * verification can ask "would this record be valid at another position?" (reordering forensics).
 */
export function recordHash(row: Omit<AuditRow, 'hash'>, seq: number = row.seq): string {
  const encoded = JSON.stringify(hashedFields('pos-station.audit.v1', row, seq));
  return createHash('sha256').update(encoded, 'utf8').digest('hex');
}

/**
 * The keyed record hash (chain v2): HMAC-SHA-256 under the audit key over the same fields. Without
 * the key nobody can recompute a chain the station accepts after editing, cutting or adding records.
 */
export function keyedRecordHash(key: Buffer, row: Omit<AuditRow, 'hash'>, seq: number = row.seq): string {
  return auditMac(key, hashedFields('pos-station.audit.v2', row, seq));
}

/** The fields either hash covers, in their fixed order, behind the chain version's domain tag. */
function hashedFields(tag: string, row: Omit<AuditRow, 'hash'>, seq: number) {
  return [tag, seq, row.at, row.actor, row.action, row.subject, row.details, row.prev_hash];
}

/** How record `seq` must hash: keyed from `keyedFrom` on, plain SHA-256 before (a store upgraded from v1). */
export type ChainHasher = (row: Omit<AuditRow, 'hash'>, seq?: number) => string;

export function chainHasher(key: Buffer, keyedFrom: number): ChainHasher {
  return (row, seq = row.seq) => (seq >= keyedFrom ? keyedRecordHash(key, row, seq) : recordHash(row, seq));
}
