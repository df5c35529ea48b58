import { Command, Option } from 'commander';
import { EvidenceStore } from '../services/devices/evidence/evidence-store';
import { DeviceRegistry } from '../services/devices/registry/device-registry';
import { formatYuan } from '../services/fees/money';
import { createFeesService, type FeesService } from '../services/fees/service';
import { createAuditLog } from '../services/audit/audit-log';
import { systemClock } from '../services/audit/clock';
import { STATE_WORDS } from '../contract/domain/support/case-states';
import { isOverdue } from '../services/support/cases';
import { idleFromLedger } from '../services/support/ledger-months';
import { explainLedgerFile } from '../services/support/money-explain';
import { readFile } from 'node:fs/promises';
import { createSupportService } from '../services/support/service';
import { dataDirFileKey } from '../services/vault/data-dir-keys';
import { processIo, type CliIo } from './cli-io';
import type { OpenStore } from './store-handle';
import { isExpectedError } from './expected-error';
import { registerDiagnoseCommand } from './support-diagnose';
import { registerRefurbishCommands } from './support-refurbish';

/** Exit codes: 0 done; 1 bad input (unreadable file, a bad ledger row, an unknown merchant). */
export const SUPPORT_EXIT = { badInput: 1 } as const;

export interface SupportCliDeps {
  readonly io?: CliIo;
  /** The fee engine; default: the shipped schedules. */
  readonly fees?: () => FeesService;
}

/** `pos-station support cases | explain | idle`: the after-sales desk from the command line. */
export function registerSupportCommands(
  program: Command,
  openStore: OpenStore,
  deps: SupportCliDeps = {},
): void {
  const io = deps.io ?? processIo;
  const fees = deps.fees ?? (() => createFeesService());
  const run =
    <A extends unknown[]>(action: (...args: A) => Promise<void> | void) =>
    async (...args: A): Promise<void> => {
      try {
        await action(...args);
      } catch (error) {
        if (!isExpectedError(error)) throw error;
        io.err(`pos-station support: ${error.message}\n`);
        io.setExitCode(SUPPORT_EXIT.badInput);
      }
    };

  const support = program
    .command('support')
    .description("After-sales support: returned units' cases, merchants' money questions")
    .addHelpText('after', '\nExit codes: 0 done, 1 bad input (the message names the file, row or field).');

  registerDiagnoseCommand(support, openStore, io);
  registerRefurbishCommands(support, openStore, io);

  support
    .command('cases')
    .description('List after-sales cases (open ones by default), due first; phones masked')
    .option('--query <text>', 'serial, case id, application, merchant, merchant phone or courier number')
    .addOption(
      new Option('--scope <scope>', 'which cases').choices(['open', 'closed', 'all']).default('open'),
    )
    .option('--json', 'print JSON', false)
    .action(
      run((opts: { query?: string; scope: 'open' | 'closed' | 'all'; json: boolean }) => {
        const store = openStore();
        try {
          const { db, dataDir } = store;
          const audit = createAuditLog(db, systemClock);
          const service = createSupportService({
            db,
            audit,
            clock: systemClock,
            fees: fees(),
            registry: new DeviceRegistry(db),
            evidence: new EvidenceStore(db, audit, systemClock),
            dataDir,
            keys: dataDirFileKey(dataDir),
          });
          const now = service.cases.now();
          const items = service.cases
            .search({ query: opts.query, scope: opts.scope, limit: 500 })
            .map((c) => ({
              id: c.id,
              serial: c.serial,
              state: c.state,
              symptom: c.symptom,
              dueAt: c.dueAt,
              overdue: isOverdue(c, now),
              applicationId: c.applicationId,
              merchantId: c.merchantId,
              phoneMasked: c.phoneMasked,
              courierNumber: c.courierNumber,
              chargeFen: c.chargeFen,
            }));
          if (opts.json) {
            io.out(`${JSON.stringify(items)}\n`);
            return;
          }
          if (items.length === 0) io.out('No cases.\n');
          for (const c of items) {
            io.out(
              `${c.id}  ${c.serial}  ${STATE_WORDS[c.state].en}  due ${c.dueAt.slice(0, 10)}${c.overdue ? ' OVERDUE' : ''}` +
                `  ${c.symptom}  ${c.phoneMasked ?? ''}  ${c.courierNumber ?? ''}\n`,
            );
          }
        } finally {
          store.close();
        }
      }),
    );

  support
    .command('explain')
    .description(
      "Explain a merchant's ledger in words: each settlement date, refused rows, each fee recomputed",
    )
    .requiredOption(
      '--ledger <file>',
      'the ledger CSV (time,merchant,channel,amount[,account_class,questionnaire,fee,settlement,first])',
    )
    .option('--merchant <id>', 'only this merchant')
    .addOption(
      new Option('--lang <language>', 'language of the sentences').choices(['zh', 'en']).default('en'),
    )
    .option('--json', 'print JSON', false)
    .action(
      run(async (opts: { ledger: string; merchant?: string; lang: 'zh' | 'en'; json: boolean }) => {
        const result = await explainLedgerFile(fees(), opts.ledger, opts.merchant);
        if (opts.json) {
          io.out(`${JSON.stringify(result)}\n`);
          return;
        }
        for (const m of result.merchants) {
          io.out(`${m.words[opts.lang]}\n`);
          for (const r of result.rows.filter((x) => x.merchant === m.merchant))
            io.out(`  ${r.words[opts.lang]}\n`);
          if (m.rowsWithFeeDifference > 0)
            io.out(
              `  fee difference: ${formatYuan(m.feeDifferenceFen)} yuan over ${m.rowsWithFeeDifference} row(s)\n`,
            );
        }
      }),
    );

  support
    .command('idle')
    .description('Units (or merchants) with no transaction in a calendar month, from a ledger')
    .requiredOption('--ledger <file>', 'the ledger CSV (time,merchant,channel,amount[,serial])')
    .requiredOption('--month <YYYY-MM>', 'the calendar month (Asia/Shanghai)')
    .option('--json', 'print JSON', false)
    .action(
      run(async (opts: { ledger: string; month: string; json: boolean }) => {
        const report = idleFromLedger(fees().book, await readFile(opts.ledger, 'utf8'), opts.month);
        if (opts.json) {
          io.out(`${JSON.stringify(report)}\n`);
          return;
        }
        io.out(
          `${report.month}: ${report.idle.length} idle of ${report.merchants} merchant(s) in the ledger\n`,
        );
        for (const e of report.idle)
          io.out(`  ${e.merchantId}  ${e.serial ?? '(whole merchant)'}  last ${e.lastTransactionAt}\n`);
      }),
    );
}
