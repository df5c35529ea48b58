import type { Db } from '../../store/database';
import { readAnchor, writeAnchor, EMPTY_HEAD, type AuditHead, type SealedHead } from './anchor';
import { auditKeyOf, readChainNote, writeChainNote } from './audit-key';
import { canonicalJson, type JsonValue } from './canonical-json';
import { chainHasher } from './chain';
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

/** Inserts one record after `head` and moves the sealed head to it (inside the caller's transaction). */
function writeRecord(
  db: Db,
  clock: Clock,
  head: SealedHead,
  entry: { actor: string; action: string; subject: string | null; details: AuditDetails },
): AuditRecord {
  const row = {
    seq: head.count + 1,
    at: shanghaiIso(clock.now()),
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    details: canonicalJson(entry.details),
    prev_hash: head.hash,
  };
  const hash = chainHasher(auditKeyOf(db), head.keyedFrom)(row);
  db.prepare(
    'INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(row.seq, row.at, row.actor, row.action, row.subject, row.details, row.prev_hash, hash);
  writeAnchor(db, { count: row.seq, hash, keyedFrom: head.keyedFrom });
  return { ...entry, seq: row.seq, at: row.at, hash };
}

/**
 * Keys a store written before the chain was keyed, once, inside the caller's transaction: the
 * unkeyed records stay as they are (each later keyed record links to them, so they cannot be
 * rewritten either), one 'audit.chain_keyed' record says from where on records are keyed and
 * whether the old chain verified, and the head is sealed.
 */
function upgradeLegacyHead(db: Db, clock: Clock, legacy: AuditHead): SealedHead {
  const before = verifyAuditChain(db);
  const keyedFrom = legacy.count + 1;
  const record = writeRecord(
    db,
    clock,
    { ...legacy, keyedFrom },
    {
      actor: 'system',
      action: 'audit.chain_keyed',
      subject: null,
      details: {
        keyedFrom,
        unkeyedRecords: legacy.count,
        unkeyedChain: before.ok ? 'intact' : `${before.problem} at record ${before.firstBadSeq}`,
      },
    },
  );
  return { count: record.seq, hash: record.hash, keyedFrom };
}

/** The head to append after; keys a legacy store once; refuses a head that is not the station's. */
function appendableHead(db: Db, clock: Clock, action: string): SealedHead {
  const stored = readAnchor(db);
  const marker = readChainNote(db);
  if (stored === null) {
    // Records without an anchor mean someone removed it; continuing would hide that.
    if (db.prepare('SELECT 1 FROM audit_log LIMIT 1').get() !== undefined || marker !== null) {
      throw new AuditIntegrityError(
        `The audit head anchor is missing; '${action}' was not recorded. Run \`pos-station audit verify\`.`,
      );
    }
    return EMPTY_HEAD;
  }
  // Appending after a head someone else wrote would seal whatever they cut.
  if ((stored.kind === 'legacy' && marker !== null) || (stored.kind === 'sealed' && !stored.sealOk)) {
    throw new AuditIntegrityError(
      `The audit head anchor was changed outside the station; '${action}' was not recorded. Run \`pos-station audit verify\`.`,
    );
  }
  return stored.kind === 'legacy' ? upgradeLegacyHead(db, clock, stored.head) : stored.head;
}

/**
 * Run at start (station, CLI): seals the head of a new store and keys a legacy one (audited),
 * then moves the note beside the key (audit-key.ts) up to the head it found — after the commit, so
 * a rolled-back upgrade leaves no note, and never backwards, so a head put back from an older
 * copy stays visible to `audit verify`.
 */
export function ensureKeyedChain(db: Db, clock: Clock): void {
  db.transaction(() => {
    const stored = readAnchor(db);
    if (stored === null && db.prepare('SELECT 1 FROM audit_log LIMIT 1').get() === undefined) {
      if (readChainNote(db) === null) writeAnchor(db, EMPTY_HEAD);
    } else if (stored?.kind === 'legacy') {
      appendableHead(db, clock, 'audit.chain_keyed');
    }
  }).immediate();
  const head = readAnchor(db);
  const note = readChainNote(db);
  if (head?.kind !== 'sealed' || !head.sealOk || note === 'forged') return;
  if (note !== null) {
    if (head.head.count <= note.seenCount) return;
    const seen = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck().get(note.seenCount);
    // Another chain under the same key (a swapped-in store): leave the note for verify to report.
    if (note.seenCount > 0 && seen !== note.seenHash) return;
  }
  writeChainNote(db, {
    keyedFrom: head.head.keyedFrom,
    seenCount: head.head.count,
    seenHash: head.head.hash,
  });
}

function parseRecord(row: StoredRecord): AuditRecord {
  return { ...row, details: JSON.parse(row.details) as AuditDetails };
}

export function createAuditLog(db: Db, clock: Clock): AuditLog {
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

      const head = appendableHead(db, clock, entry.action);
      return writeRecord(db, clock, head, { actor: entry.actor, action: entry.action, subject, details });
    },
    verify: () => verifyAuditChain(db),
    read(options = {}) {
      const rows = page.all(options.afterSeq ?? 0, options.limit ?? 1000) as StoredRecord[];
      return rows.map(parseRecord);
    },
  };
}
