import type { Operator } from '../../../contract/context';
import { DomainError } from '../../../contract/domain/errors';
import { shanghaiIso } from '../../audit/clock';
import type { KycContext } from '../store/context';
import { updateCase, type CaseRow } from '../store/case-rows';
import { assertHolds, loadCase, subjectOf } from './case-access';
import { waitingState, type CaseState } from '../../../contract/domain/kyc/case-states';
import { statement } from '../store/statements';
import { isReviewer } from '../../../contract/define';

/** A claim lasts this long unless renewed (claiming a case one holds renews it). */
export const DEFAULT_LEASE_MS = 30 * 60_000;

export interface ClaimResult {
  readonly applicationId: string;
  readonly state: CaseState;
  readonly leaseExpiresAt: string;
  readonly renewed: boolean;
}

function assertReviewer(operator: Operator): void {
  if (!isReviewer(operator.role)) {
    throw new DomainError('not_allowed', 'Only reviewers claim cases.', undefined, 'kyc.role');
  }
}

/** Why this operator may not claim this case now, or null when they may. */
function claimRefusal(row: CaseRow, operator: Operator, now: string): DomainError | null {
  const heldByOther =
    row.assignee_id !== null &&
    row.assignee_id !== operator.id &&
    row.lease_expires_at !== null &&
    row.lease_expires_at > now;
  if (heldByOther) {
    return new DomainError(
      'wrong_state',
      `${row.id} is held by ${row.assignee_name ?? row.assignee_id} until ${row.lease_expires_at ?? ''}.`,
      undefined,
      'kyc.case.held_by_other',
    );
  }
  switch (row.state) {
    case 'submitted':
    case 'resubmitted':
    case 'in_review':
      return null;
    case 'awaiting_second_approval':
      if (operator.role !== 'senior_reviewer') {
        return new DomainError(
          'not_allowed',
          `${row.id} awaits a second approval, which only a senior reviewer gives.`,
          undefined,
          'kyc.four_eyes.senior_only',
        );
      }
      if (row.first_approver_id === operator.id) {
        return new DomainError(
          'not_allowed',
          `You gave ${row.id} its first approval; a different senior reviewer must give the second.`,
          undefined,
          'kyc.four_eyes.same_person',
        );
      }
      return null;
    default:
      return new DomainError(
        'wrong_state',
        `${row.id} is ${row.state.replace(/_/g, ' ')}; there is nothing to review.`,
        undefined,
        'kyc.case.wrong_state',
      );
  }
}

export function claimCase(
  ctx: KycContext,
  leaseMs: number,
  operator: Operator,
  applicationId: string,
): ClaimResult {
  assertReviewer(operator);
  return ctx.db
    .transaction(() => {
      const now = ctx.now();
      const row = loadCase(ctx.db, applicationId);
      const refusal = claimRefusal(row, operator, now);
      if (refusal) throw refusal;
      return takeLease(ctx, leaseMs, operator, row, now);
    })
    .immediate();
}

function takeLease(
  ctx: KycContext,
  leaseMs: number,
  operator: Operator,
  row: CaseRow,
  now: string,
): ClaimResult {
  const renewed =
    row.assignee_id === operator.id && row.lease_expires_at !== null && row.lease_expires_at > now;
  const leaseExpiresAt = shanghaiIso(ctx.clock.now() + leaseMs);
  const state: CaseState = row.state === 'awaiting_second_approval' ? row.state : 'in_review';
  updateCase(ctx.db, row.id, row.version, now, {
    state,
    assignee_id: operator.id,
    assignee_name: operator.displayName,
    lease_expires_at: leaseExpiresAt,
    // Taken from the queue: the state a release gives back. Renewed or taken over: kept.
    ...(row.state === 'submitted' || row.state === 'resubmitted' ? { claimed_from: row.state } : {}),
  });
  const action = renewed ? 'kyc.case.lease_renewed' : 'kyc.case.claimed';
  const previous = row.assignee_id !== null && row.assignee_id !== operator.id ? row.assignee_id : null;
  ctx.audit.append({
    actor: operator.username,
    action,
    subject: subjectOf(row.id),
    details: { from: row.state, to: state, leaseExpiresAt, ...(previous ? { tookOverFrom: previous } : {}) },
  });
  ctx.mutations.record({
    kind: action,
    subject: subjectOf(row.id),
    baseVersion: row.version,
    payload: { applicationId: row.id, assigneeId: operator.id, state, leaseExpiresAt },
    actor: operator.username,
    at: now,
  });
  return { applicationId: row.id, state, leaseExpiresAt, renewed };
}

