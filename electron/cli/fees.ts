import { basename, dirname, extname, join } from 'node:path';
import { Command, Option } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import type { z } from 'zod';
import { ContractError } from '../contract/errors';
import { quoteInputSchema, type QuoteOutput } from '../contract/fees';
import { CHANNELS, QR_SUB_CHANNELS } from '../contract/domain/fees/channels';
import { LedgerRowsError } from '../services/fees/errors';
import { createFeesHandlers } from '../services/fees/handlers';
import type { LedgerCheckReport } from '../services/fees/ledger/ledger-check';
import { formatYuan, parseYuan } from '../services/fees/money';
import { createFeesService, type FeesService } from '../services/fees/service';
import type { ScheduleView } from '../services/fees/schedule-view';
import { isExpectedError } from './expected-error';
import { cliGateFor } from './cli-gate';

/** stdout/stderr, or a test double; the progress bar is drawn only when `isTTY` is true. */
export type OutputStream = NodeJS.WritableStream & { readonly isTTY?: boolean };

export interface FeesCliDeps {
  /** Builds the engine; default loads the schedules from --schedules or the default directory. */
  readonly createService?: (scheduleDir: string | undefined) => FeesService;
  readonly stdout?: OutputStream;
  readonly stderr?: OutputStream;
}

const yuan = (fen: number | null): string => (fen === null ? 'unlimited' : `${formatYuan(fen)} yuan`);

function printQuote(write: (s: string) => void, q: QuoteOutput): void {
  const lines = [
    `Quote under schedule ${q.scheduleVersion} at ${q.at}`,
    `  channel      ${q.channel}${q.qrSubChannel === null ? '' : ` (${q.qrSubChannel})`}`,
    `  amount       ${yuan(q.amountFen)}`,
    `  fee          ${yuan(q.feeFen)}  (percentage ${formatYuan(q.percentagePartFen)}${q.capped ? ', capped' : ''} + fixed ${formatYuan(q.fixedPartFen)})`,
    `  net          ${yuan(q.netFen)}`,
    `  settlement   ${q.settlement.mode === 'instant' ? 'instant, by' : 'T+1 at'} ${q.settlement.at}`,
    `  limits       ${q.allowed ? 'allowed' : `REFUSED (${q.reason})`}; headroom ${yuan(q.headroomFen)}${q.bindingLimit === null ? '' : ` under ${q.bindingLimit}`}`,
  ];
  if (q.flagged) lines.push('  FLAGGED      the fee is at or above the amount');
  write(`${lines.join('\n')}\n`);
}

function printSchedules(
  write: (s: string) => void,
  versions: readonly ScheduleView[],
  coversUntil: string,
): void {
  for (const v of versions) {
    const r = v.rates;
    const limit = (l: { perTransactionFen: number | null; perDayFen: number | null }): string =>
      `${yuan(l.perTransactionFen)} / ${yuan(l.perDayFen)}`;
    write(
      [
        `${v.id}  [${v.status}]  announced ${v.announcedAt}, effective ${v.effectiveAt} (${v.noticeDays} days' notice)`,
        `  credit ${r.credit.percent} + ${formatYuan(r.credit.fixedFen)}${r.credit.capFen === null ? '' : `, cap ${formatYuan(r.credit.capFen)}`}` +
          `; debit ${r.debit.percent}${r.debit.capFen === null ? '' : ` capped at ${formatYuan(r.debit.capFen)}`}` +
          `${r.debit.fixedFen > 0 ? ` + ${formatYuan(r.debit.fixedFen)}` : ''}` +
          `; qr ${QR_SUB_CHANNELS.map((c) => `${c} ${r.qrSubChannels[c].percent}`).join(', ')}`,
        `  limits per transaction / per day: credit ${limit(v.limits.credit)}; debit ${limit(v.limits.debit)}; qr ${limit(v.limits.qr)}`,
        `  questionnaire skipped: ${yuan(v.limits.questionnaireSkippedPerTransactionFen)} per transaction; ` +
          `class-II account: ${yuan(v.limits.classIIPerDayFen)} a day, ${yuan(v.limits.classIIPerYearFen)} a year`,
        '',
      ].join('\n'),
    );
  }
  write(`Working-day calendar covers until ${coversUntil}.\n`);
}

const LISTED_IN_TEXT = 50;

/** Contract field → the `fees quote` option that fills it, for error messages. */
const OPTION_OF_FIELD: Readonly<Record<string, string>> = {
  amount: 'amount',
  at: 'at',
  channel: 'channel',
  qrSubChannel: 'qr-wallet',
};

