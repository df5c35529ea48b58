import { Command, Option } from 'commander';
import type { Clock } from '../services/audit/clock';
import { EvidenceStore } from '../services/devices/evidence/evidence-store';
import { DeviceRegistry } from '../services/devices/registry/device-registry';
import { formatYuan } from '../services/fees/money';
import { createFeesService, type FeesService } from '../services/fees/service';
import { createAuditLog } from '../services/audit/audit-log';
import { systemClock } from '../services/audit/clock';
import { STATE_WORDS } from '../contract/domain/support/case-states';
import { isOverdue } from '../services/support/cases';
import { explainLedgerFile } from '../services/support/money-explain';
import { readFile } from 'node:fs/promises';
import { createSupportHandlers } from '../services/support/handlers';
import { createSupportService, type SupportService } from '../services/support/service';
import { settlementOf } from '../services/support/settlement-mode';
import { dataDirFileKey } from '../services/vault/data-dir-keys';
import { processIo, type CliIo } from './cli-io';
import type { OpenStore } from './store-handle';
import { isExpectedError } from './expected-error';
import { ContractError } from '../contract/errors';
import { cliGateFor } from './cli-gate';
import type { StoreHandle } from './store-handle';
import { registerAnnounceCommands } from './support-announce';
import { registerDiagnoseCommand } from './support-diagnose';
import { registerFreezeCommands } from './support-freeze';
import { registerFreezeListCommand } from './support-freezes';
import { registerRefurbishCommands } from './support-refurbish';
import { cliOutbox } from './cli-hub-push';

/** Exit codes: 0 done; 1 bad input (unreadable file, a bad ledger row, an unknown merchant). */
export const SUPPORT_EXIT = { badInput: 1 } as const;

export interface SupportCliDeps {
  readonly io?: CliIo;
  /** The fee engine; default: the shipped schedules. */
  readonly fees?: () => FeesService;
  /** Default: the system clock. */
  readonly clock?: Clock;
}

