import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Operator } from '../../../electron/contract/context';
import { DomainError } from '../../../electron/contract/domain/errors';
import { intakeAtCounter } from '../../../electron/services/kyc/intake/counter-intake';
import { getCaseRow } from '../../../electron/services/kyc/store/case-rows';
import { errorFindingCodes } from '../../../electron/services/kyc/workflow/error-findings';
import { createReviewWorkflow } from '../../../electron/services/kyc/workflow/review-workflow';
import { shanghaiIso } from '../../../electron/services/audit/clock';
import { counterDocuments, testSubmission } from './applications';
import { openKycTestStore, reviewer, reviewer2, senior, senior2 } from './fixtures';
import { currentDocumentIds } from './helpers';

const OPERATORS = [reviewer, reviewer2, senior, senior2];
const APPS = ['P1', 'RISKY'];

type Action =
  | { kind: 'claim' | 'release' | 'approve' | 'reject' | 'requestInfo'; op: number; app: number }
  | { kind: 'claimNext'; op: number }
  | { kind: 'decide'; op: number; app: number; doc: number; accept: boolean }
  | { kind: 'acceptAll'; op: number; app: number }
  | { kind: 'wait'; minutes: number }
  | { kind: 'resubmit'; app: number };

/** 0–3 switches to that operator; anything higher keeps the one acting before (a reviewer works a case through). */
const op = fc.integer({ min: 0, max: 15 });
const app = fc.integer({ min: 0, max: APPS.length - 1 });
const on = <K extends string>(kind: K) => fc.record({ kind: fc.constant(kind), op, app });
// Weighted towards progress (claim, accept, approve) so that runs reach approvals and four eyes.
const action: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: on('claim'), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('claimNext' as const), op }), weight: 2 },
  { arbitrary: on('acceptAll'), weight: 4 },
  {
    arbitrary: fc.record({
      kind: fc.constant('decide' as const),
      op,
      app,
      doc: fc.integer({ min: 0, max: 3 }),
      accept: fc.boolean(),
    }),
    weight: 1,
  },
  { arbitrary: on('approve'), weight: 5 },
  { arbitrary: on('release'), weight: 1 },
  { arbitrary: on('reject'), weight: 1 },
  { arbitrary: on('requestInfo'), weight: 1 },
  {
    arbitrary: fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 45 }) }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('resubmit' as const), app }), weight: 1 },
);

