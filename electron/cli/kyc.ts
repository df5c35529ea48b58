import { cliActor } from './cli-actor';
import { SingleBar } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { systemClock, type Clock } from '../services/audit/clock';
import { csvLine } from '../../native/formats/csv-output';
import { formatDay, shanghaiDayOf } from '../services/calendar/shanghai-time';
import { BundleError, describeIssue } from '../services/kyc/bundle/reader';
import { importBundle } from '../services/kyc/intake/import-bundle';
import { readCase } from '../services/kyc/store/case-view';
import { createKycContext, type KycContext } from '../services/kyc/store/context';
import { queryQueue } from '../services/kyc/store/queue';
import { createKycSecrets } from '../services/kyc/store/secrets';
import { CASE_STATES, type CaseState } from '../contract/domain/kyc/case-states';
import { dataDirFileKey } from '../services/vault/data-dir-keys';
import type { KeyProvider } from '../services/vault/key-provider';
import { processIo, type CliIo } from './cli-io';
import type { OpenStore } from './store-handle';

/** Columns of `kyc list` (text form), named in an error about a cell. */
const KYC_LIST_COLUMNS = ['application', 'state', 'risk', 'due', 'name', 'id', 'assignee'];

export interface KycCliOptions {
  readonly io?: CliIo;
  /** Default: the data directory's 0600 key file, as in the browser-hosted station. */
  readonly keys?: (dataDir: string) => KeyProvider;
  /** Default: the system clock. */
  readonly clock?: Clock;
}

function parseState(value: string): CaseState | 'all' {
  if (value === 'all' || (CASE_STATES as readonly string[]).includes(value))
    return value as CaseState | 'all';
  throw new InvalidArgumentError(`--state must be one of ${CASE_STATES.join(', ')} or all.`);
}

function parseLimit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new InvalidArgumentError('--limit must be 1–10000.');
  return n;
}

/**
 * `pos-station kyc import BUNDLE`, `kyc list [--state S] [--json]`, `kyc check ID --json`: the
 * review store from the command line, masked like the workspace. Joins an existing `kyc`
 * command if another module (kyc generate) registered it first.
 */
export function registerKycCommands(
  program: Command,
  openStore: OpenStore,
  options: KycCliOptions = {},
): void {
  const io = options.io ?? processIo;
  const keys = options.keys ?? dataDirFileKey;
  const clock = options.clock ?? systemClock;
  const kyc =
    program.commands.find((c) => c.name() === 'kyc') ??
    program.command('kyc').description('KYC review: applications, checks and test bundles');

  async function withKyc<T>(work: (ctx: KycContext) => T | Promise<T>): Promise<T> {
    const store = openStore();
    try {
      const secrets = createKycSecrets(keys(store.dataDir));
      return await work(createKycContext({ db: store.db, dataDir: store.dataDir, clock, secrets }));
    } finally {
      store.close();
    }
  }

  kyc
    .command('import')
    .description('Import an application bundle (all or nothing: a bad application stops the import)')
    .argument('<bundle>', 'bundle directory (with bundle.json)')
    .option('--json', 'print the summary as JSON', false)
    .action((bundle: string, opts: { json: boolean }) =>
      withKyc(async (ctx) => {
        const bar =
          process.stderr.isTTY && !opts.json
            ? new SingleBar({ format: '{phase} [{bar}] {value}/{total} | ETA {eta}s' })
            : null;
        try {
          let phase = '';
          const summary = await importBundle(ctx, bundle, cliActor(), {
            onProgress: (p) => {
              if (!bar) return;
              if (p.phase !== phase) {
                if (phase) bar.stop();
                phase = p.phase;
                bar.start(p.total, 0, { phase: p.phase === 'checking' ? 'Checking ' : 'Importing' });
              }
              bar.update(p.done);
            },
          });
          bar?.stop();
          const { submitted, resubmitted, unchanged } = summary;
          if (opts.json) io.out(`${JSON.stringify({ submitted, resubmitted, unchanged })}\n`);
          else
            io.out(
              `Imported ${submitted} new and ${resubmitted} resubmitted applications` +
                (unchanged ? `; ${unchanged} were already in the store.\n` : '.\n'),
            );
        } catch (error) {
          bar?.stop();
          if (!(error instanceof BundleError)) throw error;
          io.err(`Nothing was imported; fix these and run the import again:\n`);
          for (const issue of error.issues) io.err(`  ${describeIssue(issue)}\n`);
          io.setExitCode(1);
        }
      }),
    );

  kyc
    .command('list')
    .description('List applications in due order, masked (default: the open ones)')
    .option('--state <state>', `one of ${CASE_STATES.join(', ')}, or all`, parseState)
    .option('--limit <n>', 'at most this many', parseLimit, 100)
    .option('--json', 'print JSON', false)
    .action((opts: { state?: CaseState | 'all'; limit: number; json: boolean }) =>
      withKyc((ctx) => {
        const states =
          opts.state === undefined ? undefined : opts.state === 'all' ? [...CASE_STATES] : [opts.state];
        const todayEnd = `${formatDay(shanghaiDayOf(ctx.clock.now()))}T23:59:59.999+08:00`;
        const page = queryQueue(
          ctx.db,
          { ...(states ? { states } : {}), limit: opts.limit },
          ctx.now(),
          todayEnd,
        );
        if (opts.json) {
          io.out(`${JSON.stringify(page.items)}\n`);
          return;
        }
        // Tab-separated lines often land in a spreadsheet: written by the station's CSV rules.
        page.items.forEach((item, i) => {
          io.out(
            csvLine(
              KYC_LIST_COLUMNS,
              [
                item.applicationId,
                item.state,
                item.risk,
                `${item.dueAt.slice(0, 10)}${item.overdue ? ' OVERDUE' : ''}`,
                item.nameMasked,
                item.idMasked,
                item.assignee?.displayName ?? '-',
              ],
              i + 1,
              '\t',
            ),
          );
        });
        if (page.nextCursor !== null) io.out(`… more; use --limit to see more.\n`);
      }),
    );

  kyc
    .command('check')
    .description("An application's findings (its latest submission), evidence masked")
    .argument('<id>', 'application id')
    .option('--json', 'print JSON', false)
    .action((id: string, opts: { json: boolean }) =>
      withKyc((ctx) => {
        if (ctx.db.prepare('SELECT 1 FROM kyc_applications WHERE id = ?').get(id) === undefined) {
          io.err(`No application ${id}.\n`);
          io.setExitCode(1);
          return;
        }
        const view = readCase(ctx, id);
        const findings = view.findings.filter((f) => f.submission === view.summary.submission);
        if (opts.json) {
          io.out(
            `${JSON.stringify({ applicationId: id, risk: view.summary.risk, submission: view.summary.submission, findings })}\n`,
          );
          return;
        }
        io.out(`${id}: risk ${view.summary.risk}, ${findings.length} findings\n`);
        for (const f of findings) io.out(`  ${f.severity.padEnd(7)} ${f.code}  ${f.messageEn}\n`);
      }),
    );
}
