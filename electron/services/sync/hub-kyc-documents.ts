import { getCaseRow } from '../kyc/store/case-rows';
import type { KycContext } from '../kyc/store/context';
import {
  dropCaseDocuments,
  droppedCurrentDocuments,
  holdsDocuments,
  restoreCaseDocuments,
  type DropReason,
} from '../kyc/store/document-drops';
import { DomainError } from '../../contract/domain/errors';
import { isReviewCopy, redactReviewCopy, reviewCopyOf, takeReviewCopy } from '../kyc/intake/review-copy';
import { fetchCaseDocuments, openWireDocument } from './case-documents';
import { mayHoldDocuments } from './document-rule';
import { HubUnavailable, type HubClient } from './hub-client';
import type { SyncParticipant } from './participant';
import type { MirrorChange, QueuedMutation } from './queue';
import { caseIdOf } from './case-words';
import type { HubCase, StationSync } from './station-sync';

type Sync = Pick<StationSync, 'stationId' | 'hubCase' | 'documents'>;

/** Why a case's documents left: decided anywhere, claimed at another station, or no longer ours. */
function reasonOf(c: HubCase, stationId: string): DropReason {
  if (c.status !== 'open' && c.status !== 'awaiting_second') return 'decided';
  if (c.holderStation !== null && c.holderStation !== stationId) return 'held_elsewhere';
  return 'left';
}

/**
 * The hub's case is a correction taken in at another station: this store's documents are of the
 * submission it saw, not of the one under review, so none is fetched back into it — a reviewer
 * here would otherwise hold, as if current, documents the correction replaced.
 */
function correctedElsewhere(c: HubCase | null, stationId: string | null): boolean {
  return c?.resubmittedStation != null && c.resubmittedStation !== stationId;
}

/**
 * The KYC store's own copies of case documents under the custody rule (docs/sync.md §10.3): the
 * pack files of the applications this station took in or imported. After each pulled page, every
 * case of the page that is in this store is settled by the one rule (document-rule.ts): may no
 * longer hold → its documents are deleted from the packs (document-drops.ts, audited); held by an
 * operator here with documents dropped → fetched from the hub and put back. Documents of the case
 * taken in here and not yet at the hub are never dropped: they are the only copy.
 *
 * The store is the station's database, not the sync file, so a page and its drops are not one
 * transaction: at every start the store's cases are settled again against the pulled copy
 * (`catchUp`), which finishes what a crash between them left.
 */
export class HubKycDocuments implements SyncParticipant {
  constructor(
    private readonly sync: Sync,
    private readonly kyc: KycContext,
    private readonly dataDir: string,
    private readonly onError: (message: string, error: unknown) => void,
  ) {}

  async afterPull(client: HubClient, changes: readonly MirrorChange[]): Promise<void> {
    for (const c of changes) if (c.entity === 'case') await this.settle(c.key, client);
  }

  /**
   * A refused correction given up by its author: its documents were withdrawn from the upload
   * (case-documents.ts), so the store's copies follow the custody rule now, not at the next pull.
   */
  discarded(m: QueuedMutation): void {
    if (m.kind !== 'application.resubmit') return;
    this.settle(caseIdOf(m), null).catch((error: unknown) =>
      this.onError(`the documents of case ${caseIdOf(m)} could not be settled`, error),
    );
  }

  /** At start: drops a crash after a pull left undone (fetching back waits for the next round). */
  async catchUp(): Promise<void> {
    if (this.sync.stationId === null) return;
    const ids = this.kyc.db
      .prepare('SELECT DISTINCT application_id FROM kyc_documents ORDER BY application_id')
      .pluck()
      .all() as string[];
    for (const id of ids) await this.settle(id, null);
  }

  /** Settles one case now (also after a claim here was granted). */
  async settle(caseId: string, client: HubClient | null): Promise<void> {
    const stationId = this.sync.stationId;
    const atHub = this.sync.hubCase(caseId);
    if (stationId === null || atHub === null || getCaseRow(this.kyc.db, caseId) === undefined) return;
    try {
      if (!mayHoldDocuments(atHub, stationId)) {
        const reason = reasonOf(atHub, stationId);
        if (holdsDocuments(this.kyc, caseId) && !this.sync.documents?.awaitingUpload(caseId))
          dropCaseDocuments(this.kyc, caseId, reason, 'system', this.dataDir);
        // A review copy's application record leaves with them (the row keeps masks and decisions).
        redactReviewCopy(this.kyc, caseId, reason);
      } else if (
        client !== null &&
        atHub.holderStation === stationId &&
        !isReviewCopy(reviewCopyOf(this.kyc, caseId)) &&
        !correctedElsewhere(atHub, stationId) &&
        droppedCurrentDocuments(this.kyc, caseId).length > 0
      ) {
        await this.fetchBack(client, caseId, atHub.holder ?? 'system');
      }
    } catch (error) {
      if (error instanceof HubUnavailable) throw error;
      // One case the store cannot settle must not stop the rest; it is settled again at the next start.
      this.onError(`the documents of case ${caseId} could not be settled with the hub's custody`, error);
    }
  }

