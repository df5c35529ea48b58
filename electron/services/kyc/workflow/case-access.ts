import type { Operator } from '../../../contract/context';
import { DomainError } from '../../../contract/domain/errors';
import type { Db } from '../../../store/database';
import { getCaseRow, type CaseRow } from '../store/case-rows';
import type { CaseState } from '../../../contract/domain/kyc/case-states';

export function loadCase(db: Db, applicationId: string): CaseRow {
  const row = getCaseRow(db, applicationId);
  if (row === undefined) {
    throw new DomainError(
      'not_found',
      `No application ${applicationId}.`,
      'applicationId',
      'kyc.case.not_found',
    );
  }
  return row;
}

export function holdsLease(row: CaseRow, operator: Operator, now: string): boolean {
  return row.assignee_id === operator.id && row.lease_expires_at !== null && row.lease_expires_at > now;
}

/** Nobody decides a case they do not hold: the claim must be theirs and its lease still running. */
export function assertHolds(row: CaseRow, operator: Operator, now: string): void {
  if (holdsLease(row, operator, now)) return;
  if (row.assignee_id === operator.id) {
    throw new DomainError(
      'wrong_state',
      `Your claim on ${row.id} expired at ${row.lease_expires_at ?? ''}; claim the case again.`,
      undefined,
      'kyc.case.lease_expired',
    );
  }
  if (row.assignee_id !== null && row.lease_expires_at !== null && row.lease_expires_at > now) {
    throw new DomainError(
      'wrong_state',
      `${row.id} is held by ${row.assignee_name ?? row.assignee_id}.`,
      undefined,
      'kyc.case.held_by_other',
    );
  }
  throw new DomainError(
    'wrong_state',
    `Claim ${row.id} before deciding it.`,
    undefined,
    'kyc.case.not_claimed',
  );
}

export function assertState(row: CaseRow, allowed: readonly CaseState[], doing: string): void {
  if (allowed.includes(row.state)) return;
  throw new DomainError(
    'wrong_state',
    `Cannot ${doing} ${row.id}: it is ${row.state.replace(/_/g, ' ')}.`,
    undefined,
    'kyc.case.wrong_state',
  );
}

export function subjectOf(applicationId: string): string {
  return `application:${applicationId}`;
}
