import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { intakeAtCounter } from '../../../electron/services/kyc/intake/counter-intake';
import { getCaseRow } from '../../../electron/services/kyc/store/case-rows';
import { errorFindingCodes } from '../../../electron/services/kyc/workflow/error-findings';
import {
  createReviewWorkflow,
  type ReviewWorkflow,
} from '../../../electron/services/kyc/workflow/review-workflow';
import { counterDocuments, submit, testSubmission } from './applications';
import { openKycTestStore, reviewer, senior, senior2, type KycTestStore } from './fixtures';
import { acceptAll, refusal } from './helpers';

let store: KycTestStore;
let workflow: ReviewWorkflow;

function count(sql: string, id: string): number {
  return Number(store.ctx.db.prepare(sql).pluck().get(id));
}

/** 韦小娟 applies with a settlement card in 韦小强's name, as in the demo case that was approved twice. */
function submitWrongCardName(id: string): void {
  const input = testSubmission({ id, person: 7, name: '韦小娟' });
  const application = {
    ...input.application,
    settlementCard: { ...input.application.settlementCard, holderName: '韦小强' },
  };
  intakeAtCounter(store.ctx, application, counterDocuments(input), 'counter-clerk');
}

beforeEach(() => {
  store = openKycTestStore();
  workflow = createReviewWorkflow(store.ctx);
});
afterEach(() => store.close());

describe('an error-level finding blocks approval', () => {
  it('refuses to approve a card in another person’s name, and nothing is issued', () => {
    submitWrongCardName('WEI');
    const row = getCaseRow(store.ctx.db, 'WEI')!;
    expect(errorFindingCodes(store.ctx.db, row)).toEqual(['card.holder.mismatch']);
    expect(row.risk).toBe('high');

    workflow.claim(senior, 'WEI');
    acceptAll(store.ctx, workflow, senior, 'WEI');
    const error = refusal(() => workflow.approve(senior, 'WEI'));
    expect(error.reason).toBe('kyc.findings.errors_block_approval');
    expect(error.message).toContain('card.holder.mismatch');

    expect(getCaseRow(store.ctx.db, 'WEI')).toMatchObject({ state: 'in_review', first_approver_id: null });
    expect(count('SELECT COUNT(*) FROM kyc_decisions WHERE application_id = ?', 'WEI')).toBe(0);
    expect(count('SELECT COUNT(*) FROM activation_codes WHERE application_id = ?', 'WEI')).toBe(0);
    expect(count('SELECT COUNT(*) FROM sms_outbox WHERE application_id = ?', 'WEI')).toBe(0);
  });

  it('leaves asking for supplements and rejecting open', () => {
    submitWrongCardName('WEI');
    workflow.claim(reviewer, 'WEI');
    expect(workflow.requestInfo(reviewer, 'WEI', ['name_mismatch']).state).toBe('info_requested');
    submitWrongCardName('WEI2');
    workflow.claim(reviewer, 'WEI2');
    expect(workflow.reject(reviewer, 'WEI2', ['name_mismatch']).state).toBe('rejected');
  });

  it('refuses the second approval too when the current submission carries an error', () => {
    // High risk from a shared phone (a warning), first-approved; then an error finding is on the
    // record (a case first-approved by a station that did not yet enforce this rule).
    submit(store.ctx, { id: 'FIRST', person: 1, phone: '13900000001' });
    submit(store.ctx, { id: 'RISKY', person: 2, phone: '13900000001' });
    workflow.claim(senior, 'RISKY');
    acceptAll(store.ctx, workflow, senior, 'RISKY');
    expect(workflow.approve(senior, 'RISKY').state).toBe('awaiting_second_approval');
    store.ctx.db
      .prepare(
        "INSERT INTO kyc_findings (application_id, submission, code, severity, message_zh, message_en, evidence) VALUES ('RISKY', 1, 'card.holder.mismatch', 'error', '结算卡户名与身份证姓名不一致', 'Card holder differs', '{}')",
      )
      .run();
    workflow.claim(senior2, 'RISKY');
    expect(refusal(() => workflow.approve(senior2, 'RISKY')).reason).toBe(
      'kyc.findings.errors_block_approval',
    );
    expect(getCaseRow(store.ctx.db, 'RISKY')?.state).toBe('awaiting_second_approval');
    expect(count('SELECT COUNT(*) FROM activation_codes WHERE application_id = ?', 'RISKY')).toBe(0);
  });

  it('judges the corrected resubmission by its own checks', () => {
    submitWrongCardName('WEI');
    workflow.claim(reviewer, 'WEI');
    workflow.requestInfo(reviewer, 'WEI', ['name_mismatch']);
    store.clock.advance(60 * 60_000);
    // The applicant brings a card in her own name: resubmitted, checked again, no error left.
    const corrected = testSubmission({
      id: 'WEI',
      person: 7,
      name: '韦小娟',
      cardSerial: 70,
      submittedAt: '2026-11-02T12:00:00+08:00',
    });
    intakeAtCounter(store.ctx, corrected.application, counterDocuments(corrected), 'counter-clerk');
    const row = getCaseRow(store.ctx.db, 'WEI')!;
    expect(row).toMatchObject({ state: 'resubmitted', submission: 2 });
    expect(errorFindingCodes(store.ctx.db, row)).toEqual([]);
    workflow.claim(reviewer, 'WEI');
    acceptAll(store.ctx, workflow, reviewer, 'WEI');
    expect(workflow.approve(reviewer, 'WEI').state).not.toBe('in_review');
  });
});
