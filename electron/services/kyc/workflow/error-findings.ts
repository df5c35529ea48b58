import { DomainError } from '../../../contract/domain/errors';
import type { Db } from '../../../store/database';
import type { CaseRow } from '../store/case-rows';
import { statement } from '../store/statements';

/**
 * The error-level findings of a case's current submission: each one is a rule the application
 * breaks (a settlement card in another person's name, an expired ID, proof that does not cover
 * the period …), in the order intake stored them.
 */
export function errorFindingCodes(db: Db, row: Pick<CaseRow, 'id' | 'submission'>): string[] {
  return statement(
    db,
    "SELECT code FROM kyc_findings WHERE application_id = ? AND submission = ? AND severity = 'error' ORDER BY rowid",
  )
    .pluck()
    .all(row.id, row.submission) as string[];
}

/**
 * An error finding is not a suggestion (DESIGN §1: the card must be in the applicant's own name,
 * the ID valid …): no approval, first or second, while the current submission has one. The
 * reviewer asks for supplements or rejects; the corrected resubmission is checked again and
 * carries its own findings.
 */
export function assertNoErrorFindings(db: Db, row: CaseRow): void {
  const codes = errorFindingCodes(db, row);
  if (codes.length === 0) return;
  throw new DomainError(
    'wrong_state',
    `Cannot approve ${row.id}: the automated checks found ${codes.length} error(s) (${codes.join(', ')}); ` +
      'request information or reject instead.',
    undefined,
    'kyc.findings.errors_block_approval',
  );
}
