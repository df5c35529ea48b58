import type { KycContext } from '../store/context';
import { getCaseRow, updateCase } from '../store/case-rows';
import { subjectOf } from './case-access';

/** A final decision the hub accepted from another station, as this station pulled it. */
export interface DecisionElsewhere {
  readonly outcome: 'approved' | 'rejected';
  /** The reviewer who decided, as the hub names operators (their username). */
  readonly reviewer: string;
  /** The deciding station: its enrolled name (its id when the hub sent no name). */
  readonly station: string;
  /** When the hub accepted it (hub clock, ISO). */
  readonly decidedAt: string | null;
  /** The case's version at the hub (its fencing token) the decision was taken under. */
  readonly version: number;
}

/**
 * The store's record follows a decision taken at another station (the hub is the truth): the
 * case's state, any claim it still showed here ended, and an audit record naming the reviewer and
 * the station. Nothing else of a decision taken here runs: the activation code and the SMS are the
 * hub's, which sent them, and no mutation is recorded — the change is not this station's to push.
 * Returns whether the record changed; a case not in this store, or already in that state, is left
 * as it is (a repeated pull changes nothing).
 */
export function followDecisionElsewhere(
  ctx: KycContext,
  applicationId: string,
  decision: DecisionElsewhere,
): boolean {
  return ctx.db
    .transaction((): boolean => {
      const row = getCaseRow(ctx.db, applicationId);
      if (row === undefined || row.state === decision.outcome) return false;
      updateCase(ctx.db, row.id, row.version, ctx.now(), {
        state: decision.outcome,
        assignee_id: null,
        assignee_name: null,
        lease_expires_at: null,
        first_approver_id: null,
      });
      ctx.audit.append({
        actor: 'system',
        action: 'kyc.case.decided_elsewhere',
        subject: subjectOf(row.id),
        details: {
          from: row.state,
          to: decision.outcome,
          submission: row.submission,
          reviewer: decision.reviewer,
          station: decision.station,
          decidedAt: decision.decidedAt,
          version: decision.version,
        },
      });
      return true;
    })
    .immediate();
}
