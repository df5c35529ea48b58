import type { Db } from '../../store/database';
import { auditKeyOf, readChainNote } from './audit-key';
import { readAnchor, type StoredHead } from './anchor';
import { chainHasher, GENESIS_HASH, keyedRecordHash, type AuditRow, type ChainHasher } from './chain';

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
  /** The head anchor is gone while records exist (or the station's chain was keyed). */
  | 'anchor_missing'
  /** The head anchor names a different last record, or cannot be read. */
  | 'anchor_mismatch'
  /** The head anchor (or the keyed-chain note beside the key) does not carry the station's seal. */
  | 'anchor_forged';

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

function anchorOf(db: Db): StoredHead | null | 'unreadable' {
  try {
    return readAnchor(db);
  } catch {
    return 'unreadable';
  }
}

const ROWS = 'SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit_log';

/**
 * From which record on the chain is keyed: the sealed head says so; failing that, the note beside
 * the key; failing both (a forged or legacy head, no note), the first record that verifies under
 * the key — an attacker without the key cannot make one, so a legacy-looking store stays legacy.
 */
function keyedFromOf(db: Db, key: Buffer, anchor: StoredHead | null | 'unreadable'): number {
  if (typeof anchor === 'object' && anchor?.kind === 'sealed' && anchor.sealOk) return anchor.head.keyedFrom;
  const marker = readChainNote(db);
  if (typeof marker === 'object' && marker !== null) return marker.keyedFrom;
  for (const row of db.prepare(`${ROWS} ORDER BY seq`).iterate() as IterableIterator<AuditRow>) {
    if (keyedRecordHash(key, row) === row.hash) return row.seq;
  }
  return Number.POSITIVE_INFINITY;
}

/**
 * Walks the chain once in seq order. On the first broken record it stops and works out what
 * happened from what is left: if the record that belongs at that position (it links to the last
 * good hash and hashes correctly there) exists elsewhere, the chain was reordered; a gap in seq is
 * a removal; a record whose own hash is right but whose link is wrong means its predecessor was
 * rewritten; otherwise the record itself was edited. Then the head anchor, sealed under the audit
 * key, catches a cut-off tail and a head pointed at another record.
 */
export function verifyAuditChain(db: Db): AuditVerification {
  const key = auditKeyOf(db);
  const anchor = anchorOf(db);
  const keyedFrom = keyedFromOf(db, key, anchor);
  const hashOf = chainHasher(key, keyedFrom);
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let broken: AuditRow | null = null;
  for (const row of db.prepare(`${ROWS} ORDER BY seq`).iterate() as IterableIterator<AuditRow>) {
    if (row.seq !== expectedSeq || row.prev_hash !== prevHash || hashOf(row) !== row.hash) {
      broken = row;
      break;
    }
    prevHash = row.hash;
    expectedSeq++;
  }
  if (broken) return diagnose(db, hashOf, broken, expectedSeq, prevHash, anchor);
  return checkHead(db, anchor, expectedSeq - 1, prevHash, keyedFrom);
}

