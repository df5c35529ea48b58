import type { CaseState } from '../../../contract/domain/kyc/case-states';
import type { KycContext } from '../store/context';
import { getCaseRow, updateCase, type CaseRow } from '../store/case-rows';
import { subjectOf } from './case-access';

/** A step of a case the hub accepted from another station, as this station pulled it. */
export interface StepElsewhere {
  /** The operator who took it, as the hub names operators (their username). */
  readonly operator: string;
  /** The station where it was taken: its enrolled name (its id when the hub sent no name). */
  readonly station: string;
  /** When the hub accepted it (hub clock, ISO). */
  readonly at: string | null;
  /** The case's version at the hub (its fencing token) after the step. */
  readonly version: number;
}

/** A final decision the hub accepted from another station. */
export interface DecisionElsewhere extends StepElsewhere {
  readonly outcome: 'approved' | 'rejected';
}

type Patch = Parameters<typeof updateCase>[4];

/**
 * The store's record follows one step taken at another station (the hub is the truth): the case's
 * state, any claim it still showed here ended, and an audit record naming the operator and the
 * station. Nothing else of the same step taken here runs — activation code, SMS, decision rows
 * and mutations are the hub's or the other station's — so no mutation is recorded: the change is
 * not this station's to push. Returns whether the record changed; a case not in this store, or
 * one `applies` turns down, is left as it is (a repeated pull changes nothing).
 */
function follow(
  ctx: KycContext,
  applicationId: string,
  applies: (row: CaseRow) => boolean,
  change: (row: CaseRow) => {
    state: CaseState;
    patch?: Patch;
    action: string;
    details: Record<string, unknown>;
  },
): boolean {
  return ctx.db
    .transaction((): boolean => {
      const row = getCaseRow(ctx.db, applicationId);
      if (row === undefined || !applies(row)) return false;
      const { state, patch, action, details } = change(row);
      updateCase(ctx.db, row.id, row.version, ctx.now(), {
        state,
        assignee_id: null,
        assignee_name: null,
        lease_expires_at: null,
        first_approver_id: null,
        ...patch,
      });
      ctx.audit.append({
        actor: 'system',
        action,
        subject: subjectOf(row.id),
        details: { from: row.state, to: state, submission: row.submission, ...details },
      });
      return true;
    })
    .immediate();
}

/** A final decision taken at another station: the case takes its state (once). */
export function followDecisionElsewhere(
  ctx: KycContext,
  applicationId: string,
  decision: DecisionElsewhere,
): boolean {
  return follow(
    ctx,
    applicationId,
    (row) => row.state !== decision.outcome,
    () => ({
      state: decision.outcome,
      action: 'kyc.case.decided_elsewhere',
      details: {
        reviewer: decision.operator,
        station: decision.station,
        decidedAt: decision.at,
        version: decision.version,
      },
    }),
  );
}

/** A correction of a rejection taken in at another station. */
export interface CorrectionElsewhere extends StepElsewhere {
  /** The hub shows the case claimed at this station since: a reviewer here took the corrected case. */
  readonly claimedHere: boolean;
}

/**
 * A rejection of this store's case corrected at another station: the case is back in the queue
 * (resubmitted) on a submission this store never took in. The store's submission and documents
 * stay those it saw — the corrected ones are at the hub and at the correcting station, and are
 * not fetched into this store (hub-kyc-documents.ts) — so its record says where the correction is.
 *
 * Followed from whatever state the store shows, each correction once (`followedBefore`): the
 * store may not have seen the rejection it answers (still `submitted`, the rejection never
 * pulled), or have gone its own way since (`info_requested`, asked here; the hub knows no such
 * state), or show a correction of its own the hub rejected since. The
 * caller keeps it off the station's own word that still stands. A case a reviewer here claimed at
 * the hub after the correction stays theirs, in review; released, it goes back `resubmitted`.
 */
export function followCorrectionElsewhere(
  ctx: KycContext,
  applicationId: string,
  step: CorrectionElsewhere,
): boolean {
  const details = {
    operator: step.operator,
    station: step.station,
    correctedAt: step.at,
    version: step.version,
  };
  return follow(
    ctx,
    applicationId,
    (row) => !followedBefore(ctx, row.id, step.at),
    (row) =>
      row.state === 'in_review' && step.claimedHere
        ? {
            state: 'in_review',
            patch: {
              assignee_id: row.assignee_id,
              assignee_name: row.assignee_name,
              lease_expires_at: row.lease_expires_at,
              claimed_from: 'resubmitted',
            },
            action: 'kyc.case.corrected_elsewhere',
            details,
          }
        : { state: 'resubmitted', action: 'kyc.case.corrected_elsewhere', details },
  );
}

/**
 * A first approval (four eyes) given at another station: the case awaits its second approval here
 * too. The first approver is this station's operator of that name when one signed in here (so
 * the station's own four-eyes check refuses them the second), else the hub's name marked as such.
 */
export function followFirstApprovalElsewhere(
  ctx: KycContext,
  applicationId: string,
  step: StepElsewhere,
): boolean {
  return follow(
    ctx,
    applicationId,
    (row) => row.state !== 'awaiting_second_approval',
    () => {
      const local = ctx.db
        .prepare('SELECT id FROM operators WHERE username = ?')
        .pluck()
        .get(step.operator) as string | undefined;
      return {
        state: 'awaiting_second_approval',
        patch: { first_approver_id: local ?? `hub:${step.operator}` },
        action: 'kyc.case.first_approved_elsewhere',
        details: {
          reviewer: step.operator,
          station: step.station,
          approvedAt: step.at,
          version: step.version,
        },
      };
    },
  );
}

interface CorrectionRecord {
  readonly action: 'kyc.case.corrected_elsewhere' | 'kyc.application.resubmitted';
  readonly details: { readonly station?: string; readonly correctedAt?: string | null };
}

/** The store's last record of a correction of the case: taken in here, or followed from elsewhere. */
function lastCorrection(ctx: KycContext, applicationId: string): CorrectionRecord | null {
  const last = ctx.db
    .prepare(
      `SELECT action, details FROM audit_log
        WHERE subject = ? AND action IN ('kyc.case.corrected_elsewhere', 'kyc.application.resubmitted')
        ORDER BY seq DESC LIMIT 1`,
    )
    .get(subjectOf(applicationId)) as { action: CorrectionRecord['action']; details: string } | undefined;
  return last
    ? { action: last.action, details: JSON.parse(last.details) as CorrectionRecord['details'] }
    : null;
}

/**
 * Whether the store followed this correction already, whatever it did since (claimed, asked for
 * information, took the applicant's answer in): the hub's time of a correction names it — one case
 * is corrected once at a time — where the station's name may change between pulls (a rename).
 */
function followedBefore(ctx: KycContext, applicationId: string, correctedAt: string | null): boolean {
  return (
    ctx.db
      .prepare(
        `SELECT 1 FROM audit_log
          WHERE subject = ? AND action = 'kyc.case.corrected_elsewhere'
            AND json_extract(details, '$.correctedAt') IS ?`,
      )
      .get(subjectOf(applicationId), correctedAt) !== undefined
  );
}

/**
 * The station where this store's case was last corrected, when that was elsewhere (followed
 * from the hub) and not corrected here since: the store's documents are not of the version under
 * review, and a reviewer opening one is told where that version is.
 */
export function correctedElsewhereAt(ctx: KycContext, applicationId: string): string | null {
  const last = lastCorrection(ctx, applicationId);
  return last?.action === 'kyc.case.corrected_elsewhere' ? (last.details.station ?? null) : null;
}
