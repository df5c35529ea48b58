import { SingleBar } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { systemClock, type Clock } from '../services/audit/clock';
import { csvLine } from '../../native/formats/csv-output';
import { createKycHandlers, type KycHandlerDeps } from '../services/kyc/handlers';
import type { ImportProgress } from '../services/kyc/intake/import-bundle';
import { createKycContext } from '../services/kyc/store/context';
import { createKycSecrets } from '../services/kyc/store/secrets';
import { CASE_STATES, type CaseState } from '../contract/domain/kyc/case-states';
import type { QueueItemOutput } from '../contract/kyc';
import { dataDirFileKey } from '../services/vault/data-dir-keys';
import type { KeyProvider } from '../services/vault/key-provider';
import { processIo, type CliIo } from './cli-io';
import type { OpenStore } from './store-handle';
import { cliGateFor, GateRefusal } from './cli-gate';

/** Applications per `kyc.queue` page while `kyc list` reads up to --limit of them. */
const QUEUE_PAGE = 200;

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

  type KycCall = 'kyc.importBundle' | 'kyc.queue' | 'kyc.case';
  /**
   * Runs `work` with the review calls through the contract's gate, as the CLI operator; a refusal
   * (role, input, the review rules) is one line on stderr and exit 1.
   */
  async function withKyc(
    command: Command,
    work: (gate: ReturnType<typeof cliGateFor<KycCall>>) => Promise<void>,
    deps: Omit<KycHandlerDeps, 'kyc'> = {},
  ): Promise<void> {
    const store = openStore();
    try {
      const secrets = createKycSecrets(keys(store.dataDir));
      const ctx = createKycContext({ db: store.db, dataDir: store.dataDir, clock, secrets });
      const h = createKycHandlers({ kyc: ctx, ...deps });
      const gate = cliGateFor<KycCall>(
        command,
        { 'kyc.importBundle': h['kyc.importBundle'], 'kyc.queue': h['kyc.queue'], 'kyc.case': h['kyc.case'] },
        io,
      );
      await work(gate);
    } catch (error) {
      if (!(error instanceof GateRefusal)) throw error;
      io.err(`${error.message}\n`);
      io.setExitCode(1);
    } finally {
      store.close();
    }
  }

  kyc
    .command('import')
    .description('Import an application bundle (all or nothing: a bad application stops the import)')
    .argument('<bundle>', 'bundle directory (with bundle.json)')
    .option('--json', 'print the summary as JSON', false)
    .action(async (bundle: string, opts: { json: boolean }, command: Command) => {
      const bar =
        process.stderr.isTTY && !opts.json
          ? new SingleBar({ format: '{phase} [{bar}] {value}/{total} | ETA {eta}s' })
          : null;
      let phase = '';
      const onImportProgress = (p: ImportProgress) => {
        if (!bar) return;
        if (p.phase !== phase) {
          if (phase) bar.stop();
          phase = p.phase;
          bar.start(p.total, 0, { phase: p.phase === 'checking' ? 'Checking ' : 'Importing' });
        }
        bar.update(p.done);
      };
      try {
        await withKyc(
          command,
          async (gate) => {
            try {
              const summary = await gate.call('kyc.importBundle', { path: bundle });
              bar?.stop();
              const { submitted, resubmitted, unchanged } = summary;
              if (opts.json) io.out(`${JSON.stringify({ submitted, resubmitted, unchanged })}\n`);
              else
                io.out(
                  `Imported ${submitted} new and ${resubmitted} resubmitted applications` +
                    (unchanged ? `; ${unchanged} were already in the store.\n` : '.\n'),
                );
            } catch (error) {
              if (!(error instanceof GateRefusal) || error.error.reason !== 'kyc.bundle.invalid') throw error;
              // The refusal's first line is the window's heading; the terminal lists each issue.
              io.err(`Nothing was imported; fix these and run the import again:\n`);
              for (const issue of error.message.split('\n').slice(1)) io.err(`  ${issue}\n`);
              io.setExitCode(1);
            }
          },
          { onImportProgress, bundleIssuesShown: Number.POSITIVE_INFINITY },
        );
      } finally {
        bar?.stop();
      }
    });

  kyc
    .command('list')
    .description('List applications in due order, masked (default: the open ones)')
    .option('--state <state>', `one of ${CASE_STATES.join(', ')}, or all`, parseState)
    .option('--limit <n>', 'at most this many', parseLimit, 100)
    .option('--json', 'print JSON', false)
    .action((opts: { state?: CaseState | 'all'; limit: number; json: boolean }, command: Command) =>
      withKyc(command, async (gate) => {
        const states =
          opts.state === undefined ? undefined : opts.state === 'all' ? [...CASE_STATES] : [opts.state];
        // The call pages (as the queue scrolls); the command reads pages up to --limit.
        const items: QueueItemOutput[] = [];
        let cursor: string | null = null;
        do {
          const page: { items: QueueItemOutput[]; nextCursor: string | null } = await gate.call('kyc.queue', {
            ...(states ? { state: states } : {}),
            ...(cursor !== null ? { cursor } : {}),
            limit: Math.min(QUEUE_PAGE, opts.limit - items.length),
          });
          items.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor !== null && items.length < opts.limit);
        if (opts.json) {
          io.out(`${JSON.stringify(items)}\n`);
          return;
        }
        // Tab-separated lines often land in a spreadsheet: written by the station's CSV rules.
        items.forEach((item, i) => {
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
        if (cursor !== null) io.out(`… more; use --limit to see more.\n`);
      }),
    );

  kyc
    .command('check')
    .description("An application's findings (its latest submission), evidence masked")
    .argument('<id>', 'application id')
    .option('--json', 'print JSON', false)
    .action((id: string, opts: { json: boolean }, command: Command) =>
      withKyc(command, async (gate) => {
        const view = await gate.call('kyc.case', { applicationId: id });
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
