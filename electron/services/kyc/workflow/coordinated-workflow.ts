import type { Operator } from '../../../contract/context';
import { DomainError } from '../../../contract/domain/errors';
import { REASON_CODES } from '../../../contract/domain/kyc/reason-codes';
import type { CaseState } from '../../../contract/domain/kyc/case-states';
import type { KycContext } from '../store/context';
import { applicationRecord, isReviewCopy, reviewCopyOf } from '../intake/review-copy';
import { openApplication } from '../store/case-rows';
import { OPEN_DROPS } from '../store/document-drops';
import { statement } from '../store/statements';
import type { ClaimResult } from './claims';
import type { ApprovalResult } from './decisions';
import { loadCase } from './case-access';
import {
  createReviewWorkflow,
  type NoticedDecision,
  type ReasonedDecision,
  type ReviewWorkflow,
  type ReviewWorkflowOptions,
} from './review-workflow';
import type { CaseDocumentBytes, CaseFacts, ReviewAuthority } from './review-authority';

/**
 * The review actions that another party may have to agree to, asked of the authority first (a
 * claim) or told to it after (a decision). Everything else of the workflow is the station's own.
 */
export interface CoordinatedReviewWorkflow extends Omit<
  ReviewWorkflow,
  'claim' | 'claimNext' | 'release' | 'approve' | 'reject' | 'requestInfo'
> {
  claimNext(operator: Operator): Promise<ClaimResult | null>;
  /** After a bundle import or counter entry committed: tells the authority of the new cases. */
  takenIn(operator: Operator, applicationIds: readonly string[]): void;
  /** Likewise for resubmissions (corrected cases). */
  resubmitted(operator: Operator, applicationIds: readonly string[]): void;
  claim(operator: Operator, applicationId: string): Promise<ClaimResult>;
  release(operator: Operator, applicationId: string): Promise<{ state: CaseState }>;
  approve(operator: Operator, applicationId: string, note?: string): ApprovalResult;
  reject: ReasonedDecision<NoticedDecision>;
  requestInfo: ReasonedDecision<Promise<NoticedDecision>>;
}

/** How many local candidates claim-next offers a shared authority before it says the queue is empty. */
const CLAIM_NEXT_TRIES = 10;

/** The open cases this operator could claim, earliest due first (what claim-next would pick locally). */
function candidates(ctx: KycContext, operator: Operator, limit: number): string[] {
  const senior = operator.role === 'senior_reviewer';
  return statement(
    ctx.db,
    `SELECT id FROM kyc_applications
      WHERE state IN ('submitted', 'resubmitted')
         OR (state = 'in_review' AND (lease_expires_at <= @now OR assignee_id = @me))
         OR (@senior AND state = 'awaiting_second_approval' AND first_approver_id <> @me
             AND (lease_expires_at IS NULL OR lease_expires_at <= @now))
      ORDER BY due_at, id LIMIT @limit`,
  )
    .pluck()
    .all({ now: ctx.now(), me: operator.id, senior: senior ? 1 : 0, limit }) as string[];
}

function factsOf(ctx: KycContext, applicationId: string): CaseFacts {
  const row = loadCase(ctx.db, applicationId);
  const { application } = openApplication(ctx.db, ctx.secrets, applicationId);
  return {
    applicationId,
    phone: application.applicant.phone,
    dueAt: row.due_at,
    risk: row.risk,
    // The application record goes up with the documents: a reviewer elsewhere reviews from it.
    documents: () => [...currentDocuments(ctx, applicationId), applicationRecord(application)],
  };
}

/**
 * A case the authority holds and this store did not take in (absent here, or a review copy): the
 * authority is never told of it as new, so nothing of it is read here.
 */
const factsFromAuthority = (applicationId: string): CaseFacts => ({
  applicationId,
  phone: '',
  dueAt: '',
  risk: 'high',
  documents: () => [],
  fromAuthority: true,
});

