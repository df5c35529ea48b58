import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { subjectOf } from '../workflow/case-access';
import type { KycContext } from './context';
import type { DocumentLocation, DocumentPack } from './document-files';
import { statement } from './statements';

/**
 * PII minimisation in the store (docs/sync.md §10.3): when a case leaves this station its
 * documents' bytes are deleted from the pack files, the document rows kept (their checks,
 * decisions and history stay the station's record), and each drop recorded
 * (`kyc_document_drops`) and audited. When an operator here claims the case again, the bytes
 * fetched from the hub are put back (`restoreCaseDocuments`).
 *
 * A pack may hold documents of several applications (one pack per import transaction), so
 * deleting a case's bytes means moving the other documents of its packs, sealed as they are, into
 * a new pack, then deleting the old packs. All or nothing: the drop rows, the moved locations and
 * the audit record commit in one transaction after the new pack is durable; a crash before the
 * commit leaves the new pack unreferenced and a crash after it leaves the old ones unreferenced,
 * and the store deletes unreferenced packs when it opens (removeOrphanPacks).
 */

export type DropReason = 'decided' | 'held_elsewhere' | 'left';

interface LocatedRow {
  id: string;
  file: string;
  file_offset: number;
  file_length: number;
}

const locationOf = (r: LocatedRow): DocumentLocation => ({
  file: r.file,
  offset: r.file_offset,
  length: r.file_length,
});

/**
 * Runs `work` in one immediate transaction with a new pack open for it: the pack is closed after the
 * commit and discarded when anything throws, so a rolled-back transaction leaves no pack file behind.
 */
function withNewPack<T>(ctx: KycContext, work: (pack: DocumentPack) => T): T {
  const pack = ctx.files.openPack();
  try {
    const result = ctx.db.transaction(() => work(pack)).immediate();
    pack.close();
    return result;
  } catch (error) {
    pack.discard();
    throw error;
  }
}

/** Documents whose bytes are not in any pack now (dropped, not restored): never referenced. */
export const OPEN_DROPS = 'SELECT document_id FROM kyc_document_drops WHERE restored_at IS NULL';

/** Whether this document's bytes were dropped (its case left the station) and not fetched back. */
export function isDropped(ctx: KycContext, documentId: string): boolean {
  return (
    statement(ctx.db, 'SELECT 1 FROM kyc_document_drops WHERE document_id = ? AND restored_at IS NULL').get(
      documentId,
    ) !== undefined
  );
}

/** Whether the store holds any document bytes of this application (dropped ones aside). */
export function holdsDocuments(ctx: KycContext, applicationId: string): boolean {
  return (
    statement(
      ctx.db,
      `SELECT 1 FROM kyc_documents WHERE application_id = ? AND id NOT IN (${OPEN_DROPS}) LIMIT 1`,
    ).get(applicationId) !== undefined
  );
}

/** The current documents of an application whose bytes were dropped, by their key in the application. */
export function droppedCurrentDocuments(
  ctx: KycContext,
  applicationId: string,
): { id: string; doc_key: string; sha256: string }[] {
  return statement(
    ctx.db,
    `SELECT id, doc_key, sha256 FROM kyc_documents
      WHERE application_id = ? AND superseded_in IS NULL AND id IN (${OPEN_DROPS}) ORDER BY doc_key`,
  ).all(applicationId) as { id: string; doc_key: string; sha256: string }[];
}

/**
 * Commits a drop and returns the packs that no row points at any more (to delete after the
 * commit). Exported apart from `dropCaseDocuments` so a test can stop between the two, as a crash would.
 */
