import { newId } from '../store/ids';
import type { Operator } from '../../../contract/context';
import { DomainError } from '../../../contract/domain/errors';
import type { KycContext } from '../store/context';
import { openApplication, updateCase, type CaseRow } from '../store/case-rows';
import { enqueueSms } from '../store/outbox';
import { issueActivationCode } from './activation-codes';
import { assertHolds, assertState, loadCase, subjectOf } from './case-access';
import { assertDocumentsAccepted } from './document-decisions';
import { assertNoErrorFindings } from './error-findings';
import { assertIdStillValid } from './id-still-valid';
import { isReasonFor, type ReasonUse } from '../../../contract/domain/kyc/reason-codes';
import { needsSecondApproval } from '../../../contract/domain/kyc/risk-level';
import { approvedSms, infoRequestedSms, rejectedSms, type SmsTemplate } from './sms-templates';
import type { CaseState, DecisionKind } from '../../../contract/domain/kyc/case-states';
import { statement } from '../store/statements';

export interface DecisionOptions {
  readonly activationCodeTtlMs: number;
}

export type ApprovalResult =
  | { readonly state: 'awaiting_second_approval' }
  | {
      readonly state: 'approved';
      readonly codeId: string;
      readonly codeExpiresAt: string;
      readonly smsId: string;
    };

function assertReasons(codes: readonly string[], use: ReasonUse): void {
  if (codes.length === 0) {
    throw new DomainError(
      'bad_value',
      'Give at least one reason from the list.',
      'reasonCodes',
      'kyc.reason.missing',
    );
  }
  codes.forEach((code, i) => {
    if (!isReasonFor(code, use)) {
      throw new DomainError(
        'bad_value',
        `'${code}' is not a reason for ${use.replace('_', ' ')} (see the reason-code list).`,
        `reasonCodes[${i}]`,
        'kyc.reason.invalid',
      );
    }
  });
}

function recordDecision(
  ctx: KycContext,
  operator: Operator,
  row: CaseRow,
  kind: DecisionKind,
  reasonCodes: readonly string[],
  note: string | undefined,
  now: string,
): string {
  const id = newId();
  statement(
    ctx.db,
    'INSERT INTO kyc_decisions (id, application_id, submission, kind, reason_codes, note, actor_id, actor_name, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    id,
    row.id,
    row.submission,
    kind,
    JSON.stringify(reasonCodes),
    note ?? null,
    operator.id,
    operator.displayName,
    now,
  );
  return id;
}

interface Outcome {
  readonly row: CaseRow;
  readonly operator: Operator;
  readonly state: CaseState;
  readonly decisionId: string;
  readonly action: string;
  readonly details: { readonly [key: string]: string | number | null | readonly string[] };
  readonly now: string;
  readonly firstApproverId?: string | null;
}

/** Closes the case for this reviewer: new state, lease dropped, audit record and mutation. */
function conclude(ctx: KycContext, o: Outcome): void {
  updateCase(ctx.db, o.row.id, o.row.version, o.now, {
    state: o.state,
    assignee_id: null,
    assignee_name: null,
    lease_expires_at: null,
    ...(o.firstApproverId !== undefined ? { first_approver_id: o.firstApproverId } : {}),
  });
  const details = {
    from: o.row.state,
    to: o.state,
    decisionId: o.decisionId,
    submission: o.row.submission,
    ...o.details,
  };
  ctx.audit.append({ actor: o.operator.username, action: o.action, subject: subjectOf(o.row.id), details });
  ctx.mutations.record({
    kind: o.action,
    subject: subjectOf(o.row.id),
    baseVersion: o.row.version,
    payload: { applicationId: o.row.id, ...details },
    actor: o.operator.username,
    at: o.now,
  });
}

function queueSms(
  ctx: KycContext,
  row: CaseRow,
  template: SmsTemplate,
  body: (id: string) => string,
  now: string,
): string {
  const { application: app } = openApplication(ctx.db, ctx.secrets, row.id);
  return enqueueSms(ctx.db, ctx.secrets, {
    applicationId: row.id,
    template,
    phone: app.applicant.phone,
    body: body(row.id),
    at: now,
  });
}

/**
 * Approves a held case. The current submission must have no error finding and every current
 * document must be accepted. A high-risk case needs two
 * approvals: the first moves it to awaiting_second_approval and back to the queue; the second
 * must come from a senior reviewer other than the first approver. The final approval issues a
 * one-time activation code and queues the SMS that carries it.
 */
