import { randomBytes } from 'node:crypto';
import { createVault, type Vault } from '../vault/vault';
import { mayHoldDocuments, type CaseCustody } from './document-rule';
import { HubRefusedRequest, type HubClient } from './hub-client';
import type { SyncParticipant } from './participant';
import type { QueuedMutation, SyncQueue } from './queue';
import { caseIdOf } from './case-words';

export interface CaseDocument {
  readonly docId: string;
  readonly kind: string;
  readonly bytes: Buffer;
}

/** A document as it travels to and from the hub (server/documents.ts DocumentOnWire). */
export interface WireDocument {
  readonly docId: string;
  readonly kind: string;
  readonly sealed: string;
  readonly key: string;
}

interface Row {
  case_id: string;
  doc_id: string;
  kind: string;
  sealed: Buffer;
  key_sealed: Buffer;
  uploaded: number;
}

/** The same binding the hub uses: a seal opens only as the document it was made for. */
const documentContext = (caseId: string, docId: string) => `${caseId}/${docId}`;
const keyContext = (caseId: string, docId: string) => `sync-document-key:${caseId}/${docId}`;

/** A vault over one document's own key: the station's vault seal format, a key per document. */
const vaultOver = (key: Buffer): Vault => createVault({ description: 'document key', loadKey: () => key });

/** A document the hub sent, opened under its own key; throws when the seal is not of this case and document. */
export function openWireDocument(caseId: string, d: WireDocument): CaseDocument {
  const bytes = vaultOver(Buffer.from(d.key, 'base64')).open(
    Buffer.from(d.sealed, 'base64'),
    documentContext(caseId, d.docId),
  );
  return { docId: d.docId, kind: d.kind, bytes };
}

/**
 * A case's documents as the hub sends them; undefined when the hub refuses (the case was claimed at
 * another station again by the time we asked: the next pulled change says so).
 */
export async function fetchCaseDocuments(
  client: HubClient,
  caseId: string,
): Promise<WireDocument[] | undefined> {
  try {
    const answer: { documents: WireDocument[] } = await client.get(
      `/v1/cases/${encodeURIComponent(caseId)}/documents`,
    );
    return answer.documents;
  } catch (error) {
    if (error instanceof HubRefusedRequest) return undefined;
    throw error;
  }
}

/**
 * Its author gave up a refused correction (`application.resubmit`): when the hub's case is not this
 * station's to hold, the documents taken in with it that never reached the hub are withdrawn —
 * kept, they would be offered every round and refused, and keep the KYC store's copies here for
 * ever (hub-kyc-documents.ts drops those by the custody rule once nothing waits for upload) — and
 * the rest follow the custody rule now. A case this station may hold uploads them in the next
 * round, as any other. The station's Sync panel and the CLI alike.
 */
export function withdrawGivenUpCorrection(queue: SyncQueue, stationId: string, m: QueuedMutation): void {
  if (m.kind !== 'application.resubmit') return;
  const caseId = caseIdOf(m);
  const custody = queue.mirror<CaseCustody>('case', caseId);
  if (!custody || mayHoldDocuments(custody, stationId)) return;
  queue.sqlite.prepare('DELETE FROM sync_documents WHERE case_id = ?').run(caseId);
}

/**
 * The case documents a station holds (PII minimisation, docs/sync.md §1): those of cases it took in
 * and of cases an operator here holds a claim on — nothing else. Each document is sealed under its
 * own random key (AES-256-GCM); that key is kept sealed under the station's vault and travels to
 * the hub beside the seal, over mutual TLS. The hub wraps it under its own key.
 *
 * In every round: documents taken in are uploaded once their case is at the hub; for each pulled
 * case change, a case this station may now hold and has no documents of is fetched, and a case it
 * may no longer hold (decided, claimed at another station, released back to the station that took
 * it in) has its documents dropped — once they are safe at the hub.
 */
export class CaseDocuments implements SyncParticipant {
  constructor(
    private readonly queue: SyncQueue,
    private readonly stationId: string,
    private readonly vault: Vault,
  ) {
    // Decided in the pulled page's own transaction, so a crash after the page cannot lose a fetch
    // or keep documents the station may no longer hold.
    queue.onApply('case', (db, change) => {
      const custody = change.data as CaseCustody;
      if (mayHoldDocuments(custody, stationId)) {
        const held = db.prepare('SELECT 1 FROM sync_documents WHERE case_id = ? LIMIT 1').get(change.key);
        if (!held)
          db.prepare('INSERT OR IGNORE INTO sync_document_fetch (case_id) VALUES (?)').run(change.key);
      } else {
        db.prepare('DELETE FROM sync_document_fetch WHERE case_id = ?').run(change.key);
        // Never drop the only copy: documents not yet at the hub stay until uploaded.
        db.prepare('DELETE FROM sync_documents WHERE case_id = ? AND uploaded = 1').run(change.key);
      }
    });
  }

