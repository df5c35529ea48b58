import { contractErrorOf, type ContractError } from '../../../electron/contract/errors';
import { DomainError } from '../../../electron/contract/domain/errors';
import type { Operator } from '../../../electron/contract/context';
import type { KycContext } from '../../../electron/services/kyc/store/context';
import type { ReviewWorkflow } from '../../../electron/services/kyc/workflow/review-workflow';

/** The contract error a service refusal reaches the caller as; fails the test when it does not throw one. */
export function refusal(run: () => unknown): ContractError {
  try {
    run();
  } catch (error) {
    // Asserted as the contract error the caller receives, through the one translation.
    if (error instanceof DomainError) return contractErrorOf(error);
    throw error;
  }
  throw new Error('expected a refusal');
}

export function currentDocumentIds(ctx: KycContext, applicationId: string): Record<string, string> {
  const rows = ctx.db
    .prepare('SELECT doc_key, id FROM kyc_documents WHERE application_id = ? AND superseded_in IS NULL')
    .all(applicationId) as { doc_key: string; id: string }[];
  return Object.fromEntries(rows.map((r) => [r.doc_key, r.id]));
}

export function acceptAll(
  ctx: KycContext,
  workflow: ReviewWorkflow,
  as: Operator,
  applicationId: string,
): void {
  for (const documentId of Object.values(currentDocumentIds(ctx, applicationId))) {
    workflow.decideDocument(as, { applicationId, documentId, decision: 'accepted' });
  }
}