function printCheck(write: (s: string) => void, report: LedgerCheckReport): void {
  write(
    `${report.rows} row(s), ${report.merchants} merchant(s): ${report.allowedRows} allowed, ${report.refusedRows} refused by limits\n`,
  );
  for (const [reason, count] of Object.entries(report.refusedByReason)) write(`  ${reason}: ${count}\n`);
  for (const b of report.breaches.slice(0, LISTED_IN_TEXT)) {
    write(
      `  row ${b.row}  ${b.date}  ${b.merchant}  ${b.channel}  ${yuan(b.amountFen)}  ${b.reason}  (headroom ${yuan(b.headroomFen)})\n`,
    );
  }
  if (report.refusedRows > LISTED_IN_TEXT)
    write(`  … ${report.refusedRows - LISTED_IN_TEXT} more; --json lists up to ${report.breaches.length}\n`);
}

function defaultOutput(ledger: string): string {
  const ext = extname(ledger);
  return join(dirname(ledger), `${basename(ledger, ext)}.repriced${ext === '' ? '.csv' : ext}`);
}

/**
 * `pos-station fees …`: quote, check, reprice, schedules. Bad input prints one line naming the
 * field or ledger row on stderr and sets a non-zero exit code; nothing half-written is left.
 */
export function registerFeesCommands(program: Command, deps: FeesCliDeps = {}): Command {
  // Root options only before the subcommand, so `fees reprice --version V` reaches the
  // subcommand instead of the program's own --version flag.
  program.enablePositionalOptions();
  const stdout = deps.stdout ?? process.stdout;
  const stderr = deps.stderr ?? process.stderr;
  const out = (s: string): void => void stdout.write(s);
  const fees = program
    .command('fees')
    .description('Fee and limit engine: quotes, ledger checks, repricing, schedule versions')
    .option('--schedules <dir>', 'fee-schedule directory (default: resources/fee-schedules)');
  let service: FeesService | undefined;
  const engine = (): FeesService => {
    const dir = fees.opts<{ schedules?: string }>().schedules;
    service ??= (deps.createService ?? ((d) => createFeesService(d === undefined ? {} : { scheduleDir: d })))(
      dir,
    );
    return service;
  };
  /** The fee calls through the contract's gate, as the CLI operator (any role may read fees). */
  const feesGate = (command: Command) => {
    const h = createFeesHandlers(engine());
    return cliGateFor(
      command,
      { 'fees.quote': h['fees.quote'], 'fees.schedules': h['fees.schedules'] },
      {
        err: (text) => void stderr.write(text),
      },
    );
  };
  const run =
    <A extends unknown[]>(action: (...args: A) => Promise<void> | void) =>
    async (...args: A): Promise<void> => {
      try {
        await action(...args);
      } catch (error) {
        if (!isExpectedError(error)) throw error;
        if (error instanceof LedgerRowsError) {
          // Every bad row, so they can all be fixed in one go.
          stderr.write(
            `pos-station fees: ${error.errorCount} row(s) of the ledger cannot be read; nothing was checked or written\n`,
          );
          for (const e of error.errors.slice(0, LISTED_IN_TEXT)) stderr.write(`  ${e.message}\n`);
          if (error.errorCount > LISTED_IN_TEXT)
            stderr.write(`  … ${error.errorCount - LISTED_IN_TEXT} more\n`);
        } else {
          stderr.write(`pos-station fees: ${error.message}\n`);
        }
        process.exitCode = 1;
      }
    };

  fees
    .command('quote')
    .description('Fee, net, limits and settlement for one transaction')
    .addOption(new Option('--channel <channel>', 'payment channel').choices(CHANNELS).makeOptionMandatory())
    .addOption(new Option('--qr-wallet <wallet>', 'wallet of a QR scan').choices(QR_SUB_CHANNELS))
    .requiredOption('--amount <yuan>', 'amount in yuan, at most two decimals, e.g. 100.00')
    .option('--at <iso>', 'transaction time, ISO-8601 (default: now; no offset = Asia/Shanghai)')
    .option('--instant', 'instant settlement is enabled for the merchant', false)
    .option('--first', "the merchant's first transaction (always T+1)", false)
    .option('--questionnaire-skipped', 'the merchant skipped the risk questionnaire', false)
    .option('--class-ii', 'the settlement account is a class-II account', false)
    .option('--json', 'print JSON', false)
    .action(
      run(
        async (
          opts: {
            channel: string;
            qrWallet?: string;
            amount: string;
            at?: string;
            instant: boolean;
            first: boolean;
            questionnaireSkipped: boolean;
            classIi: boolean;
            json: boolean;
          },
          command: Command,
        ) => {
          const raw: z.input<typeof quoteInputSchema> = {
            channel: opts.channel as z.input<typeof quoteInputSchema>['channel'],
            amount: opts.amount,
            instant: opts.instant,
            firstTransaction: opts.first,
            questionnaireSkipped: opts.questionnaireSkipped,
            accountClass: opts.classIi ? 'II' : 'I',
            ...(opts.at !== undefined ? { at: opts.at } : {}),
            ...(opts.qrWallet !== undefined
              ? { qrSubChannel: opts.qrWallet as z.input<typeof quoteInputSchema>['qrSubChannel'] }
              : {}),
          };
          // The engine's parser words amount errors best ('has more than two decimals', 'must be positive').
          parseYuan(opts.amount, '--amount');
          const parsed = quoteInputSchema.safeParse(raw);
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            const field = issue?.path.map(String).join('.') ?? 'input';
            const option = OPTION_OF_FIELD[field] ?? field;
            throw new ContractError('invalid_input', `--${option}: ${issue?.message ?? 'is invalid'}`, field);
          }
          const q = await feesGate(command).call('fees.quote', raw);
          if (opts.json) out(`${JSON.stringify(q, null, 2)}\n`);
          else printQuote(out, q);
        },
      ),
    );

  fees
    .command('check')
    .description(
      'Per-transaction, per-day and per-year limit check over a CSV ledger (time,merchant,channel,amount)',
    )
    .requiredOption('--ledger <file>', 'CSV ledger')
    .option('--version <id>', 'check under this schedule version instead of the one in force at each row')
    .option('--json', 'print JSON', false)
    .option('--fail-on-breach', 'exit with code 3 when any row breaches a limit', false)
    .action(
      run(async (opts: { ledger: string; version?: string; json: boolean; failOnBreach: boolean }) => {
        const report = await engine().checkLedgerFile(opts.ledger, opts.version);
        if (opts.json) out(`${JSON.stringify(report, null, 2)}\n`);
        else printCheck(out, report);
        if (opts.failOnBreach && report.refusedRows > 0) process.exitCode = 3;
      }),
    );

  fees
    .command('reprice')
    .description('Write the ledger with fee, net, schedule version and limit verdict appended (atomically)')
    .requiredOption('--ledger <file>', 'CSV ledger')
    .option('--version <id>', 'price every row under this version (default: the one in force at each row)')
    .option('--out <file>', 'output file (default: <ledger>.repriced.csv)')
    .action(
      run(async (opts: { ledger: string; version?: string; out?: string }) => {
        const output = opts.out ?? defaultOutput(opts.ledger);
        const bar =
          stderr.isTTY === true
            ? new SingleBar(
                {
                  format: 'repricing [{bar}] {percentage}% | {size} MiB ledger | ETA {eta_formatted}',
                  stream: stderr,
                  hideCursor: true,
                  clearOnComplete: true,
                },
                Presets.shades_classic,
              )
            : undefined;
        const mib = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;
        let started = false;
        try {
          const summary = await engine().repriceLedgerFile({
            input: opts.ledger,
            output,
            ...(opts.version !== undefined ? { version: opts.version } : {}),
            // The ledger is read twice (judge, then write): progress is over both reads.
            onProgress: (done, total) => {
              if (bar === undefined) return;
              if (!started) bar.start(total, 0, { size: mib(total / 2) });
              started = true;
              bar.update(done);
            },
          });
          out(
            `${summary.rows} row(s) repriced into ${summary.output}; fees ${yuan(summary.feeTotalFen)}; ${summary.refusedRows} row(s) refused by limits\n`,
          );
        } finally {
          bar?.stop();
        }
      }),
    );

  fees
    .command('schedules')
    .description('Fee-schedule versions: in force, superseded and pending')
    .option('--json', 'print JSON', false)
    .action(
      run(async (opts: { json: boolean }, command: Command) => {
        const answer = await feesGate(command).call('fees.schedules', {});
        if (opts.json) out(`${JSON.stringify(answer, null, 2)}\n`);
        else printSchedules(out, answer.versions, answer.calendar.coversUntil);
      }),
    );
  return fees;
}