/** `pos-station support cases | explain | idle`: the after-sales desk from the command line. */
export function registerSupportCommands(
  program: Command,
  openStore: OpenStore,
  deps: SupportCliDeps = {},
): void {
  const io = deps.io ?? processIo;
  const fees = deps.fees ?? (() => createFeesService());
  const clock = deps.clock ?? systemClock;
  const openSupport = (store: StoreHandle): SupportService => {
    const { db, dataDir } = store;
    const audit = createAuditLog(db, clock);
    // At an enrolled station the case steps, restocks and scraps made here go to the hub's outbox.
    const outbox = cliOutbox(db, dataDir);
    return createSupportService({
      db,
      audit,
      clock,
      fees: fees(),
      registry: new DeviceRegistry(db),
      evidence: new EvidenceStore(db, audit, clock, outbox),
      dataDir,
      keys: dataDirFileKey(dataDir),
      hub: outbox,
    });
  };
  /** Runs the action on the store, closing it whatever happens. */
  const withSupport = async <T>(action: (service: SupportService) => Promise<T> | T): Promise<T> => {
    const store = openStore();
    try {
      return await action(openSupport(store));
    } finally {
      store.close();
    }
  };
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
  registerFreezeCommands(support, openStore, io);
  registerFreezeListCommand(support, openStore, io);
  registerRefurbishCommands(support, openStore, io);
  registerAnnounceCommands(support, openStore, io, { fees, clock });

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
          const service = openSupport(store);
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
        // Rows without a settlement cell settle in the merchant's current mode on this station.
        const result = await withSupport((service) =>
          explainLedgerFile(
            service.fees,
            opts.ledger,
            opts.merchant,
            (m) => settlementOf(service.db, m).mode,
          ),
        );
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
    .description(
      'Units with no transaction in a calendar month, from a ledger and the journals read at the counter',
    )
    .option('--ledger <file>', 'a merchant ledger CSV (time,merchant,channel,amount[,serial])')
    .requiredOption('--month <YYYY-MM>', 'the calendar month (Asia/Shanghai)')
    .option('--remind', 'queue one reminder per idle merchant (never twice for the same month)', false)
    .option('--json', 'print JSON', false)
    .action(
      run(
        async (
          opts: { ledger?: string; month: string; remind: boolean; json: boolean },
          command: Command,
        ) => {
          const csv = opts.ledger === undefined ? undefined : await readFile(opts.ledger, 'utf8');
          const input = { month: opts.month, ...(csv === undefined ? {} : { csv }) };
          await withSupport(async (service) => {
            const handlers = createSupportHandlers(service);
            const gate = cliGateFor(
              command,
              {
                'support.idle': handlers['support.idle'],
                'support.remindIdle': handlers['support.remindIdle'],
              },
              io,
            );
            const reminded = opts.remind ? await gate.call('support.remindIdle', input) : null;
            const list = reminded?.list ?? (await gate.call('support.idle', input));
            if (opts.json) {
              io.out(`${JSON.stringify(reminded ?? list)}\n`);
              return;
            }
            io.out(
              `${list.month}: ${list.idle.length} idle (ledger: ${list.merchants} merchant(s); journals read: ${list.journalsRead})\n`,
            );
            const reminderOf = new Map(list.reminders.map((r) => [r.merchantId, r]));
            for (const e of list.idle) {
              const r = e.merchantId === null ? undefined : reminderOf.get(e.merchantId);
              const state =
                r === undefined ? '' : r.sentAt !== null ? `  reminded ${r.sentAt}` : '  reminder queued';
              io.out(
                `  ${e.merchantId ?? '(no merchant)'}  ${e.serial ?? '(whole merchant)'}  last ${e.lastTransactionAt}  [${e.source}]${state}\n`,
              );
            }
            if (reminded !== null)
              io.out(
                `Reminders queued: ${reminded.queued.length}; already reminded for ${list.month}: ${reminded.alreadyReminded.length}\n`,
              );
          });
        },
      ),
    );

  support
    .command('settlement <merchant>')
    .description("Show a merchant's settlement mode, or switch it: --instant (秒到) or --t1, with --reason")
    .option('--instant', 'switch to instant settlement (秒到)')
    .option('--t1', 'switch back to T+1 (the default)')
    .option('--reason <text>', 'why; recorded in the audit log')
    .option('--json', 'print JSON', false)
    .action(
      run(
        async (
          merchant: string,
          opts: { instant?: boolean; t1?: boolean; reason?: string; json: boolean },
          command: Command,
        ) => {
          if (opts.instant === true && opts.t1 === true)
            throw new ContractError('invalid_input', 'Give --instant or --t1, not both.', 'mode');
          const mode = opts.instant === true ? 'instant' : opts.t1 === true ? 't1' : null;
          if (mode !== null && opts.reason === undefined)
            throw new ContractError('invalid_input', 'Switching needs --reason.', 'reason');
          await withSupport(async (service) => {
            const handlers = createSupportHandlers(service);
            const gate = cliGateFor(
              command,
              {
                'support.settlement': handlers['support.settlement'],
                'support.switchSettlement': handlers['support.switchSettlement'],
              },
              io,
            );
            const result =
              mode === null
                ? await gate.call('support.settlement', { merchantId: merchant })
                : await gate.call('support.switchSettlement', {
                    merchantId: merchant,
                    mode,
                    reason: opts.reason ?? '',
                  });
            if (opts.json) {
              io.out(`${JSON.stringify(result)}\n`);
              return;
            }
            io.out(
              `${result.merchantId}: ${result.mode === 'instant' ? 'instant (秒到)' : 'T+1'}` +
                (result.changedAt === null
                  ? ' (default)'
                  : `  since ${result.changedAt} by ${result.changedBy}: ${result.reason}`) +
                '\n',
            );
          });
        },
      ),
    );
}
