import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createReviewWorkflow,
  type ReviewWorkflow,
} from '../../../electron/services/kyc/workflow/review-workflow';
import { getCaseRow } from '../../../electron/services/kyc/store/case-rows';
import { followCorrectionElsewhere } from '../../../electron/services/kyc/workflow/decided-elsewhere';
import { submit } from './applications';
import { acceptAll, refusal } from './helpers';
import { openKycTestStore, reviewer, reviewer2, warehouse, type KycTestStore } from './fixtures';

let store: KycTestStore;
let workflow: ReviewWorkflow;
const LEASE_MS = 30 * 60_000;

beforeEach(() => {
  store = openKycTestStore();
  workflow = createReviewWorkflow(store.ctx, { leaseMs: LEASE_MS });
});
afterEach(() => store.close());

describe('claiming', () => {
  it('claimNext takes the case with the earliest due date, then the next one', () => {
    submit(store.ctx, { id: 'LATE', person: 1, submittedAt: '2026-11-04T10:00:00+08:00' });
    submit(store.ctx, { id: 'EARLY', person: 2, submittedAt: '2026-10-30T10:00:00+08:00' });
    submit(store.ctx, { id: 'MIDDLE', person: 3, submittedAt: '2026-11-02T10:00:00+08:00' });
    expect(workflow.claimNext(reviewer)?.applicationId).toBe('EARLY');
    expect(workflow.claimNext(reviewer2)?.applicationId).toBe('MIDDLE');
    expect(workflow.claimNext(reviewer)?.applicationId).toBe('LATE');
    expect(workflow.claimNext(reviewer2)).toBeNull();
  });

  it('puts the case in review with a lease and refuses a second reviewer while the lease runs', () => {
    submit(store.ctx, { id: 'A1' });
    const claim = workflow.claim(reviewer, 'A1');
    expect(claim).toMatchObject({
      state: 'in_review',
      renewed: false,
      leaseExpiresAt: '2026-11-02T11:30:00.000+08:00',
    });
    expect(getCaseRow(store.ctx.db, 'A1')).toMatchObject({ state: 'in_review', assignee_id: reviewer.id });
    expect(refusal(() => workflow.claim(reviewer2, 'A1')).reason).toBe('kyc.case.held_by_other');
    expect(workflow.claimNext(reviewer2)).toBeNull();
  });

  it('renews the lease when the holder claims again', () => {
    submit(store.ctx, { id: 'A1' });
    workflow.claim(reviewer, 'A1');
    store.clock.advance(20 * 60_000);
    const renewed = workflow.claim(reviewer, 'A1');
    expect(renewed.renewed).toBe(true);
    expect(renewed.leaseExpiresAt).toBe('2026-11-02T11:50:00.000+08:00');
  });

  it('lets another reviewer take over once the lease has expired', () => {
    submit(store.ctx, { id: 'A1' });
    workflow.claim(reviewer, 'A1');
    store.clock.advance(LEASE_MS + 1);
    expect(workflow.claimNext(reviewer2)?.applicationId).toBe('A1');
    expect(getCaseRow(store.ctx.db, 'A1')?.assignee_id).toBe(reviewer2.id);
  });

  it('is for reviewers only', () => {
    submit(store.ctx, { id: 'A1' });
    expect(refusal(() => workflow.claim(warehouse, 'A1')).code).toBe('forbidden');
    expect(refusal(() => workflow.claim(reviewer, 'NOPE')).code).toBe('not_found');
  });

  it('release puts the case back into the queue in its waiting state', () => {
    submit(store.ctx, { id: 'A1' });
    workflow.claim(reviewer, 'A1');
    expect(workflow.release(reviewer, 'A1')).toEqual({ state: 'submitted' });
    expect(getCaseRow(store.ctx.db, 'A1')).toMatchObject({
      state: 'submitted',
      assignee_id: null,
      lease_expires_at: null,
    });
    expect(refusal(() => workflow.release(reviewer2, 'A1')).reason).toBe('kyc.case.not_claimed');
  });
});

