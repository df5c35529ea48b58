import type { Db } from '../../store/database';
import { readAnchor, writeAnchor, EMPTY_HEAD } from './anchor';
import { canonicalJson, type JsonValue } from './canonical-json';
import { recordHash } from './chain';
import { shanghaiIso, type Clock } from './clock';
import { assertAuditSafe } from './pii-guard';
import { verifyAuditChain, type AuditVerification } from './verify';

export type AuditDetails = { readonly [key: string]: JsonValue };

export interface AuditEntry {
  /** Who did it: an operator's username, 'system', or 'cli:<os user>'. */
  readonly actor: string;
  /** Dotted lower-case verb, e.g. 'operator.created', 'session.signed_in'. */
  readonly action: string;
  /** What it was done to, e.g. 'operator:alice'. Never raw PII. */
  readonly subject?: string | null;
  /** Facts about the change. Never secrets, never unmasked ID or card numbers (refused). */
  readonly details?: AuditDetails;
}

export interface AuditRecord {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly subject: string | null;
  readonly details: AuditDetails;
  readonly hash: string;
}

export interface AuditLog {
  /**
   * Appends one record. MUST run inside the transaction of the state change it records
   * (`db.transaction(() => { change(); audit.append(...) })()`), so the change and its record
   * commit or vanish together; it throws when called outside a transaction. Prefer
   * `db.transaction(...).immediate()` when another process may write the same store.
   */
  append(entry: AuditEntry): AuditRecord;
  verify(): AuditVerification;
  /** Records in seq order starting after `afterSeq`. */
  read(options?: { readonly afterSeq?: number; readonly limit?: number }): AuditRecord[];
}

export class AuditIntegrityError extends Error {
  override readonly name = 'AuditIntegrityError';
}

const ACTION = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

interface StoredRecord {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  details: string;
  hash: string;
}

function parseRecord(row: StoredRecord): AuditRecord {
  return { ...row, details: JSON.parse(row.details) as AuditDetails };
}

export function createAuditLog(db: Db, clock: Clock): AuditLog {
  const insert = db.prepare(
    'INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const anyRecord = db.prepare('SELECT 1 FROM audit_log LIMIT 1').pluck();
  const page = db.prepare(
    'SELECT seq, at, actor, action, subject, details, hash FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?',
  );

  return {
    append(entry) {
      if (!db.inTransaction) {
        throw new Error('audit.append must run inside the transaction of the change it records.');
      }
      if (entry.actor.trim() === '') throw new Error('Audit actor is empty.');
      if (!ACTION.test(entry.action))
        throw new Error(`Audit action '${entry.action}' is not a dotted lower-case name.`);
      const subject = entry.subject ?? null;
      const details = entry.details ?? {};
      assertAuditSafe(entry.actor, 'actor');
      assertAuditSafe(subject, 'subject');
      assertAuditSafe(details, 'details');

      let head = readAnchor(db);
      if (head === null) {
        // Records without an anchor mean someone removed it; continuing would hide that.
        if (anyRecord.get() !== undefined) {
          throw new AuditIntegrityError('The audit head anchor is missing; run `pos-station audit verify`.');
        }
        head = EMPTY_HEAD;
      }
      const row = {
        seq: head.count + 1,
        at: shanghaiIso(clock.now()),
        actor: entry.actor,
        action: entry.action,
        subject,
        details: canonicalJson(details),
        prev_hash: head.hash,
      };
      const hash = recordHash(row);
      insert.run(row.seq, row.at, row.actor, row.action, row.subject, row.details, row.prev_hash, hash);
      writeAnchor(db, { count: row.seq, hash });
      return { seq: row.seq, at: row.at, actor: row.actor, action: row.action, subject, details, hash };
    },
    verify: () => verifyAuditChain(db),
    read(options = {}) {
      const rows = page.all(options.afterSeq ?? 0, options.limit ?? 1000) as StoredRecord[];
      return rows.map(parseRecord);
    },
  };
}
