import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createReviewWorkflow,
  type ReviewWorkflow,
} from '../../../electron/services/kyc/workflow/review-workflow';
import { getCaseRow } from '../../../electron/services/kyc/store/case-rows';
import {
  followCorrectionElsewhere,
  type CorrectionElsewhere,
} from '../../../electron/services/kyc/workflow/decided-elsewhere';
import { submit } from './applications';
import { openKycTestStore, reviewer, reviewer2, type KycTestStore } from './fixtures';

/**
 * A correction taken in at another station, as the store where the case was taken in follows it
 * (the caller keeps it off the station's own word): from whatever state the store shows — the
 * rejection it answers may never have been pulled, or the station asked for information meanwhile —
 * each correction once, a reviewer here who claimed the corrected case at the hub keeping it.
 */
let store: KycTestStore;
let workflow: ReviewWorkflow;

beforeEach(() => {
  store = openKycTestStore();
  workflow = createReviewWorkflow(store.ctx);
  submit(store.ctx, { id: 'A1' });
});
afterEach(() => store.close());

const correction = (at: string, claimedHere = false): CorrectionElsewhere => ({
  operator: 'li',
  station: 'Counter B',
  at,
  version: 4,
  claimedHere,
});
const FIRST = '2026-11-02T03:10:00.000Z';
const follow = (step: CorrectionElsewhere) => followCorrectionElsewhere(store.ctx, 'A1', step);
const followed = () =>
  (
    store.ctx.db
      .prepare("SELECT details FROM audit_log WHERE action = 'kyc.case.corrected_elsewhere' ORDER BY seq")
      .pluck()
      .all() as string[]
  ).map((d) => JSON.parse(d) as Record<string, unknown>);

describe('a correction made elsewhere', () => {
  it('is followed from `submitted` when the rejection it answers was never pulled', () => {
    expect(follow(correction(FIRST))).toBe(true);
    expect(getCaseRow(store.ctx.db, 'A1')).toMatchObject({ state: 'resubmitted', submission: 1 });
    expect(followed()).toEqual([
      expect.objectContaining({
        from: 'submitted',
        to: 'resubmitted',
        station: 'Counter B',
        correctedAt: FIRST,
      }),
    ]);
  });

  it('is followed from `info_requested` (asked here; the hub knows no such state)', () => {
    workflow.claim(reviewer, 'A1');
    workflow.requestInfo(reviewer, 'A1', ['photo_unclear']);
    expect(follow(correction(FIRST))).toBe(true);
    expect(getCaseRow(store.ctx.db, 'A1')?.state).toBe('resubmitted');
    expect(followed()).toEqual([expect.objectContaining({ from: 'info_requested', to: 'resubmitted' })]);
  });

  it('claimed at the hub by a reviewer here since: the case stays theirs, and a release gives it back resubmitted', () => {
    workflow.claim(reviewer, 'A1');
    expect(follow(correction(FIRST, true))).toBe(true);
    expect(getCaseRow(store.ctx.db, 'A1')).toMatchObject({
      state: 'in_review',
      assignee_id: reviewer.id,
      claimed_from: 'resubmitted',
    });
    expect(workflow.release(reviewer, 'A1')).toEqual({ state: 'resubmitted' });
  });

  it('in review here under a claim the hub no longer shows: the claim ends, back in the queue', () => {
    workflow.claim(reviewer, 'A1');
    expect(follow(correction(FIRST))).toBe(true);
    expect(getCaseRow(store.ctx.db, 'A1')).toMatchObject({
      state: 'resubmitted',
      assignee_id: null,
      lease_expires_at: null,
      claimed_from: null,
    });
  });

  it('each correction once, whatever the store did since; a later one again', () => {
    expect(follow(correction(FIRST))).toBe(true);
    expect(follow(correction(FIRST))).toBe(false);
    // The same correction on a page that names the station by its id (or after a rename).
    expect(follow({ ...correction(FIRST), station: 'b7d0c3e2-station-id' })).toBe(false);
    // A reviewer here claims the corrected case and asks for information: the hub still shows the
    // same correction, which must not put the case back in the queue.
    workflow.claim(reviewer2, 'A1');
    expect(follow(correction(FIRST, true))).toBe(false);
    workflow.requestInfo(reviewer2, 'A1', ['photo_unclear']);
    expect(follow(correction(FIRST))).toBe(false);
    expect(getCaseRow(store.ctx.db, 'A1')?.state).toBe('info_requested');
    // The applicant answers at this counter: the case is this store's own correction now.
    submit(store.ctx, { id: 'A1', revision: 2, submittedAt: '2026-11-03T10:00:00+08:00' });
    expect(getCaseRow(store.ctx.db, 'A1')).toMatchObject({ state: 'resubmitted', submission: 2 });
    expect(follow(correction(FIRST))).toBe(false);
    expect(followed()).toHaveLength(1);

    const LATER = '2026-11-03T02:00:00.000Z';
    expect(follow(correction(LATER))).toBe(true);
    expect(followed().map((d) => [d.from, d.correctedAt])).toEqual([
      ['submitted', FIRST],
      ['resubmitted', LATER],
    ]);
  });

  it('a case not in this store is left alone', () => {
    expect(followCorrectionElsewhere(store.ctx, 'NOPE', correction(FIRST))).toBe(false);
  });
});
