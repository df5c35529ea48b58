import { createHash } from 'node:crypto';
import type { ZodError } from 'zod';
import { BundleError, type BundleIssue } from '../bundle/reader';
import { applicationSchema } from '../../../contract/domain/kyc/application';
import type { KycContext } from '../store/context';
import { planSubmission, storeSubmission, type StoredSubmission } from './submission';

export interface CounterDocument {
  /** The id the application's documents list gives it. */
  readonly id: string;
  readonly bytes: Buffer;
}

function zodIssues(applicationId: string, error: ZodError): BundleIssue[] {
  return error.issues.map((issue) => ({
    applicationId,
    field: issue.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, ''),
    message: issue.message,
  }));
}

/**
 * One application entered by hand at the counter, with its scanned documents: the same checks,
 * storage and audit as a bundle import, in one transaction.
 */
export function intakeAtCounter(
  ctx: KycContext,
  input: unknown,
  documents: readonly CounterDocument[],
  actor: string,
): StoredSubmission {
  const claimedId =
    typeof input === 'object' && input !== null && 'applicationId' in input
      ? String(input.applicationId)
      : '(no id)';
  const parsed = applicationSchema.safeParse(input);
  if (!parsed.success) throw new BundleError(zodIssues(claimedId, parsed.error));
  const app = parsed.data;
  const issues: BundleIssue[] = [];
  const bytesById = new Map(documents.map((d) => [d.id, d.bytes]));
  const loaded = app.documents.flatMap((document, i) => {
    const bytes = bytesById.get(document.id);
    if (bytes === undefined) {
      issues.push({
        applicationId: app.applicationId,
        field: `documents[${i}]`,
        message: `no file scanned for ${document.id}`,
      });
      return [];
    }
    if (createHash('sha256').update(bytes).digest('hex') !== document.sha256) {
      issues.push({
        applicationId: app.applicationId,
        field: `documents[${i}].sha256`,
        message: 'does not match the scanned file',
      });
      return [];
    }
    return [{ document, bytes }];
  });
  const plan = planSubmission(ctx, app);
  if (plan.kind === 'refused') issues.push(...plan.issues);
  if (issues.length > 0) throw new BundleError(issues);

  const pack = ctx.files.openPack();
  try {
    const stored = ctx.db
      .transaction(() => {
        const result = storeSubmission(ctx, { application: app, documents: loaded }, actor, pack);
        pack.sync();
        return result;
      })
      .immediate();
    pack.close();
    return stored;
  } catch (error) {
    pack.discard();
    throw error;
  }
}