/** The intact chain holds `count` records ending in `lastHash`: does the head agree, and is it ours? */
function checkHead(
  db: Db,
  anchor: StoredHead | null | 'unreadable',
  count: number,
  lastHash: string,
  keyedFrom: number,
): AuditVerification {
  const marker = readChainNote(db);
  const next = count + 1;
  if (marker === 'forged') {
    return bad(
      next,
      'anchor_forged',
      "The note that this station's audit chain is keyed (keys/audit-chain.json) was changed outside the station.",
    );
  }
  if (anchor === 'unreadable') return bad(next, 'anchor_mismatch', 'The audit head anchor cannot be read.');
  if (anchor === null) {
    if (count === 0 && marker === null) return { ok: true, count };
    return bad(
      Math.max(count, 1),
      'anchor_missing',
      count === 0
        ? 'The audit log and its head anchor were removed; this station had written a keyed log.'
        : `The audit head anchor is missing while ${count} records exist.`,
    );
  }
  const cutWarning = `The chain is intact up to record ${count}; records after it may have been cut off.`;
  if (anchor.kind === 'legacy' && (marker !== null || keyedFrom <= count)) {
    return bad(
      next,
      'anchor_forged',
      `The head anchor was replaced by one without the station's seal. ${cutWarning}`,
    );
  }
  if (anchor.kind === 'sealed' && !anchor.sealOk) {
    return bad(
      Math.min(anchor.head.count, count) + 1,
      'anchor_forged',
      `The head anchor does not carry the station's seal: it was rewritten outside the station. ${cutWarning}`,
    );
  }
  const head = anchor.head;
  if (marker !== null && head.count < marker.seenCount) {
    return bad(
      head.count + 1,
      'truncated',
      `The station had written ${marker.seenCount} records when it last started, but the log and its head end at ${head.count}: records ${head.count + 1}–${marker.seenCount} were cut and an older head put back.`,
    );
  }
  if (marker !== null && marker.seenCount > 0 && head.count >= marker.seenCount) {
    const seen = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck().get(marker.seenCount);
    if (seen !== marker.seenHash) {
      return bad(
        marker.seenCount,
        'anchor_mismatch',
        `Record ${marker.seenCount} is not the one the station had written: this is another log under the same key.`,
      );
    }
  }
  if (head.count > count) {
    return bad(
      next,
      'truncated',
      `The log ends at record ${count} but the head anchor says ${head.count}: records ${next}–${head.count} were removed.`,
    );
  }
  if (head.count < count) {
    return bad(
      head.count + 1,
      'inserted',
      `Records ${head.count + 1}–${count} were added after the last record the station wrote.`,
    );
  }
  if (head.hash !== lastHash) {
    return bad(count, 'anchor_mismatch', `Record ${count} is not the last record the station wrote.`);
  }
  return { ok: true, count };
}

function diagnose(
  db: Db,
  hashOf: ChainHasher,
  row: AuditRow,
  expectedSeq: number,
  prevHash: string,
  anchor: StoredHead | null | 'unreadable',
): AuditVerification {
  const sealedCount =
    typeof anchor === 'object' && anchor?.kind === 'sealed' && anchor.sealOk ? anchor.head.count : null;
  if (sealedCount !== null && row.seq === expectedSeq && row.seq > sealedCount) {
    return bad(row.seq, 'inserted', `Record ${row.seq} was added after the last record the station wrote.`);
  }
  if (row.seq < expectedSeq) {
    return bad(row.seq, 'inserted', `Record ${row.seq} is outside the chain (sequence numbers start at 1).`);
  }
  const successors = db.prepare(`${ROWS} WHERE prev_hash = ?`).all(prevHash) as AuditRow[];
  const belonging = successors.find((r) => r.seq !== expectedSeq && hashOf(r, expectedSeq) === r.hash);
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
  if (hashOf(row) === row.hash) {
    // The record is self-consistent, so what it links to is what changed.
    const rewritten = Math.max(1, expectedSeq - 1);
    return bad(
      rewritten,
      'edited',
      `Record ${rewritten} was changed and its hash recomputed: record ${expectedSeq} no longer links to it.`,
    );
  }
  const probeUntil =
    typeof anchor === 'object' && anchor !== null && anchor.head.count > row.seq
      ? anchor.head.count
      : row.seq + RENUMBER_PROBE_LIMIT;
  for (let original = row.seq + 1; original <= probeUntil; original++) {
    if (hashOf(row, original) === row.hash) {
      return bad(
        expectedSeq,
        'removed',
        `Record ${row.seq} was record ${original}: records were removed and the rest renumbered.`,
      );
    }
  }
  return bad(expectedSeq, 'edited', `Record ${expectedSeq} was changed after it was written.`);
}
