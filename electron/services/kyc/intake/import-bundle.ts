import {
  BundleError,
  readBundle,
  readBundleManifest,
  type BundleIssue,
  type ApplicationReadResult,
} from '../bundle/reader';
import type { KycContext } from '../store/context';
import { planSubmission, storeSubmission, type StoredSubmission } from './submission';

/**
 * The documents one import holds in memory between checking and storing: the whole bundle is
 * stored in one synchronous transaction, which cannot wait for the disk in between. A bigger
 * bundle is refused before anything is written, with the advice to split it. 10,000 generated
 * applications come to about 160 MB.
 */
export const IMPORT_MEMORY_BUDGET_BYTES = 1024 * 1024 * 1024;

export interface ImportProgress {
  readonly phase: 'checking' | 'importing';
  readonly done: number;
  readonly total: number;
}

export interface ImportOptions {
  readonly onProgress?: (progress: ImportProgress) => void;
  readonly memoryBudgetBytes?: number;
}

export interface ImportSummary {
  readonly submitted: number;
  readonly resubmitted: number;
  /** Already in the store with the same content: the same bundle imported again. */
  readonly unchanged: number;
  readonly results: readonly StoredSubmission[];
}

/** Progress is reported this often while storing (every call would cost more than the rows). */
const PROGRESS_EVERY = 100;

/**
 * Imports a bundle, all or nothing. First every application is read, hash-checked and planned
 * against the store without writing, and kept in memory; any fault refuses the whole bundle with
 * every issue named by application and field. Then all of it is stored in one immediate
 * transaction, its documents in one new pack file that is made durable before the commit: a
 * process killed at any point leaves either the whole bundle or none of it, and a pack no
 * committed row points at is removed the next time the store opens (removeOrphanPacks). The
 * import holds the store's writer while it stores (3–10 ms an application, by load); other writers wait.
 */
export async function importBundle(
  ctx: KycContext,
  bundleDir: string,
  actor: string,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const budget = options.memoryBudgetBytes ?? IMPORT_MEMORY_BUDGET_BYTES;
  let held: ApplicationReadResult[] = [];
  let heldBytes = 0;
  let overBudget = false;
  const issues: BundleIssue[] = [];
  const seen = new Set<string>();
  const total = (await readBundleManifest(bundleDir)).applications.length;
  let checked = 0;
  for await (const result of readBundle(bundleDir)) {
    checked++;
    options.onProgress?.({ phase: 'checking', done: checked, total });
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
    heldBytes += result.documents.reduce((n, d) => n + d.bytes.length, 0);
    if (heldBytes > budget) {
      overBudget = true;
      held = [];
    }
    if (!overBudget) held.push(result);
  }
  if (overBudget) {
    issues.push({
      applicationId: null,
      field: '',
      message: `its documents come to more than ${Math.floor(budget / 2 ** 20)} MiB, more than one import stores at once; split the bundle`,
    });
  }
  if (issues.length > 0) throw new BundleError(issues);

  options.onProgress?.({ phase: 'importing', done: 0, total });
  const pack = ctx.files.openPack();
  let results: StoredSubmission[];
  try {
    results = ctx.db
      .transaction(() => {
        const stored: StoredSubmission[] = [];
        for (const item of held) {
          if (!item.ok) throw new BundleError(item.issues);
          stored.push(storeSubmission(ctx, item, actor, pack));
          if (stored.length % PROGRESS_EVERY === 0) {
            options.onProgress?.({ phase: 'importing', done: stored.length, total });
          }
        }
        pack.sync();
        return stored;
      })
      .immediate();
  } catch (error) {
    pack.discard();
    throw error;
  }
  pack.close();
  options.onProgress?.({ phase: 'importing', done: results.length, total });

  return {
    submitted: results.filter((r) => r.outcome === 'submitted').length,
    resubmitted: results.filter((r) => r.outcome === 'resubmitted').length,
    unchanged: results.filter((r) => r.outcome === 'unchanged').length,
    results,
  };
}
