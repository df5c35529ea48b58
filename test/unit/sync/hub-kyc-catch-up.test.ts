import { afterEach, beforeEach, expect, it } from 'vitest';
import { HubKycDecisions } from '../../../electron/services/sync/hub-kyc-decisions';
import type { HubCase } from '../../../electron/services/sync/station-sync';
import { getCaseRow } from '../../../electron/services/kyc/store/case-rows';
import { createReviewWorkflow } from '../../../electron/services/kyc/workflow/review-workflow';
import { submit } from '../kyc-workflow/applications';
import { openKycTestStore, reviewer, type KycTestStore } from '../kyc-workflow/fixtures';

/**
 * At start the KYC store follows again what a crash between a pulled page and the store left
 * undone — only for the cases that can still change: a store of final (approved) cases is not read
 * case by case from the pulled copy, save one whose own word the station gave up.
 */
let store: KycTestStore;
beforeEach(() => {
  store = openKycTestStore();
});
afterEach(() => store.close());

/** `count` approved cases written straight into the table (as a long-running store holds them). */
function approvedCases(count: number): void {
  const add = store.ctx.db.prepare(
    `INSERT INTO kyc_applications (id, state, channel, submission, first_submitted_at, submitted_at, due_at, risk,
       name_masked, id_masked, card_masked, phone_masked, address_masked, content_sha256, sealed_application,
       version, updated_at)
     VALUES (?, 'approved', 'app', 1, 't', 't', ?, 'low', 'n', 'i', 'c', 'p', 'a', ?, X'00', 1, 't')`,
  );
  store.ctx.db.transaction(() => {
    for (let i = 0; i < count; i++) add.run(`F${String(i).padStart(6, '0')}`, `d${i % 997}`, `h${i}`);
  })();
}

/** The pulled copy: every case approved at station B; which cases the store asked it about. */
function pulledCopy(givenUp: string[] = []) {
  const asked: string[] = [];
  const approvedAtB: HubCase = {
    status: 'approved',
    token: 7,
    originStation: 'A',
    holder: null,
    holderStation: null,
    leaseUntil: null,
    decidedBy: 'sun',
    decidedStation: 'B',
    decidedStationName: 'Counter B',
    decidedAt: '2026-11-02T03:00:00.000Z',
  };
  const sync = {
    stationId: 'A',
    hubCase: (id: string) => {
      asked.push(id);
      return approvedAtB;
    },
    caseWords: () => [],
    givenUpCases: () => givenUp,
  };
  const decisions = new HubKycDecisions(sync, store.ctx, (message, error) => {
    throw new Error(`${message}: ${String(error)}`);
  });
  return { asked, decisions };
}

it('follows the cases that can still change and reads no final one; once followed, a case is not read again', () => {
  const workflow = createReviewWorkflow(store.ctx);
  submit(store.ctx, { id: 'OPEN', person: 1 });
  submit(store.ctx, { id: 'REJECTED', person: 2 });
  workflow.claim(reviewer, 'REJECTED');
  workflow.reject(reviewer, 'REJECTED', ['business_proof_insufficient']);
  approvedCases(100_000);

  const { asked, decisions } = pulledCopy();
  decisions.catchUp();
  expect(asked.sort()).toEqual(['OPEN', 'REJECTED']);
  expect(getCaseRow(store.ctx.db, 'OPEN')?.state).toBe('approved');
  expect(getCaseRow(store.ctx.db, 'REJECTED')?.state).toBe('approved');

  asked.length = 0;
  decisions.catchUp();
  expect(asked).toEqual([]);
});

it('reads a final case whose own word the station gave up (its decision refused, then discarded)', () => {
  approvedCases(10);
  const { asked, decisions } = pulledCopy(['F000003']);
  decisions.catchUp();
  expect(asked).toEqual(['F000003']);
});
