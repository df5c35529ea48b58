import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { intakeAtCounter } from '../../../electron/services/kyc/intake/counter-intake';
import { getCaseRow } from '../../../electron/services/kyc/store/case-rows';
import { readCase } from '../../../electron/services/kyc/store/case-view';
import {
  createReviewWorkflow,
  type ReviewWorkflow,
} from '../../../electron/services/kyc/workflow/review-workflow';
import { counterDocuments, submit, testSubmission } from './applications';
import { openKycTestStore, reviewer, reviewer2, type KycTestStore } from './fixtures';
import { acceptAll, currentDocumentIds, refusal } from './helpers';

let store: KycTestStore;
let workflow: ReviewWorkflow;

function resubmit(options: Parameters<typeof testSubmission>[0]): void {
  const input = testSubmission(options);
  intakeAtCounter(store.ctx, input.application, counterDocuments(input), 'counter-clerk');
}

beforeEach(() => {
  store = openKycTestStore();
  workflow = createReviewWorkflow(store.ctx);
  submit(store.ctx, { id: 'A1', revision: 1 });
});
afterEach(() => store.close());

describe('per-document decisions gate approval', () => {
  it('refuses approval while a document is undecided', () => {
    workflow.claim(reviewer, 'A1');
    const docs = currentDocumentIds(store.ctx, 'A1');
    workflow.decideDocument(reviewer, {
      applicationId: 'A1',
      documentId: docs['id-front']!,
      decision: 'accepted',
    });
    const error = refusal(() => workflow.approve(reviewer, 'A1'));
    expect(error.reason).toBe('kyc.documents.undecided');
    expect(error.message).toContain('proof');
  });

  it('refuses approval while a document needs revision, and allows it once accepted', () => {
    workflow.claim(reviewer, 'A1');
    acceptAll(store.ctx, workflow, reviewer, 'A1');
    const proof = currentDocumentIds(store.ctx, 'A1')['proof']!;
    workflow.decideDocument(reviewer, {
      applicationId: 'A1',
      documentId: proof,
      decision: 'needs_revision',
      reasonCode: 'photo_unclear',
    });
    expect(refusal(() => workflow.approve(reviewer, 'A1')).reason).toBe('kyc.documents.needs_revision');
    expect(getCaseRow(store.ctx.db, 'A1')?.state).toBe('in_review');
    workflow.decideDocument(reviewer, { applicationId: 'A1', documentId: proof, decision: 'accepted' });
    expect(workflow.approve(reviewer, 'A1').state).toBe('approved');
  });

  it('needs a document reason for needs_revision and none for accepted', () => {
    workflow.claim(reviewer, 'A1');
    const proof = currentDocumentIds(store.ctx, 'A1')['proof']!;
    expect(
      refusal(() =>
        workflow.decideDocument(reviewer, {
          applicationId: 'A1',
          documentId: proof,
          decision: 'needs_revision',
        }),
      ).field,
    ).toBe('reasonCode');
    expect(
      refusal(() =>
        workflow.decideDocument(reviewer, {
          applicationId: 'A1',
          documentId: proof,
          decision: 'needs_revision',
          reasonCode: 'suspected_agent_filing',
        }),
      ).reason,
    ).toBe('kyc.reason.invalid');
    expect(
      refusal(() =>
        workflow.decideDocument(reviewer, {
          applicationId: 'A1',
          documentId: proof,
          decision: 'accepted',
          reasonCode: 'photo_unclear',
        }),
      ).field,
    ).toBe('reasonCode');
  });
});