  /**
   * A case's documents taken in at this station (with its application.submit or .resubmit). A
   * document already held under the same id is replaced (a corrected one) and uploaded again.
   */
  takeIn(caseId: string, documents: readonly CaseDocument[]): void {
    const put = this.queue.sqlite.prepare(
      `INSERT INTO sync_documents (case_id, doc_id, kind, sealed, key_sealed, uploaded) VALUES (?, ?, ?, ?, ?, 0)
       ON CONFLICT (case_id, doc_id) DO UPDATE
         SET kind = excluded.kind, sealed = excluded.sealed, key_sealed = excluded.key_sealed, uploaded = 0`,
    );
    this.queue.sqlite.transaction(() => {
      for (const d of documents) {
        const key = randomBytes(32);
        put.run(
          caseId,
          d.docId,
          d.kind,
          vaultOver(key).seal(d.bytes, documentContext(caseId, d.docId)),
          this.vault.seal(key, keyContext(caseId, d.docId)),
        );
      }
    })();
  }

  /** The documents of a case held here, opened; [] when this station holds none of it. */
  read(caseId: string): CaseDocument[] {
    return this.rows(caseId).map((r) => {
      const key = this.vault.open(r.key_sealed, keyContext(caseId, r.doc_id));
      return {
        docId: r.doc_id,
        kind: r.kind,
        bytes: vaultOver(key).open(r.sealed, documentContext(caseId, r.doc_id)),
      };
    });
  }

  /** Whether documents of this case taken in here have not reached the hub yet (they are the only copy). */
  awaitingUpload(caseId: string): boolean {
    return (
      this.queue.sqlite
        .prepare('SELECT 1 FROM sync_documents WHERE case_id = ? AND uploaded = 0 LIMIT 1')
        .get(caseId) !== undefined
    );
  }

  /** Case ids whose documents are held here (tests and the Sync panel). */
  heldCases(): string[] {
    return (
      this.queue.sqlite.prepare('SELECT DISTINCT case_id FROM sync_documents ORDER BY case_id').all() as {
        case_id: string;
      }[]
    ).map((r) => r.case_id);
  }

  async afterPush(client: HubClient): Promise<void> {
    const waiting = this.queue.sqlite
      .prepare('SELECT DISTINCT case_id FROM sync_documents WHERE uploaded = 0 ORDER BY case_id')
      .all() as { case_id: string }[];
    for (const { case_id: caseId } of waiting) {
      const rows = this.rows(caseId).filter((r) => r.uploaded === 0);
      try {
        await client.post(`/v1/cases/${encodeURIComponent(caseId)}/documents`, {
          documents: rows.map((r) => this.toWire(r)),
        });
      } catch (error) {
        // The case is not at the hub yet (its submit was refused or is still queued): keep them.
        if (error instanceof HubRefusedRequest) continue;
        throw error;
      }
      // Only the documents sent, as sent: one taken in or corrected while the upload was on its way
      // (takeIn does not wait for a round) stays unsent, so a drop never deletes the only copy of it.
      const sent = this.queue.sqlite.prepare(
        'UPDATE sync_documents SET uploaded = 1 WHERE case_id = ? AND doc_id = ? AND sealed = ? AND uploaded = 0',
      );
      this.queue.sqlite.transaction(() => {
        for (const r of rows) sent.run(caseId, r.doc_id, r.sealed);
      })();
      this.dropIfGone(caseId);
    }
  }

  async afterPull(client: HubClient): Promise<void> {
    const wanted = this.queue.sqlite
      .prepare('SELECT case_id FROM sync_document_fetch ORDER BY case_id')
      .all() as {
      case_id: string;
    }[];
    for (const { case_id: caseId } of wanted) {
      await this.fetch(client, caseId);
      this.queue.sqlite.prepare('DELETE FROM sync_document_fetch WHERE case_id = ?').run(caseId);
    }
  }

  discarded(m: QueuedMutation): void {
    withdrawGivenUpCorrection(this.queue, this.stationId, m);
  }

  /** After an upload: documents of a case that already left this station are dropped now. */
  private dropIfGone(caseId: string): void {
    const custody = this.queue.mirror<CaseCustody>('case', caseId);
    if (custody && !mayHoldDocuments(custody, this.stationId))
      this.queue.sqlite.prepare('DELETE FROM sync_documents WHERE case_id = ? AND uploaded = 1').run(caseId);
  }

  private async fetch(client: HubClient, caseId: string): Promise<void> {
    const documents = await fetchCaseDocuments(client, caseId);
    if (documents === undefined) return;
    const put = this.queue.sqlite.prepare(
      `INSERT INTO sync_documents (case_id, doc_id, kind, sealed, key_sealed, uploaded) VALUES (?, ?, ?, ?, ?, 1)
       ON CONFLICT (case_id, doc_id) DO NOTHING`,
    );
    this.queue.sqlite.transaction(() => {
      for (const d of documents) {
        const sealed = Buffer.from(d.sealed, 'base64');
        const key = Buffer.from(d.key, 'base64');
        // Opened once here: a seal that does not open under its key and case is refused, not stored.
        vaultOver(key).open(sealed, documentContext(caseId, d.docId));
        put.run(caseId, d.docId, d.kind, sealed, this.vault.seal(key, keyContext(caseId, d.docId)));
      }
    })();
  }

  private rows(caseId: string): Row[] {
    return this.queue.sqlite
      .prepare('SELECT * FROM sync_documents WHERE case_id = ? ORDER BY doc_id')
      .all(caseId) as Row[];
  }

  private toWire(r: Row): WireDocument {
    const key = this.vault.open(r.key_sealed, keyContext(r.case_id, r.doc_id));
    return {
      docId: r.doc_id,
      kind: r.kind,
      sealed: r.sealed.toString('base64'),
      key: key.toString('base64'),
    };
  }
}