  /**
   * A claim an operator here was just granted: the documents dropped here are fetched back at once
   * (the pulled copy may show the claim only a round later). Unreachable now: the next round's
   * pull settles it. A case this store did not take in (absent, or a review copy) is copied from
   * the hub now instead (`copyFromHub`), and that one throws when it cannot.
   */
  async claimedHere(
    caseId: string,
    client: HubClient,
    operator: string,
    originStation: string | null = null,
  ): Promise<void> {
    const held = reviewCopyOf(this.kyc, caseId);
    if (held === undefined || isReviewCopy(held))
      return this.copyFromHub(caseId, client, operator, originStation ?? held?.origin_station ?? null);
    if (correctedElsewhere(this.sync.hubCase(caseId), this.sync.stationId)) return;
    if (droppedCurrentDocuments(this.kyc, caseId).length === 0) return;
    try {
      await this.fetchBack(client, caseId, operator);
    } catch (error) {
      if (!(error instanceof HubUnavailable))
        this.onError(`the documents of case ${caseId} could not be fetched back`, error);
    }
  }

  /**
   * A case granted to a reviewer here that was taken in at another station: its documents and
   * application record fetched from the hub and stored as a review copy (review-copy.ts), in one
   * transaction. Refused with words naming the case — the hub unreachable, the claim gone, the
   * record unusable — and then nothing is written (the caller gives the claim back).
   */
  private async copyFromHub(
    caseId: string,
    client: HubClient,
    operator: string,
    originStation: string | null,
  ): Promise<void> {
    let documents: Awaited<ReturnType<typeof fetchCaseDocuments>>;
    try {
      documents = await fetchCaseDocuments(client, caseId);
    } catch (error) {
      if (!(error instanceof HubUnavailable)) throw error;
      throw new DomainError(
        'unavailable',
        `Case ${caseId} was granted, but its record could not be fetched from the hub (${error.message}); the claim was given back. Try again when the station is online.`,
        undefined,
        'kyc.review_copy.offline',
        { applicationId: caseId },
      );
    }
    if (documents === undefined)
      throw new DomainError(
        'wrong_state',
        `Case ${caseId} is no longer this station's to review (the hub refused its documents).`,
        undefined,
        'kyc.review_copy.gone',
        { applicationId: caseId },
      );
    const origin = originStation ?? this.sync.hubCase(caseId)?.originStation ?? 'unknown';
    let opened;
    try {
      opened = documents.map((d) => openWireDocument(caseId, d));
    } catch (error) {
      throw new DomainError(
        'unavailable',
        `Case ${caseId} cannot be reviewed here: a document from the hub does not open (${(error as Error).message}).`,
        undefined,
        'kyc.review_copy.unusable',
        { applicationId: caseId },
      );
    }
    takeReviewCopy(this.kyc, caseId, { originStation: origin, documents: opened }, operator);
  }

  private async fetchBack(client: HubClient, caseId: string, actor: string): Promise<void> {
    const documents = await fetchCaseDocuments(client, caseId);
    if (documents === undefined) return;
    const fetched = documents.map((d) => {
      const opened = openWireDocument(caseId, d);
      return { docKey: opened.docId, bytes: opened.bytes };
    });
    restoreCaseDocuments(this.kyc, caseId, fetched, actor);
  }
}

/** Wires it into a running station: pulled cases settled from now on, and what a crash left, now. */
export async function followHubKycDocuments(
  sync: StationSync,
  kyc: KycContext,
  dataDir: string,
  onError: (message: string, error: unknown) => void,
): Promise<HubKycDocuments> {
  const documents = new HubKycDocuments(sync, kyc, dataDir, onError);
  sync.participate(documents);
  await documents.catchUp();
  return documents;
}
