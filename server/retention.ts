import { appendAuditBatch } from './audit';
import type { HubDb, Sql } from './db/db';
import { HUB_CHAIN } from './db/schema';

/**
 * Keep a decided case's documents this many years after its decision unless told otherwise.
 * China's Anti-Money Laundering Law as revised in 2025 has customer identity records kept at least
 * ten years after the business relationship ends; the operator sets the period on its own legal
 * advice (docs/sync.md §10.3).
 */
export const DEFAULT_DOCUMENT_RETENTION_YEARS = 10;
export const MAX_DOCUMENT_RETENTION_YEARS = 100;

/** Cases whose documents one purge transaction deletes at most: documents are scans, megabytes each. */
export const PURGE_BATCH = 50;

export interface PurgeReport {
  /** Decided cases whose retention ran out: documents deleted and the case marked purged. */
  readonly cases: number;
  readonly documents: number;
}

/**
 * The decided cases whose retention ran out by the hub's clock (the database's now(), not this
 * process's): decided `years` ago or longer — the boundary itself included. An undecided case
 * (open, awaiting its second approval, reopened by a correction) has no decision and is never due.
 */
const DUE = `status IN ('approved', 'rejected') AND documents_purged_at IS NULL
             AND decided_at + make_interval(years => $1::int) <= now()`;

/**
 * One batch, in the caller's transaction: the due cases not locked by another transaction (a
 * second hub process purging, a correction reopening it) are locked, their documents deleted, the
 * case marked purged, and one record per case appended to the hub's own audit chain. Stateless:
 * two processes at once take different cases, and a case already marked is not due again.
 */
export async function purgeBatch(q: Sql, years: number, batch = PURGE_BATCH): Promise<PurgeReport> {
  const rows = await q.query<{ case_id: string; status: string; decided_at: Date; documents: number }>(
    `WITH due AS (
       SELECT case_id, status, decided_at FROM hub_cases
        WHERE ${DUE}
        ORDER BY decided_at, case_id
        LIMIT $2
        FOR NO KEY UPDATE SKIP LOCKED),
     gone AS (DELETE FROM hub_documents d USING due WHERE d.case_id = due.case_id RETURNING d.case_id),
     marked AS (UPDATE hub_cases c SET documents_purged_at = now() FROM due WHERE c.case_id = due.case_id)
     SELECT due.case_id, due.status, due.decided_at,
            (SELECT count(*)::int FROM gone WHERE gone.case_id = due.case_id) AS documents
       FROM due ORDER BY due.decided_at, due.case_id`,
    [years, batch],
  );
  await appendAuditBatch(
    q,
    HUB_CHAIN,
    rows.map((r) => ({
      actor: 'hub',
      action: 'documents.purged',
      subject: r.case_id,
      details: {
        documents: r.documents,
        status: r.status,
        decidedAt: r.decided_at.toISOString(),
        retentionYears: years,
      },
    })),
  );
  return { cases: rows.length, documents: rows.reduce((n, r) => n + r.documents, 0) };
}

/**
 * Purges the documents of every decided case past its retention (purgeBatch), each batch its own
 * short transaction so stations' requests wait on no long one. Safe with several hub processes
 * running it at once (`hub serve` every hour, `hub purge-documents`).
 */
export async function purgeDecidedDocuments(
  db: HubDb,
  years: number,
  batch = PURGE_BATCH,
): Promise<PurgeReport> {
  checkRetentionYears(years);
  let cases = 0;
  let documents = 0;
  for (;;) {
    const done = await db.tx((q) => purgeBatch(q, years, batch));
    cases += done.cases;
    documents += done.documents;
    // Fewer than asked: nothing more was due, or what is left is locked by another purge now.
    if (done.cases < batch) return { cases, documents };
  }
}

/** What a purge would delete now (`hub purge-documents --dry-run`): nothing is changed. */
export async function duePurge(db: Sql, years: number): Promise<PurgeReport & { readonly bytes: number }> {
  checkRetentionYears(years);
  const [row] = await db.query<{ cases: number; documents: number; bytes: string }>(
    `SELECT count(DISTINCT c.case_id)::int AS cases, count(d.doc_id)::int AS documents,
            coalesce(sum(octet_length(d.sealed)), 0)::text AS bytes
       FROM hub_cases c LEFT JOIN hub_documents d ON d.case_id = c.case_id
      WHERE ${DUE}`,
    [years],
  );
  return { cases: row!.cases, documents: row!.documents, bytes: Number(row!.bytes) };
}

export function checkRetentionYears(years: number): void {
  if (!Number.isInteger(years) || years < 1 || years > MAX_DOCUMENT_RETENTION_YEARS)
    throw new Error(`document retention: a whole number of years from 1 to ${MAX_DOCUMENT_RETENTION_YEARS}`);
}
