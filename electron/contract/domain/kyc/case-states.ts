/**
 * A case's life: submitted → in_review (claimed, with a lease) → approved / rejected /
 * info_requested → resubmitted → in_review … . A high-risk approval passes through
 * awaiting_second_approval until a different senior reviewer approves it too.
 */
export const CASE_STATES = [
  'submitted',
  'in_review',
  'awaiting_second_approval',
  'approved',
  'rejected',
  'info_requested',
  'resubmitted',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** States that wait for a reviewer: the queue's default view. */
export const OPEN_STATES: readonly CaseState[] = [
  'submitted',
  'resubmitted',
  'in_review',
  'awaiting_second_approval',
];

/**
 * States nothing more comes to: an approval ends a case (a rejection may still be corrected, an
 * information request answered). A store's case in one of them follows no step taken elsewhere,
 * unless this station's own word on it was given up (hub-kyc-decisions.ts).
 */
export const FINAL_STATES: readonly CaseState[] = ['approved'];

/** States the applicant may resubmit from. */
export const RESUBMITTABLE_STATES: readonly CaseState[] = ['info_requested', 'rejected'];

/** The state a case waiting for its first reviewer is in, by submission number. */
export function waitingState(submission: number): CaseState {
  return submission > 1 ? 'resubmitted' : 'submitted';
}

export const DOCUMENT_DECISIONS = ['accepted', 'needs_revision'] as const;
export type DocumentDecision = (typeof DOCUMENT_DECISIONS)[number];

export const DECISION_KINDS = ['approve', 'second_approve', 'reject', 'request_info'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];
