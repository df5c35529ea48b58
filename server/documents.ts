import { mayHoldDocuments } from '../electron/services/sync/document-rule';
import type { Vault } from '../electron/services/vault/vault';
import { formatShanghaiIso } from '../electron/services/calendar/shanghai-time';
import { appendAudit } from './audit';
import type { HubDb } from './db/db';

/**
 * One application document as it travels: `sealed` is the station's AES-256-GCM seal of the file
 * under a key made for this document alone (`key`), bound to `<case id>/<doc id>`. The hub stores
 * the seal as it came and the key wrapped under the hub's own document key (a file beside the CA,
 * never in the database), so a copy of the database alone reveals no document.
 */
export interface DocumentOnWire {
  readonly docId: string;
  readonly kind: string;
  /** base64 */
  readonly sealed: string;
  /** base64 of the 32-byte document key */
  readonly key: string;
}

export const DOCUMENT_REFUSAL_CODES = [
  'CASE_UNKNOWN',
  'DOCUMENTS_FORBIDDEN',
  'DOCUMENTS_PURGED',
  'DOCUMENTS_NOT_CONFIGURED',
] as const;
export type DocumentRefusalCode = Exclude<
  (typeof DOCUMENT_REFUSAL_CODES)[number],
  'DOCUMENTS_NOT_CONFIGURED'
>;

export class DocumentRefused extends Error {
  constructor(
    readonly status: 403 | 404 | 410,
    readonly code: DocumentRefusalCode,
    message: string,
  ) {
    super(message);
  }
}

const keyContext = (caseId: string, docId: string) => `hub-document-key:${caseId}/${docId}`;

interface Custody {
  status: string;
  origin_station: string;
  holder_station: string | null;
  documents_purged_at: Date | null;
  has_documents: boolean;
}

async function custodyOf(db: HubDb, caseId: string): Promise<Custody> {
  const [c] = await db.query<Custody>(
    `SELECT status, origin_station, holder_station, documents_purged_at,
            EXISTS (SELECT 1 FROM hub_documents d WHERE d.case_id = c.case_id) AS has_documents
       FROM hub_cases c WHERE case_id = $1`,
    [caseId],
  );
  if (!c) throw new DocumentRefused(404, 'CASE_UNKNOWN', `case ${caseId} is not known at the hub`);
  return c;
}

/**
 * Purged under the retention rule (server/retention.ts) and nothing stored since: gone for every
 * station, so said before custody. A case corrected after its purge holds what the correction
 * uploaded, and is fetched as any other.
 */
function requireNotPurged(c: Custody, caseId: string): void {
  if (c.documents_purged_at && !c.has_documents)
    throw new DocumentRefused(
      410,
      'DOCUMENTS_PURGED',
      `the documents of case ${caseId} were purged at the hub on ${formatShanghaiIso(c.documents_purged_at.getTime()).slice(0, 10)} (Shanghai date), when the retention period after its decision ran out`,
    );
}

function requireCustody(c: Custody, caseId: string, stationId: string): void {
  const ok = mayHoldDocuments(
    { status: c.status, originStation: c.origin_station, holderStation: c.holder_station },
    stationId,
  );
  if (!ok)
    throw new DocumentRefused(
      403,
      'DOCUMENTS_FORBIDDEN',
      c.status === 'open' || c.status === 'awaiting_second'
        ? `this station neither took case ${caseId} in nor holds its claim`
        : `case ${caseId} is decided: its documents stay at the hub`,
    );
}

/**
 * Stores a case's documents from the station that may hold them. Idempotent per (case, document
 * id): the same seal again changes nothing; another seal under the same id (a corrected document
 * of a resubmission, or the same one sealed anew) replaces it.
 */
export async function storeDocuments(
  db: HubDb,
  hubVault: Vault,
  stationId: string,
  caseId: string,
  documents: readonly DocumentOnWire[],
): Promise<{ stored: number }> {
  requireCustody(await custodyOf(db, caseId), caseId, stationId);
  return db.tx(async (q) => {
    let stored = 0;
    for (const d of documents) {
      const wrapped = hubVault.seal(Buffer.from(d.key, 'base64'), keyContext(caseId, d.docId));
      const rows = await q.query(
        `INSERT INTO hub_documents (case_id, doc_id, kind, sealed, wrapped_key, station_id)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (case_id, doc_id) DO UPDATE
            SET kind = EXCLUDED.kind, sealed = EXCLUDED.sealed, wrapped_key = EXCLUDED.wrapped_key,
                station_id = EXCLUDED.station_id, created_at = now()
          WHERE hub_documents.sealed IS DISTINCT FROM EXCLUDED.sealed
         RETURNING 1`,
        [caseId, d.docId, d.kind, Buffer.from(d.sealed, 'base64'), wrapped, stationId],
      );
      stored += rows.length;
    }
    if (stored > 0)
      await appendAudit(q, stationId, {
        actor: 'station',
        action: 'documents.stored',
        subject: caseId,
        details: { count: stored },
      });
    return { stored };
  });
}

/** A case's documents, for the station that may hold them now (its operator claimed the case). */
export async function fetchDocuments(
  db: HubDb,
  hubVault: Vault,
  stationId: string,
  caseId: string,
): Promise<DocumentOnWire[]> {
  const custody = await custodyOf(db, caseId);
  requireNotPurged(custody, caseId);
  requireCustody(custody, caseId, stationId);
  const rows = await db.query<{ doc_id: string; kind: string; sealed: Uint8Array; wrapped_key: Uint8Array }>(
    'SELECT doc_id, kind, sealed, wrapped_key FROM hub_documents WHERE case_id = $1 ORDER BY doc_id',
    [caseId],
  );
  await db.tx((q) =>
    appendAudit(q, stationId, {
      actor: 'station',
      action: 'documents.fetched',
      subject: caseId,
      details: { count: rows.length },
    }),
  );
  return rows.map((r) => ({
    docId: r.doc_id,
    kind: r.kind,
    sealed: Buffer.from(r.sealed).toString('base64'),
    key: hubVault.open(r.wrapped_key, keyContext(caseId, r.doc_id)).toString('base64'),
  }));
}