export function commitDrop(
  ctx: KycContext,
  applicationId: string,
  reason: DropReason,
  actor: string,
): { dropped: number; stalePacks: string[] } {
  return withNewPack(ctx, (pack) => {
    const leaving = statement(
      ctx.db,
      `SELECT id, file, file_offset, file_length FROM kyc_documents
            WHERE application_id = ? AND id NOT IN (${OPEN_DROPS}) ORDER BY id`,
    ).all(applicationId) as LocatedRow[];
    if (leaving.length === 0) return { dropped: 0, stalePacks: [] };
    const packs = [...new Set(leaving.map((r) => r.file))].sort();
    // Other applications' documents in the same packs stay: moved, sealed as they are.
    const staying = ctx.db
      .prepare(
        `SELECT id, file, file_offset, file_length FROM kyc_documents
              WHERE file IN (SELECT value FROM json_each(?)) AND application_id <> ?
                AND id NOT IN (${OPEN_DROPS}) ORDER BY file, file_offset`,
      )
      .all(JSON.stringify(packs), applicationId) as LocatedRow[];
    if (staying.length > 0) {
      const moved = pack.appendSealed(staying.map((r) => ctx.files.readSealed(locationOf(r), r.id)));
      const repoint = statement(
        ctx.db,
        'UPDATE kyc_documents SET file = ?, file_offset = ?, file_length = ? WHERE id = ?',
      );
      staying.forEach((r, i) => repoint.run(moved[i]!.file, moved[i]!.offset, moved[i]!.length, r.id));
    }
    const at = ctx.now();
    const record = statement(
      ctx.db,
      `INSERT INTO kyc_document_drops (document_id, application_id, reason, dropped_at) VALUES (?, ?, ?, ?)`,
    );
    for (const r of leaving) record.run(r.id, applicationId, reason, at);
    ctx.audit.append({
      actor,
      action: 'kyc.documents.dropped',
      subject: subjectOf(applicationId),
      details: {
        reason,
        documents: leaving.length,
        packsRewritten: staying.length > 0 ? packs.length : 0,
      },
    });
    // Durable before the rows that point into it commit.
    pack.sync();
    return { dropped: leaving.length, stalePacks: packs };
  });
}

/**
 * Deletes an application's document bytes from this station's packs (its case left the station),
 * audited `kyc.documents.dropped` with the reason. Returns how many documents were dropped (0 when
 * none were held).
 */
export function dropCaseDocuments(
  ctx: KycContext,
  applicationId: string,
  reason: DropReason,
  actor: string,
  dataDir: string,
): number {
  const { dropped, stalePacks } = commitDrop(ctx, applicationId, reason, actor);
  for (const file of stalePacks) {
    const stillUsed = statement(
      ctx.db,
      `SELECT 1 FROM kyc_documents WHERE file = ? AND id NOT IN (${OPEN_DROPS}) LIMIT 1`,
    ).get(file);
    if (stillUsed === undefined) rmSync(join(dataDir, file), { force: true });
  }
  return dropped;
}

/** A document as fetched back from the hub: the application's document key and its bytes. */
export interface FetchedDocument {
  readonly docKey: string;
  readonly bytes: Buffer;
}

/**
 * Puts back the bytes of an application's dropped current documents from what the hub sent: each
 * only if its SHA-256 is the one the store recorded at intake (the hub cannot swap a document).
 * One transaction, audited `kyc.documents.restored`. Returns the keys restored and those the hub
 * did not have (or had with other bytes), which stay dropped.
 */
export function restoreCaseDocuments(
  ctx: KycContext,
  applicationId: string,
  fetched: readonly FetchedDocument[],
  actor: string,
): { restored: string[]; missing: string[] } {
  return withNewPack(ctx, (pack) => {
    const byKey = new Map(fetched.map((d) => [d.docKey, d.bytes]));
    const wanted = droppedCurrentDocuments(ctx, applicationId);
    const found = wanted.filter((w) => {
      const bytes = byKey.get(w.doc_key);
      return bytes !== undefined && createHash('sha256').update(bytes).digest('hex') === w.sha256;
    });
    const missing = wanted.filter((w) => !found.includes(w)).map((w) => w.doc_key);
    if (found.length === 0) return { restored: [], missing };
    const at = pack.append(found.map((w) => ({ id: w.id, bytes: byKey.get(w.doc_key)! })));
    const repoint = statement(
      ctx.db,
      'UPDATE kyc_documents SET file = ?, file_offset = ?, file_length = ? WHERE id = ?',
    );
    const close = statement(
      ctx.db,
      'UPDATE kyc_document_drops SET restored_at = ? WHERE document_id = ? AND restored_at IS NULL',
    );
    const now = ctx.now();
    found.forEach((w, i) => {
      repoint.run(at[i]!.file, at[i]!.offset, at[i]!.length, w.id);
      close.run(now, w.id);
    });
    ctx.audit.append({
      actor,
      action: 'kyc.documents.restored',
      subject: subjectOf(applicationId),
      details: { documents: found.length, missing: missing.length },
    });
    pack.sync();
    return { restored: found.map((w) => w.doc_key), missing };
  });
}