describe('the revision loop', () => {
  it('request info → resubmit → review again, keeping the history', () => {
    workflow.claim(reviewer, 'A1');
    const first = currentDocumentIds(store.ctx, 'A1');
    acceptAll(store.ctx, workflow, reviewer, 'A1');
    workflow.decideDocument(reviewer, {
      applicationId: 'A1',
      documentId: first['proof']!,
      decision: 'needs_revision',
      reasonCode: 'stall_certificate_invalid',
    });
    expect(workflow.requestInfo(reviewer, 'A1', ['stall_certificate_invalid']).state).toBe('info_requested');
    expect(refusal(() => workflow.claim(reviewer2, 'A1')).reason).toBe('kyc.case.wrong_state');

    // A resubmission must be later than the submission it follows.
    expect(() => resubmit({ id: 'A1', revision: 2, submittedAt: '2026-11-01T10:00:00+08:00' })).toThrow(
      /submittedAt/,
    );
    resubmit({ id: 'A1', revision: 2, submittedAt: '2026-11-03T15:00:00+08:00' });
    const row = getCaseRow(store.ctx.db, 'A1');
    expect(row).toMatchObject({
      state: 'resubmitted',
      submission: 2,
      due_at: '2026-11-06T23:59:59.999+08:00',
    });

    // The revised proof replaces the old one (kept in history); unchanged documents keep their decision.
    const second = currentDocumentIds(store.ctx, 'A1');
    expect(second['proof']).not.toBe(first['proof']);
    expect(second['id-front']).toBe(first['id-front']);
    const view = readCase(store.ctx, 'A1');
    const oldProof = view.documents.find((d) => d.documentId === first['proof']);
    expect(oldProof).toMatchObject({ current: false, decision: 'needs_revision', submission: 1 });
    expect(view.documents.find((d) => d.documentId === second['proof'])).toMatchObject({
      current: true,
      decision: null,
      submission: 2,
    });
    expect(view.documents.find((d) => d.documentId === second['id-front'])?.decision).toBe('accepted');

    // Findings were recomputed for submission 2; submission 1's stay.
    expect(new Set(view.findings.map((f) => f.submission))).toEqual(new Set([1, 2]));
    expect(view.findings.filter((f) => f.submission === 2).map((f) => f.code)).toContain('proof.stall.ok');

    // Back in the queue; the next reviewer takes it and approves after deciding the new proof.
    expect(workflow.claimNext(reviewer2)?.applicationId).toBe('A1');
    expect(refusal(() => workflow.approve(reviewer2, 'A1')).reason).toBe('kyc.documents.undecided');
    workflow.decideDocument(reviewer2, {
      applicationId: 'A1',
      documentId: second['proof']!,
      decision: 'accepted',
    });
    expect(workflow.approve(reviewer2, 'A1').state).toBe('approved');

    const after = readCase(store.ctx, 'A1');
    expect(after.decisions.map((d) => [d.kind, d.submission])).toEqual([
      ['request_info', 1],
      ['approve', 2],
    ]);
    expect(after.history.map((h) => h.action)).toEqual([
      'kyc.application.submitted',
      'kyc.case.claimed',
      'kyc.document.decided',
      'kyc.document.decided',
      'kyc.document.decided',
      'kyc.document.decided',
      'kyc.document.decided',
      'kyc.case.info_requested',
      'kyc.application.resubmitted',
      'kyc.case.claimed',
      'kyc.document.decided',
      'kyc.case.approved',
    ]);
    expect(after.sms.map((s) => s.template)).toEqual(['info_requested', 'approved']);
  });

  it('lets a rejected applicant resubmit, but not an approved one', () => {
    workflow.claim(reviewer, 'A1');
    workflow.reject(reviewer, 'A1', ['business_proof_insufficient']);
    resubmit({ id: 'A1', revision: 2, submittedAt: '2026-11-03T15:00:00+08:00' });
    expect(getCaseRow(store.ctx.db, 'A1')?.state).toBe('resubmitted');
    workflow.claim(reviewer, 'A1');
    acceptAll(store.ctx, workflow, reviewer, 'A1');
    workflow.approve(reviewer, 'A1');
    expect(() => resubmit({ id: 'A1', revision: 3, submittedAt: '2026-11-04T15:00:00+08:00' })).toThrow(
      /already in the store \(approved\)/,
    );
  });

  it('treats the same submission again as already imported', () => {
    const input = testSubmission({ id: 'A1', revision: 1 });
    const again = intakeAtCounter(store.ctx, input.application, counterDocuments(input), 'counter-clerk');
    expect(again.outcome).toBe('unchanged');
    expect(store.ctx.db.prepare('SELECT COUNT(*) FROM kyc_documents').pluck().get()).toBe(4);
  });
});