interface Candidate {
  id: string;
  due_at: string;
}

/**
 * Claims the claimable case with the earliest due date: a waiting case, an abandoned claim whose
 * lease ran out, or — for senior reviewers — a case awaiting a second approval they did not give
 * the first of. Each branch walks the (state, due_at) index, so this stays fast on a big queue.
 */
export function claimNextCase(ctx: KycContext, leaseMs: number, operator: Operator): ClaimResult | null {
  assertReviewer(operator);
  const senior = operator.role === 'senior_reviewer';
  const branches = [
    "SELECT id, due_at FROM kyc_applications WHERE state = 'submitted' ORDER BY due_at, id LIMIT 1",
    "SELECT id, due_at FROM kyc_applications WHERE state = 'resubmitted' ORDER BY due_at, id LIMIT 1",
    "SELECT id, due_at FROM kyc_applications WHERE state = 'in_review' AND lease_expires_at <= @now ORDER BY due_at, id LIMIT 1",
    ...(senior
      ? [
          "SELECT id, due_at FROM kyc_applications WHERE state = 'awaiting_second_approval' AND first_approver_id <> @me AND (lease_expires_at IS NULL OR lease_expires_at <= @now) ORDER BY due_at, id LIMIT 1",
        ]
      : []),
  ];
  const sql = `SELECT id, due_at FROM (${branches.map((b) => `SELECT * FROM (${b})`).join(' UNION ALL ')}) ORDER BY due_at, id LIMIT 1`;
  return ctx.db
    .transaction(() => {
      const now = ctx.now();
      const next = statement(ctx.db, sql).get({ now, me: operator.id }) as Candidate | undefined;
      if (next === undefined) return null;
      return takeLease(ctx, leaseMs, operator, loadCase(ctx.db, next.id), now);
    })
    .immediate();
}

/**
 * The waiting state a case in review goes back to: the one it was claimed from — not one read off
 * its submission number, which a correction followed from another station does not change
 * (decided-elsewhere.ts). The submission number stays only for a row written around the workflow
 * without it (migration 0040 filled in those in review at the upgrade).
 */
function claimedFrom(row: CaseRow): CaseState {
  return row.claimed_from ?? waitingState(row.submission);
}

/** Gives a held case back to the queue. */
export function releaseCase(
  ctx: KycContext,
  operator: Operator,
  applicationId: string,
): { state: CaseState } {
  return ctx.db
    .transaction(() => {
      const now = ctx.now();
      const row = loadCase(ctx.db, applicationId);
      // A holder whose lease ran out may still hand the case back, as long as nobody took it over.
      if (row.assignee_id !== operator.id) assertHolds(row, operator, now);
      const state = row.state === 'in_review' ? claimedFrom(row) : row.state;
      updateCase(ctx.db, row.id, row.version, now, {
        state,
        assignee_id: null,
        assignee_name: null,
        lease_expires_at: null,
      });
      ctx.audit.append({
        actor: operator.username,
        action: 'kyc.case.released',
        subject: subjectOf(row.id),
        details: { from: row.state, to: state },
      });
      ctx.mutations.record({
        kind: 'kyc.case.released',
        subject: subjectOf(row.id),
        baseVersion: row.version,
        payload: { applicationId: row.id, state },
        actor: operator.username,
        at: now,
      });
      return { state };
    })
    .immediate();
}
