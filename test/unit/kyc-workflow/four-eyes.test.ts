import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCaseRow } from '../../../electron/services/kyc/store/case-rows';
import {
  createReviewWorkflow,
  type ReviewWorkflow,
} from '../../../electron/services/kyc/workflow/review-workflow';
import { submit } from './applications';
import { openKycTestStore, reviewer, reviewer2, senior, senior2, type KycTestStore } from './fixtures';
import { acceptAll, refusal } from './helpers';

let store: KycTestStore;
let workflow: ReviewWorkflow;

function codesIssued(id: string): number {
  return Number(
    store.ctx.db.prepare('SELECT COUNT(*) FROM activation_codes WHERE application_id = ?').pluck().get(id),
  );
}

beforeEach(() => {
  store = openKycTestStore();
  workflow = createReviewWorkflow(store.ctx);
  submit(store.ctx, { id: 'FIRST', person: 1, phone: '13900000001' });
  // Same phone as another applicant's application: a fraud signal, so high risk.
  submit(store.ctx, { id: 'RISKY', person: 2, phone: '13900000001' });
});
afterEach(() => store.close());

describe('four eyes on a high-risk case', () => {
  it('is high risk because of the shared phone', () => {
    expect(getCaseRow(store.ctx.db, 'RISKY')?.risk).toBe('high');
    expect(getCaseRow(store.ctx.db, 'FIRST')?.risk).toBe('low');
  });

  it('needs a second approval from a different senior reviewer', () => {
    workflow.claim(senior, 'RISKY');
    acceptAll(store.ctx, workflow, senior, 'RISKY');
    expect(workflow.approve(senior, 'RISKY')).toEqual({ state: 'awaiting_second_approval' });
    const row = getCaseRow(store.ctx.db, 'RISKY');
    expect(row).toMatchObject({
      state: 'awaiting_second_approval',
      first_approver_id: senior.id,
      assignee_id: null,
    });
    expect(codesIssued('RISKY')).toBe(0);

    // The first approver cannot give the second, neither by claiming nor through claimNext.
    expect(refusal(() => workflow.claim(senior, 'RISKY')).reason).toBe('kyc.four_eyes.same_person');
    expect(workflow.claimNext(senior)?.applicationId).not.toBe('RISKY');

    workflow.claim(senior2, 'RISKY');
    const second = workflow.approve(senior2, 'RISKY');
    expect(second.state).toBe('approved');
    expect(codesIssued('RISKY')).toBe(1);
    const kinds = store.ctx.db
      .prepare('SELECT kind, actor_id FROM kyc_decisions WHERE application_id = ? ORDER BY at, rowid')
      .all('RISKY');
    expect(kinds).toEqual([
      { kind: 'approve', actor_id: senior.id },
      { kind: 'second_approve', actor_id: senior2.id },
    ]);
  });

  it('does not accept a plain reviewer as the second approver', () => {
    workflow.claim(reviewer, 'RISKY');
    acceptAll(store.ctx, workflow, reviewer, 'RISKY');
    expect(workflow.approve(reviewer, 'RISKY').state).toBe('awaiting_second_approval');
    expect(refusal(() => workflow.claim(reviewer2, 'RISKY')).reason).toBe('kyc.four_eyes.senior_only');
    expect(workflow.claimNext(reviewer2)?.applicationId).toBe('FIRST');
    workflow.claim(senior, 'RISKY');
    expect(workflow.approve(senior, 'RISKY').state).toBe('approved');
  });

  it('refuses a second approval by the first approver even if they hold the case', () => {
    workflow.claim(senior, 'RISKY');
    acceptAll(store.ctx, workflow, senior, 'RISKY');
    workflow.approve(senior, 'RISKY');
    // Force the hold onto the first approver, as a stale station or a hub replay might.
    store.ctx.db
      .prepare(
        "UPDATE kyc_applications SET assignee_id = ?, lease_expires_at = '2099-01-01T00:00:00.000+08:00' WHERE id = 'RISKY'",
      )
      .run(senior.id);
    expect(refusal(() => workflow.approve(senior, 'RISKY')).reason).toBe('kyc.four_eyes.same_person');
    expect(getCaseRow(store.ctx.db, 'RISKY')?.state).toBe('awaiting_second_approval');
  });

  it('lets the second senior reviewer reject instead', () => {
    workflow.claim(senior, 'RISKY');
    acceptAll(store.ctx, workflow, senior, 'RISKY');
    workflow.approve(senior, 'RISKY');
    workflow.claim(senior2, 'RISKY');
    expect(workflow.reject(senior2, 'RISKY', ['suspected_agent_filing']).state).toBe('rejected');
    expect(codesIssued('RISKY')).toBe(0);
  });

  it('approves a low-risk case with one approval', () => {
    workflow.claim(reviewer, 'FIRST');
    acceptAll(store.ctx, workflow, reviewer, 'FIRST');
    expect(workflow.approve(reviewer, 'FIRST').state).toBe('approved');
  });
});