describe('a release gives back the state the case was claimed from', () => {
  /** A1 rejected here, then corrected at another station and followed: resubmitted on submission 1. */
  function correctedElsewhere(): void {
    submit(store.ctx, { id: 'A1' });
    workflow.claim(reviewer, 'A1');
    workflow.reject(reviewer, 'A1', ['business_proof_insufficient']);
    const followed = followCorrectionElsewhere(store.ctx, 'A1', {
      operator: 'li',
      station: 'Counter B',
      at: '2026-11-02T03:10:00.000Z',
      version: 3,
      claimedHere: false,
    });
    expect(followed).toBe(true);
    expect(getCaseRow(store.ctx.db, 'A1')).toMatchObject({ state: 'resubmitted', submission: 1 });
  }

  it('claimed and released: resubmitted, not what its submission number says', () => {
    correctedElsewhere();
    workflow.claim(reviewer2, 'A1');
    expect(getCaseRow(store.ctx.db, 'A1')).toMatchObject({ state: 'in_review', claimed_from: 'resubmitted' });
    expect(workflow.release(reviewer2, 'A1')).toEqual({ state: 'resubmitted' });
    expect(getCaseRow(store.ctx.db, 'A1')).toMatchObject({ state: 'resubmitted', claimed_from: null });
  });

  it('taken by claim-next, renewed, taken over after the lease ran out, released by the last holder: still resubmitted', () => {
    correctedElsewhere();
    expect(workflow.claimNext(reviewer2)?.applicationId).toBe('A1');
    store.clock.advance(10 * 60_000);
    expect(workflow.claim(reviewer2, 'A1').renewed).toBe(true);
    store.clock.advance(LEASE_MS + 1);
    expect(workflow.claimNext(reviewer)?.applicationId).toBe('A1');
    expect(workflow.release(reviewer, 'A1')).toEqual({ state: 'resubmitted' });
  });

  it('released by a holder whose lease ran out (nobody took it over): resubmitted', () => {
    correctedElsewhere();
    workflow.claim(reviewer2, 'A1');
    store.clock.advance(LEASE_MS + 1);
    expect(workflow.release(reviewer2, 'A1')).toEqual({ state: 'resubmitted' });
  });

  it('a first submission goes back submitted; a decision forgets where the claim came from', () => {
    submit(store.ctx, { id: 'A1' });
    workflow.claim(reviewer, 'A1');
    expect(getCaseRow(store.ctx.db, 'A1')?.claimed_from).toBe('submitted');
    expect(workflow.release(reviewer, 'A1')).toEqual({ state: 'submitted' });
    workflow.claim(reviewer, 'A1');
    workflow.requestInfo(reviewer, 'A1', ['photo_unclear']);
    expect(getCaseRow(store.ctx.db, 'A1')).toMatchObject({ state: 'info_requested', claimed_from: null });
  });

  it('the store refuses a claimed-from state on a case not in review', () => {
    submit(store.ctx, { id: 'A1' });
    expect(() =>
      store.ctx.db.prepare("UPDATE kyc_applications SET claimed_from = 'submitted' WHERE id = 'A1'").run(),
    ).toThrow(/CHECK constraint failed/);
  });
});

describe('nobody decides a case they do not hold', () => {
  beforeEach(() => {
    submit(store.ctx, { id: 'A1' });
  });

  it('refuses every decision on an unclaimed case', () => {
    const documentId = store.ctx.db.prepare('SELECT id FROM kyc_documents LIMIT 1').pluck().get() as string;
    for (const attempt of [
      () => workflow.approve(reviewer, 'A1'),
      () => workflow.reject(reviewer, 'A1', ['business_proof_insufficient']),
      () => workflow.requestInfo(reviewer, 'A1', ['photo_unclear']),
      () => workflow.decideDocument(reviewer, { applicationId: 'A1', documentId, decision: 'accepted' }),
    ]) {
      expect(refusal(attempt).reason).toBe('kyc.case.not_claimed');
    }
    expect(getCaseRow(store.ctx.db, 'A1')?.state).toBe('submitted');
  });

  it('refuses a decision by a reviewer other than the holder', () => {
    workflow.claim(reviewer, 'A1');
    acceptAll(store.ctx, workflow, reviewer, 'A1');
    expect(refusal(() => workflow.approve(reviewer2, 'A1')).reason).toBe('kyc.case.held_by_other');
    expect(refusal(() => workflow.reject(reviewer2, 'A1', ['id_invalid'])).reason).toBe(
      'kyc.case.held_by_other',
    );
    expect(getCaseRow(store.ctx.db, 'A1')?.state).toBe('in_review');
  });

  it('refuses the holder once the lease has expired, and accepts again after re-claiming', () => {
    workflow.claim(reviewer, 'A1');
    acceptAll(store.ctx, workflow, reviewer, 'A1');
    store.clock.advance(LEASE_MS);
    expect(refusal(() => workflow.approve(reviewer, 'A1')).reason).toBe('kyc.case.lease_expired');
    expect(getCaseRow(store.ctx.db, 'A1')?.state).toBe('in_review');
    workflow.claim(reviewer, 'A1');
    expect(workflow.approve(reviewer, 'A1').state).toBe('approved');
  });

  it('refuses decisions on a closed case', () => {
    workflow.claim(reviewer, 'A1');
    workflow.reject(reviewer, 'A1', ['business_proof_insufficient']);
    expect(refusal(() => workflow.claim(reviewer, 'A1')).reason).toBe('kyc.case.wrong_state');
  });

  it('refuses reasons that are not on the list or not meant for the decision', () => {
    workflow.claim(reviewer, 'A1');
    expect(refusal(() => workflow.reject(reviewer, 'A1', ['looks_dodgy'])).field).toBe('reasonCodes[0]');
    expect(refusal(() => workflow.reject(reviewer, 'A1', [])).code).toBe('invalid_input');
    // 'photo_unclear' is fixable: a reason to ask for more, not to reject.
    expect(refusal(() => workflow.reject(reviewer, 'A1', ['photo_unclear'])).reason).toBe(
      'kyc.reason.invalid',
    );
  });
});
