import type { Db } from '../../store/database';
import { readAnchor, type AuditHead } from './anchor';
import { GENESIS_HASH, recordHash, type AuditRow } from './chain';

export type AuditProblem =
  /** A record's content no longer matches its hash, or the next record's link to it. */
  | 'edited'
  /** Records are missing from the middle or the start of the chain. */
  | 'removed'
  /** Intact records sit at the wrong positions. */
  | 'reordered'
  /** Records are missing from the end (the head anchor counts more). */
  | 'truncated'
  /** Records were added that the station did not write. */
  | 'inserted'
  /** The head anchor is gone while records exist. */
  | 'anchor_missing'
  /** The head anchor names a different last record, or cannot be read. */
  | 'anchor_mismatch';

export type AuditVerification =
  | { readonly ok: true; readonly count: number }
  | {
      readonly ok: false;
      readonly firstBadSeq: number;
      readonly problem: AuditProblem;
      readonly message: string;
    };

/** Upper bound on "was this record renumbered?" probes when no anchor says how far to look. */
const RENUMBER_PROBE_LIMIT = 10_000;

function bad(firstBadSeq: number, problem: AuditProblem, message: string): AuditVerification {
  return { ok: false, firstBadSeq, problem, message };
}

function anchorOf(db: Db): AuditHead | null | 'unreadable' {
  try {
    return readAnchor(db);
  } catch {
    return 'unreadable';
  }
}

/**
 * Walks the chain once in seq order. On the first broken record it stops and works out what
 * happened from what is left: if the record that belongs at that position (it links to the last
 * good hash and hashes correctly there) exists elsewhere, the chain was reordered; a gap in seq is
 * a removal; a record whose own hash is right but whose link is wrong means its predecessor was
 * rewritten; otherwise the record itself was edited. Then the head anchor catches a cut-off tail.
 */
export function verifyAuditChain(db: Db): AuditVerification {
  const rows = db.prepare(
    'SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit_log ORDER BY seq',
  );
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let broken: AuditRow | null = null;
  for (const row of rows.iterate() as IterableIterator<AuditRow>) {
    if (row.seq !== expectedSeq || row.prev_hash !== prevHash || recordHash(row) !== row.hash) {
      broken = row;
      break;
    }
    prevHash = row.hash;
    expectedSeq++;
  }
  const anchor = anchorOf(db);
  if (broken) return diagnose(db, broken, expectedSeq, prevHash, anchor);

  const count = expectedSeq - 1;
  if (anchor === 'unreadable') return bad(count, 'anchor_mismatch', 'The audit head anchor cannot be read.');
  if (anchor === null) {
    return count === 0
      ? { ok: true, count }
      : bad(count, 'anchor_missing', `The audit head anchor is missing while ${count} records exist.`);
  }
  if (anchor.count > count) {
    return bad(
      count + 1,
      'truncated',
      `The log ends at record ${count} but the head anchor says ${anchor.count}: records ${count + 1}–${anchor.count} were removed.`,
    );
  }
  if (anchor.count < count) {
    return bad(
      anchor.count + 1,
      'inserted',
      `Records ${anchor.count + 1}–${count} were added after the last record the station wrote.`,
    );
  }
  if (anchor.hash !== prevHash) {
    return bad(count, 'anchor_mismatch', `Record ${count} is not the last record the station wrote.`);
  }
  return { ok: true, count };
}

function diagnose(
  db: Db,
  row: AuditRow,
  expectedSeq: number,
  prevHash: string,
  anchor: AuditHead | null | 'unreadable',
): AuditVerification {
  if (row.seq < expectedSeq) {
    return bad(row.seq, 'inserted', `Record ${row.seq} is outside the chain (sequence numbers start at 1).`);
  }
  const successors = db
    .prepare(
      'SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit_log WHERE prev_hash = ?',
    )
    .all(prevHash) as AuditRow[];
  const belonging = successors.find((r) => r.seq !== expectedSeq && recordHash(r, expectedSeq) === r.hash);
  if (belonging) {
    return bad(
      expectedSeq,
      'reordered',
      `Record ${expectedSeq} is intact but stored as record ${belonging.seq}: the log was reordered.`,
    );
  }
  if (row.seq > expectedSeq) {
    const last = row.seq - 1;
    return bad(
      expectedSeq,
      'removed',
      last === expectedSeq
        ? `Record ${expectedSeq} was removed.`
        : `Records ${expectedSeq}–${last} were removed.`,
    );
  }
  if (recordHash(row) === row.hash) {
    // The record is self-consistent, so what it links to is what changed.
    const rewritten = Math.max(1, expectedSeq - 1);
    return bad(
      rewritten,
      'edited',
      `Record ${rewritten} was changed and its hash recomputed: record ${expectedSeq} no longer links to it.`,
    );
  }
  const probeUntil =
    typeof anchor === 'object' && anchor !== null && anchor.count > row.seq
      ? anchor.count
      : row.seq + RENUMBER_PROBE_LIMIT;
  for (let original = row.seq + 1; original <= probeUntil; original++) {
    if (recordHash(row, original) === row.hash) {
      return bad(
        expectedSeq,
        'removed',
        `Record ${row.seq} was record ${original}: records were removed and the rest renumbered.`,
      );
    }
  }
  return bad(expectedSeq, 'edited', `Record ${expectedSeq} was changed after it was written.`);
}
