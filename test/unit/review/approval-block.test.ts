import { describe, expect, it } from 'vitest';
import type { Operator } from '../../../electron/contract/context';
import { approvalBlock } from '../../../renderer/src/workspaces/review/approval-block';
import type { CaseDocument, CaseState, CaseView } from '../../../renderer/src/workspaces/review/types';

const reviewer: Operator = { id: 'r1', username: 'r1', displayName: 'R1', role: 'reviewer' };
const doc = (decision: CaseDocument['decision']) =>
  ({ documentId: 'd1', key: 'id-front', kind: 'id_front', current: true, decision }) as CaseDocument;
type Severity = CaseView['findings'][number]['severity'];
const finding = (severity: Severity, submission = 1) => ({ submission, severity, code: `x.${severity}` });
const view = (
  state: CaseState,
  documents: CaseDocument[] = [doc('accepted')],
  findings: ReturnType<typeof finding>[] = [],
) =>
  ({ summary: { state, submission: 1 }, documents, findings, firstApproverId: null }) as unknown as CaseView;
const block = (v: CaseView, held: boolean) =>
  approvalBlock(v, reviewer, held, () => '身份证正面')?.key ?? null;

describe('why the decision bar cannot approve', () => {
  it('asks for a claim on a case waiting in the queue, never calls it closed', () => {
    expect(block(view('submitted'), false)).toBe('review.decision.notHeld');
    expect(block(view('resubmitted'), false)).toBe('review.decision.notHeld');
  });

  it('says a decided case is closed', () => {
    for (const state of ['approved', 'rejected', 'info_requested'] as const) {
      expect(block(view(state), false)).toBe('review.decision.closed');
    }
  });

  it('names what is left on a held case, and lets a finished one through', () => {
    expect(block(view('in_review', [doc('needs_revision')]), true)).toBe(
      'review.decision.documentsNeedRevision',
    );
    expect(block(view('in_review', [doc(null)]), true)).toBe('review.decision.documentsUndecided');
    expect(block(view('in_review'), false)).toBe('review.decision.notHeld');
    expect(block(view('in_review'), true)).toBeNull();
  });

  it('refuses while the current submission has an error finding, as the station does', () => {
    expect(block(view('in_review', [doc('accepted')], [finding('error')]), true)).toBe(
      'review.decision.errorFindings',
    );
    // A warning is approved over (the confirmation lists it); an error of an earlier submission is history.
    expect(
      block(view('in_review', [doc('accepted')], [finding('warning'), finding('error', 0)]), true),
    ).toBeNull();
  });
});