/** The documents of a case's latest submission held here, opened from their pack files. */
function currentDocuments(ctx: KycContext, applicationId: string): CaseDocumentBytes[] {
  const rows = statement(
    ctx.db,
    `SELECT id, doc_key, kind, file, file_offset, file_length FROM kyc_documents
      WHERE application_id = ? AND superseded_in IS NULL AND id NOT IN (${OPEN_DROPS}) ORDER BY doc_key`,
  ).all(applicationId) as {
    id: string;
    doc_key: string;
    kind: string;
    file: string;
    file_offset: number;
    file_length: number;
  }[];
  return rows.map((r) => ({
    docId: r.doc_key,
    kind: r.kind,
    bytes: ctx.files.read({ file: r.file, offset: r.file_offset, length: r.file_length }, r.id),
  }));
}

/** Words of the reason codes as the hub keeps them (it sends the SMS): Chinese, as the applicant reads them. */
function reasonWords(codes: readonly string[]): string {
  return codes.map((c) => REASON_CODES.find((r) => r.code === c)?.zh ?? c).join('；');
}

/**
 * The review workflow behind an authority (review-authority.ts): a claim is recorded only after
 * the authority granted it (and given back to it when the station cannot record it), and each
 * decision the station records is carried to it.
 */
export function createCoordinatedWorkflow(
  ctx: KycContext,
  authority: ReviewAuthority,
  options: ReviewWorkflowOptions = {},
): CoordinatedReviewWorkflow {
  const local = createReviewWorkflow(ctx, options);

  /** Records the claim the authority granted; refused here (closed meanwhile), it is given back there. */
  const recordGranted = async (operator: Operator, applicationId: string): Promise<ClaimResult> => {
    try {
      return local.claim(operator, applicationId);
    } catch (error) {
      // Granted there but refused here (the case closed meanwhile): do not keep it locked at the hub.
      await authority.release(operator, applicationId).catch(() => undefined);
      throw error;
    }
  };

  const claim = async (operator: Operator, applicationId: string): Promise<ClaimResult> => {
    const held = reviewCopyOf(ctx, applicationId);
    // A case this store does not hold is claimed through a shared authority (which copies it here).
    if (held === undefined && !authority.shared) loadCase(ctx.db, applicationId); // not_found, named
    const fromAuthority = held === undefined || isReviewCopy(held);
    await authority.claim(operator, () =>
      fromAuthority ? factsFromAuthority(applicationId) : factsOf(ctx, applicationId),
    );
    return recordGranted(operator, applicationId);
  };

  return {
    ...local,
    claim,
    takenIn(operator, applicationIds) {
      authority.takenIn(
        operator,
        applicationIds.map((id) => () => factsOf(ctx, id)),
      );
    },
    resubmitted(operator, applicationIds) {
      authority.resubmitted(
        operator,
        applicationIds.map((id) => () => factsOf(ctx, id)),
      );
    },
    async claimNext(operator) {
      if (!authority.shared) return local.claimNext(operator);
      for (const id of candidates(ctx, operator, CLAIM_NEXT_TRIES)) {
        if (authority.heldElsewhere(id)) continue;
        try {
          return await claim(operator, id);
        } catch (error) {
          if (error instanceof DomainError && error.refusal === 'wrong_state') continue;
          throw error;
        }
      }
      // None here: the next of the hub's whole queue (a case taken in elsewhere is copied here first).
      const granted = await authority.claimNext(operator);
      return granted === null ? null : recordGranted(operator, granted);
    },
    async release(operator, applicationId) {
      const result = local.release(operator, applicationId);
      await authority.release(operator, applicationId);
      return result;
    },
    approve(operator, applicationId, note) {
      const result = local.approve(operator, applicationId, note);
      authority.decided(operator, applicationId, { outcome: 'approve' });
      return result;
    },
    reject(operator, applicationId, reasonCodes, note) {
      const result = local.reject(operator, applicationId, reasonCodes, note);
      authority.decided(operator, applicationId, { outcome: 'reject', reason: reasonWords(reasonCodes) });
      return result;
    },
    async requestInfo(operator, applicationId, reasonCodes, note) {
      const result = local.requestInfo(operator, applicationId, reasonCodes, note);
      // The hub knows no "information requested": the reviewer's turn ends, the claim goes back.
      await authority.release(operator, applicationId);
      return result;
    },
  };
}
