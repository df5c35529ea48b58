import type { Operator } from '../../../../electron/contract/context';
import { inReviewOrder } from './document-name';
import type { CaseDocument, CaseFinding, CaseView } from './types';
import type { ParseKeys } from 'i18next';

/** The current submission's findings of one severity (earlier submissions keep theirs in history). */
export function currentFindings(view: CaseView, severity: CaseFinding['severity']): CaseFinding[] {
  return view.findings.filter((f) => f.submission === view.summary.submission && f.severity === severity);
}

/** Why the operator cannot approve this case now, as a translation key and its values; null when they can. */
export type ApprovalBlock = { readonly key: ParseKeys; readonly values?: Record<string, string> } | null;

export function approvalBlock(
  view: CaseView,
  operator: Operator,
  held: boolean,
  nameOf: (doc: CaseDocument) => string,
): ApprovalBlock {
  const { state } = view.summary;
  // Waiting in the queue is not closed: claiming it is what puts it in review.
  if (state === 'submitted' || state === 'resubmitted') return { key: 'review.decision.notHeld' };
  if (state !== 'in_review' && state !== 'awaiting_second_approval') {
    return { key: 'review.decision.closed', values: { state } };
  }
  if (!held) return { key: 'review.decision.notHeld' };
  // As the station refuses it (kyc.findings.errors_block_approval): an error finding is a broken rule.
  const errors = currentFindings(view, 'error');
  if (errors.length > 0) {
    return { key: 'review.decision.errorFindings', values: { count: String(errors.length) } };
  }
  if (state === 'awaiting_second_approval') {
    if (operator.role !== 'senior_reviewer') return { key: 'review.decision.fourEyesSeniorOnly' };
    if (view.firstApproverId === operator.id) return { key: 'review.decision.fourEyesSamePerson' };
  }
  const current = inReviewOrder(view.documents.filter((d) => d.current));
  const revision = current.filter((d) => d.decision === 'needs_revision');
  if (revision.length > 0) {
    return {
      key: 'review.decision.documentsNeedRevision',
      values: { docs: revision.map(nameOf).join('、') },
    };
  }
  const undecided = current.filter((d) => d.decision === null);
  if (undecided.length > 0) {
    return { key: 'review.decision.documentsUndecided', values: { docs: undecided.map(nameOf).join('、') } };
  }
  return null;
}
