import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../../electron/contract/domain/errors';
import type { Operator } from '../../../electron/contract/context';
import { getCaseRow } from '../../../electron/services/kyc/store/case-rows';
import { createCoordinatedWorkflow } from '../../../electron/services/kyc/workflow/coordinated-workflow';
import type {
  CaseFacts,
  HubOutcome,
  ReviewAuthority,
} from '../../../electron/services/kyc/workflow/review-authority';
import { submit } from './applications';
import { openKycTestStore, reviewer, type KycTestStore } from './fixtures';

/** An authority that records what it was asked and refuses the cases it is told are held elsewhere. */
function recordingAuthority(heldElsewhere: Set<string>) {
  const asked: string[] = [];
  const decisions: { caseId: string; outcome: HubOutcome }[] = [];
  const released: string[] = [];
  const authority: ReviewAuthority = {
    shared: true,
    claim(_op: Operator, facts: () => CaseFacts) {
      const f = facts();
      asked.push(`${f.applicationId}:${f.phone}`);
      if (heldElsewhere.has(f.applicationId))
        return Promise.reject(new DomainError('wrong_state', 'held', undefined, 'kyc.case.held_by_other'));
      return Promise.resolve();
    },
    claimNext: () => Promise.resolve(null),
    heldElsewhere: () => false,
    release: (_op, caseId) => {
      released.push(caseId);
      return Promise.resolve();
    },
    decided: (_op, caseId, outcome) => decisions.push({ caseId, outcome }),
    takenIn: () => undefined,
    resubmitted: () => undefined,
  };
  return { authority, asked, decisions, released };
}

let store: KycTestStore;
beforeEach(() => {
  store = openKycTestStore();
});
afterEach(() => store.close());

describe('the review workflow behind an authority', () => {
  it('records a claim only after the authority granted it, with the case facts it needs', async () => {
    submit(store.ctx, { id: 'HELD', person: 1 });
    submit(store.ctx, { id: 'FREE', person: 2 });
    const { authority, asked } = recordingAuthority(new Set(['HELD']));
    const workflow = createCoordinatedWorkflow(store.ctx, authority);
    await expect(workflow.claim(reviewer, 'HELD')).rejects.toMatchObject({
      reason: 'kyc.case.held_by_other',
    });
    expect(getCaseRow(store.ctx.db, 'HELD')?.assignee_id).toBeNull();
    await workflow.claim(reviewer, 'FREE');
    expect(getCaseRow(store.ctx.db, 'FREE')?.assignee_id).toBe(reviewer.id);
    expect(asked).toHaveLength(2);
    expect(asked[1]).toMatch(/^FREE:1\d{10}$/);
  });

  it('claim-next passes over a case the authority refuses and takes the next one', async () => {
    submit(store.ctx, { id: 'EARLY', person: 1, submittedAt: '2026-10-30T10:00:00+08:00' });
    submit(store.ctx, { id: 'LATER', person: 2, submittedAt: '2026-11-02T10:00:00+08:00' });
    const { authority } = recordingAuthority(new Set(['EARLY']));
    const workflow = createCoordinatedWorkflow(store.ctx, authority);
    expect((await workflow.claimNext(reviewer))?.applicationId).toBe('LATER');
  });

  it('tells the authority each decision and each give-back', async () => {
    submit(store.ctx, { id: 'A', person: 1 });
    const { authority, decisions, released } = recordingAuthority(new Set());
    const workflow = createCoordinatedWorkflow(store.ctx, authority);
    await workflow.claim(reviewer, 'A');
    await workflow.release(reviewer, 'A');
    expect(released).toEqual(['A']);
    await workflow.claim(reviewer, 'A');
    workflow.reject(reviewer, 'A', ['business_proof_insufficient']);
    expect(decisions).toEqual([{ caseId: 'A', outcome: { outcome: 'reject', reason: '经营证明不足' } }]);
  });
});
