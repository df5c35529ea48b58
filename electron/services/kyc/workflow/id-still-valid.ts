import { DomainError } from '../../../contract/domain/errors';
import { checkIdExpiry } from '../checks/id-validity-check';
import type { CalendarDate } from '../../../contract/domain/kyc/application';
import { openApplication, type CaseRow } from '../store/case-rows';
import type { KycContext } from '../store/context';

/** What time alone can turn from a pass into a failure: the rest of the ID findings stand as intake made them. */
const EXPIRY_FAILURES = new Set(['id.expired', 'id.expiry.too_soon']);

/**
 * The ID's 6 months of remaining validity count from the review date (DESIGN §1), and intake's
 * check ran on the day the application came in; a case decided days later — overdue, or after a
 * revision — is checked again on the day it is approved.
 */
export function assertIdStillValid(ctx: KycContext, row: CaseRow, now: string): void {
  const today = now.slice(0, 10) as CalendarDate;
  const { applicant } = openApplication(ctx.db, ctx.secrets, row.id).application;
  const failed = checkIdExpiry(applicant, today).find((f) => EXPIRY_FAILURES.has(f.code));
  if (failed === undefined) return;
  throw new DomainError(
    'wrong_state',
    `${row.id}: on ${today} the ID card fails '${failed.code}' (${failed.message_en}); ` +
      'request a renewed ID card instead of approving.',
    undefined,
    'kyc.id.validity_since_intake',
  );
}
