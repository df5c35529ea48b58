import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCaseRow } from '../../../electron/services/kyc/store/case-rows';
import {
  createReviewWorkflow,
  type ReviewWorkflow,
} from '../../../electron/services/kyc/workflow/review-workflow';
import { submit } from './applications';
import { openKycTestStore, reviewer, type KycTestStore } from './fixtures';
import { acceptAll, refusal } from './helpers';

const DAY_MS = 86_400_000;
let store: KycTestStore;
let workflow: ReviewWorkflow;

// Submitted and checked on 2026-11-02: the ID must then be valid until at least 2027-05-02.
beforeEach(() => {
  store = openKycTestStore('2026-11-02T11:00:00+08:00');
  workflow = createReviewWorkflow(store.ctx);
});
afterEach(() => store.close());

/** An ID issued at 21, so valid for 10 years: it ends on `to`. */
const tenYearId = (to: string) => ({
  birthDate: '1996-01-10',
  from: `${Number(to.slice(0, 4)) - 10}${to.slice(4)}`,
  to,
});

function approveOn(days: number, id: string) {
  store.clock.advance(days * DAY_MS);
  workflow.claim(reviewer, id);
  acceptAll(store.ctx, workflow, reviewer, id);
  return () => workflow.approve(reviewer, id);
}

describe("the ID's 6 months are counted again on the day of approval", () => {
  it('approves on the intake day an ID that has 6 months and a day left', () => {
    submit(store.ctx, { id: 'EDGE', idValidity: tenYearId('2027-05-03') });
    expect(approveOn(0, 'EDGE')()).toMatchObject({ state: 'approved' });
  });

  it('refuses three days later, when fewer than 6 months are left, and changes nothing', () => {
    submit(store.ctx, { id: 'EDGE', idValidity: tenYearId('2027-05-03') });
    const approve = approveOn(3, 'EDGE');
    const error = refusal(approve);
    expect(error.reason).toBe('kyc.id.validity_since_intake');
    expect(error.message).toContain('2026-11-05');
    expect(error.message).toContain('id.expiry.too_soon');
    expect(getCaseRow(store.ctx.db, 'EDGE')?.state).toBe('in_review');
    expect(
      store.ctx.db
        .prepare("SELECT COUNT(*) FROM activation_codes WHERE application_id = 'EDGE'")
        .pluck()
        .get(),
    ).toBe(0);
  });

  it('still approves when the ID expires exactly 6 months after the approval day', () => {
    submit(store.ctx, { id: 'EXACT', idValidity: tenYearId('2027-05-05') });
    expect(approveOn(3, 'EXACT')()).toMatchObject({ state: 'approved' });
  });
});
