import {
  BundleError,
  readBundle,
  readBundleManifest,
  type BundleIssue,
  type ApplicationReadResult,
} from '../bundle/reader';
import type { KycContext } from '../store/context';
import { planSubmission, storeSubmission, type StoredSubmission } from './submission';

/** Applications per transaction: big enough to amortise the commit, small enough not to hold the writer long. */
export const IMPORT_BATCH_SIZE = 250;
/**
 * Documents the checking pass keeps in memory for the storing pass, so a bundle is read once;
 * past this the storing pass reads the bundle again instead.
 */
export const IMPORT_MEMORY_BUDGET_BYTES = 256 * 1024 * 1024;

export interface ImportProgress {
  readonly phase: 'checking' | 'importing';
  readonly done: number;
  readonly total: number;
}

export interface ImportOptions {
  readonly batchSize?: number;
  readonly onProgress?: (progress: ImportProgress) => void;
  readonly memoryBudgetBytes?: number;
}

export interface ImportSummary {
  readonly submitted: number;
  readonly resubmitted: number;
  /** Already in the store with the same content: an interrupted import run again. */
  readonly unchanged: number;
  readonly results: readonly StoredSubmission[];
}

/**
 * Imports a bundle. First every application is read, hash-checked and planned against the store
 * without writing (and kept in memory for the second step, within a budget); any fault refuses the whole bundle with every issue named by application and
 * field, so nothing is half-imported. Then the applications are stored in batches, one
 * transaction each; if a batch fails its files are removed and its rows rolled back, and since a
 * stored submission is recognised by its content, running the import again finishes the job.
 */
export async function importBundle(
  ctx: KycContext,
  bundleDir: string,
  actor: string,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? IMPORT_BATCH_SIZE;
  const budget = options.memoryBudgetBytes ?? IMPORT_MEMORY_BUDGET_BYTES;
  let held: ApplicationReadResult[] | null = [];
  let heldBytes = 0;
  const issues: BundleIssue[] = [];
  const seen = new Set<string>();
  const total = (await readBundleManifest(bundleDir)).applications.length;
  let checked = 0;
  for await (const result of readBundle(bundleDir)) {
    checked++;
    if (!result.ok) {
      issues.push(...result.issues);
      continue;
    }
    const id = result.application.applicationId;
    if (seen.has(id)) {
      issues.push({ applicationId: id, field: 'applicationId', message: 'appears twice in the bundle' });
    }
    seen.add(id);
    const plan = planSubmission(ctx, result.application);
    if (plan.kind === 'refused') issues.push(...plan.issues);
    if (held !== null) {
      heldBytes += result.documents.reduce((n, d) => n + d.bytes.length, 0);
      if (heldBytes > budget) held = null;
      else held.push(result);
    }
    options.onProgress?.({ phase: 'checking', done: checked, total });
  }
  if (issues.length > 0) throw new BundleError(issues);

  const results: StoredSubmission[] = [];
  let batch: ApplicationReadResult[] = [];
  const flush = () => {
    if (batch.length === 0) return;
    const pack = ctx.files.openPack();
    try {
      ctx.db
        .transaction(() => {
          for (const item of batch) {
            if (!item.ok) throw new BundleError(item.issues);
            results.push(storeSubmission(ctx, item, actor, pack));
          }
          pack.sync();
        })
        .immediate();
    } catch (error) {
      pack.discard();
      throw error;
    }
    pack.close();
    batch = [];
    options.onProgress?.({ phase: 'importing', done: results.length, total });
  };
  options.onProgress?.({ phase: 'importing', done: 0, total });
  for await (const result of held ?? readBundle(bundleDir)) {
    batch.push(result);
    if (batch.length >= batchSize) flush();
  }
  flush();

  return {
    submitted: results.filter((r) => r.outcome === 'submitted').length,
    resubmitted: results.filter((r) => r.outcome === 'resubmitted').length,
    unchanged: results.filter((r) => r.outcome === 'unchanged').length,
    results,
  };
}