export function approveCase(
  ctx: KycContext,
  options: DecisionOptions,
  operator: Operator,
  applicationId: string,
  note?: string,
): ApprovalResult {
  return ctx.db
    .transaction((): ApprovalResult => {
      const now = ctx.now();
      const row = loadCase(ctx.db, applicationId);
      assertHolds(row, operator, now);
      assertState(row, ['in_review', 'awaiting_second_approval'], 'approve');
      assertNoErrorFindings(ctx.db, row);
      assertDocumentsAccepted(ctx.db, row.id);
      assertIdStillValid(ctx, row, now);

      if (row.state === 'in_review' && needsSecondApproval(row.risk)) {
        const decisionId = recordDecision(ctx, operator, row, 'approve', [], note, now);
        conclude(ctx, {
          row,
          operator,
          state: 'awaiting_second_approval',
          decisionId,
          action: 'kyc.case.first_approved',
          details: { risk: row.risk },
          now,
          firstApproverId: operator.id,
        });
        return { state: 'awaiting_second_approval' };
      }
      if (row.state === 'awaiting_second_approval') {
        if (operator.role !== 'senior_reviewer') {
          throw new DomainError(
            'not_allowed',
            'Only a senior reviewer gives the second approval.',
            undefined,
            'kyc.four_eyes.senior_only',
          );
        }
        if (row.first_approver_id === operator.id) {
          throw new DomainError(
            'not_allowed',
            'The second approval must come from a different senior reviewer than the first.',
            undefined,
            'kyc.four_eyes.same_person',
          );
        }
      }
      const kind: DecisionKind = row.state === 'awaiting_second_approval' ? 'second_approve' : 'approve';
      const decisionId = recordDecision(ctx, operator, row, kind, [], note, now);
      const code = issueActivationCode(ctx, row.id, options.activationCodeTtlMs);
      const smsId = queueSms(ctx, row, 'approved', (id) => approvedSms(id, code.code, code.expiresAt), now);
      conclude(ctx, {
        row,
        operator,
        state: 'approved',
        decisionId,
        action: 'kyc.case.approved',
        details: {
          risk: row.risk,
          codeId: code.id,
          codeExpiresAt: code.expiresAt,
          smsId,
          firstApproverId: row.first_approver_id,
        },
        now,
      });
      return { state: 'approved', codeId: code.id, codeExpiresAt: code.expiresAt, smsId };
    })
    .immediate();
}

function closeWithReasons(
  ctx: KycContext,
  operator: Operator,
  applicationId: string,
  reasonCodes: readonly string[],
  note: string | undefined,
  use: 'reject' | 'request_info',
): { state: CaseState; smsId: string } {
  assertReasons(reasonCodes, use);
  return ctx.db
    .transaction(() => {
      const now = ctx.now();
      const row = loadCase(ctx.db, applicationId);
      assertHolds(row, operator, now);
      assertState(
        row,
        ['in_review', 'awaiting_second_approval'],
        use === 'reject' ? 'reject' : 'request information on',
      );
      const state: CaseState = use === 'reject' ? 'rejected' : 'info_requested';
      const decisionId = recordDecision(ctx, operator, row, use, reasonCodes, note, now);
      const smsId =
        use === 'reject'
          ? queueSms(ctx, row, 'rejected', (id) => rejectedSms(id, reasonCodes), now)
          : queueSms(ctx, row, 'info_requested', (id) => infoRequestedSms(id, reasonCodes), now);
      conclude(ctx, {
        row,
        operator,
        state,
        decisionId,
        action: use === 'reject' ? 'kyc.case.rejected' : 'kyc.case.info_requested',
        details: { reasonCodes: [...reasonCodes], smsId },
        now,
        firstApproverId: null,
      });
      return { state, smsId };
    })
    .immediate();
}

/** Rejects a held case; the SMS tells the applicant the reason in plain words. */
export function rejectCase(
  ctx: KycContext,
  operator: Operator,
  applicationId: string,
  reasonCodes: readonly string[],
  note?: string,
): { state: CaseState; smsId: string } {
  return closeWithReasons(ctx, operator, applicationId, reasonCodes, note, 'reject');
}

/** Asks the applicant for more information; they resubmit and the case comes back to the queue. */
export function requestInfo(
  ctx: KycContext,
  operator: Operator,
  applicationId: string,
  reasonCodes: readonly string[],
  note?: string,
): { state: CaseState; smsId: string } {
  return closeWithReasons(ctx, operator, applicationId, reasonCodes, note, 'request_info');
}