describe('workflow invariants under any sequence of actions', () => {
  it('never lets a decision through without a valid hold, documents accepted, no error finding, and four eyes', () => {
    fc.assert(
      fc.property(fc.array(action, { minLength: 20, maxLength: 60 }), (actions) => {
        const store = openKycTestStore();
        const { ctx, clock } = store;
        const workflow = createReviewWorkflow(ctx);
        const revisions = new Map<string, number>();
        let acting = 0;
        const submitApp = (id: string) => {
          const revision = (revisions.get(id) ?? 0) + 1;
          revisions.set(id, revision);
          const person = APPS.indexOf(id) + 1;
          const input = testSubmission({
            id,
            person,
            // RISKY shares P1's phone: a fraud signal, so four eyes applies.
            phone: id === 'RISKY' ? '13900000001' : `1390000000${person}`,
            revision,
            submittedAt: shanghaiIso(clock.now()),
          });
          // RISKY's first submission has its card in another name (an error finding); a resubmission corrects it.
          const application =
            id === 'RISKY' && revision === 1
              ? {
                  ...input.application,
                  settlementCard: { ...input.application.settlementCard, holderName: '韦小强' },
                }
              : input.application;
          intakeAtCounter(ctx, application, counterDocuments(input), 'clerk');
        };
        try {
          for (const id of APPS) {
            submitApp(id);
            clock.advance(1000);
          }
          for (const a of actions) {
            clock.advance(1000);
            if (a.kind === 'wait') {
              clock.advance(a.minutes * 60_000);
              continue;
            }
            if (a.kind === 'resubmit') {
              const id = APPS[a.app]!;
              const state = getCaseRow(ctx.db, id)!.state;
              if (state === 'info_requested' || state === 'rejected') submitApp(id);
              continue;
            }
            if (a.op < OPERATORS.length) acting = a.op;
            const who: Operator = OPERATORS[acting]!;
            // Mostly act on the case one holds, as a reviewer does; sometimes on any case, as a mistake or an attack.
            const holding = ctx.db
              .prepare('SELECT id FROM kyc_applications WHERE assignee_id = ? ORDER BY id LIMIT 1')
              .pluck()
              .get(who.id) as string | undefined;
            const id =
              a.kind === 'claimNext'
                ? null
                : a.kind !== 'claim' && holding !== undefined && a.app !== 0
                  ? holding
                  : APPS[a.app]!;
            const before = id ? getCaseRow(ctx.db, id)! : null;
            const now = ctx.now();
            const held =
              before !== null && before.assignee_id === who.id && (before.lease_expires_at ?? '') > now;
            try {
              switch (a.kind) {
                case 'claimNext':
                  workflow.claimNext(who);
                  break;
                case 'claim':
                  workflow.claim(who, id!);
                  break;
                case 'release':
                  workflow.release(who, id!);
                  break;
                case 'decide': {
                  const docs = Object.values(currentDocumentIds(ctx, id!));
                  workflow.decideDocument(who, {
                    applicationId: id!,
                    documentId: docs[a.doc % docs.length]!,
                    decision: a.accept ? 'accepted' : 'needs_revision',
                    ...(a.accept ? {} : { reasonCode: 'photo_unclear' }),
                  });
                  expect(held).toBe(true);
                  break;
                }
                case 'acceptAll':
                  for (const documentId of Object.values(currentDocumentIds(ctx, id!))) {
                    workflow.decideDocument(who, { applicationId: id!, documentId, decision: 'accepted' });
                  }
                  expect(held).toBe(true);
                  break;
                case 'approve': {
                  const result = workflow.approve(who, id!);
                  expect(held).toBe(true);
                  const decisions = ctx.db
                    .prepare(
                      'SELECT decision FROM kyc_documents WHERE application_id = ? AND superseded_in IS NULL',
                    )
                    .pluck()
                    .all(id!);
                  expect(decisions.every((d) => d === 'accepted')).toBe(true);
                  expect(errorFindingCodes(ctx.db, before!)).toEqual([]);
                  if (result.state === 'approved' && before!.risk === 'high') {
                    const approvals = ctx.db
                      .prepare(
                        "SELECT kind, actor_id FROM kyc_decisions WHERE application_id = ? AND submission = ? AND kind IN ('approve', 'second_approve') ORDER BY rowid",
                      )
                      .all(id!, before!.submission) as { kind: string; actor_id: string }[];
                    const first = approvals.filter((d) => d.kind === 'approve').at(-1)!;
                    const second = approvals.at(-1)!;
                    expect(second.kind).toBe('second_approve');
                    expect(second.actor_id).not.toBe(first.actor_id);
                    expect([senior.id, senior2.id]).toContain(second.actor_id);
                  }
                  break;
                }
                case 'reject':
                  workflow.reject(who, id!, ['business_proof_insufficient']);
                  expect(held).toBe(true);
                  break;
                case 'requestInfo':
                  workflow.requestInfo(who, id!, ['photo_unclear']);
                  expect(held).toBe(true);
                  break;
              }
            } catch (error) {
              if (!(error instanceof DomainError)) throw error;
            }
          }
          // Every change left its audit record and its mutation, in step.
          const audited = Number(ctx.db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get());
          const mutations = Number(ctx.db.prepare('SELECT COUNT(*) FROM mutations').pluck().get());
          expect(audited).toBe(mutations);
          expect(ctx.audit.verify()).toMatchObject({ ok: true });
          // Exactly one activation code per approved application.
          const approved = ctx.db
            .prepare("SELECT id FROM kyc_applications WHERE state = 'approved'")
            .pluck()
            .all();
          const coded = ctx.db.prepare('SELECT DISTINCT application_id FROM activation_codes').pluck().all();
          expect(new Set(coded)).toEqual(new Set(approved));
        } finally {
          store.close();
        }
      }),
      { numRuns: 60 },
    );
    // 60 stores on disk, each with its fsync'd transactions: well over the unit default on a loaded machine.
  }, 120_000);
});
