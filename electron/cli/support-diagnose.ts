import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Option, type Command } from 'commander';
import { DeviceError } from '../../native/client/device-error';
import { createAuditLog } from '../services/audit/audit-log';
import { systemClock } from '../services/audit/clock';
import { EvidenceStore } from '../services/devices/evidence/evidence-store';
import { loadPinnedRoots } from '../services/devices/genuine/pinned-roots';
import { DeviceRegistry } from '../services/devices/registry/device-registry';
import { createCases } from '../services/support/cases';
import { createDiagnosisStore } from '../services/support/diagnosis/diagnosis-store';
import { diagnose } from '../services/support/diagnosis/diagnose';
import { CAUSE_WORDS } from '../services/support/diagnosis/findings';
import { diagnosisPdf } from '../services/support/diagnosis/report-pdf';
import { findCjkFont, NoCjkFontError } from '../services/support/diagnosis/report-font';
import { lastShippedApplication } from '../services/support/unit-life';
import { createFeesService } from '../services/fees/service';
import { resourcesDir } from '../services/station/resources-dir';
import { stationIdOf } from '../services/station/station-id';
import { createKycSecrets } from '../services/kyc/store/secrets';
import { dataDirFileKey } from '../services/vault/data-dir-keys';
import type { DiagnosisReport } from '../contract/support-diagnosis';
import { cliActor } from './cli-actor';
import type { CliIo } from './cli-io';
import { openClient } from './flash-command';
import { parseBaud } from './options';
import { demoTrust } from './demo-trust';
import type { OpenStore } from './store-handle';
import { missingPortWords, POWER_ON_BAUD } from './unit-on-port';

/** Exit codes of `support diagnose` (docs/support.md): the verdict is in the output either way. */
export const DIAGNOSE_EXIT = {
  noFault: 0,
  badInput: 1,
  /** The unit did not answer or went away (as provision/flash). */
  transport: 41,
  /** Diagnosed, and a fault was found. */
  faultFound: 50,
} as const;

const TRANSPORT = new Set([
  'TIMEOUT',
  'LINK_LOST',
  'RETRIES_EXHAUSTED',
  'PROTOCOL_VIOLATION',
  'PORT_UNAVAILABLE',
  'BAD_STATE',
]);

/** Writes the file whole or not at all. */
function writeAtomically(file: string, bytes: Buffer): void {
  const temp = join(dirname(file), `.${Date.now()}-${process.pid}.pdf.tmp`);
  writeFileSync(temp, bytes);
  renameSync(temp, file);
}

function printReport(io: CliIo, r: DiagnosisReport, lang: 'zh' | 'en'): void {
  io.out(
    `${r.identity.serial}  ${r.identity.model}  firmware ${r.identity.firmwareVersion}  (${r.port}, ${(r.durationMs / 1000).toFixed(1)} s)\n`,
  );
  io.out(`${r.verdict.words[lang]}\n`);
  io.out(`  cause: ${CAUSE_WORDS[r.verdict.cause][lang]}\n`);
  for (const f of r.verdict.findings) {
    io.out(`  [${f.severity}] ${f.code}: ${f.words[lang]}\n`);
    for (const e of f.evidence) io.out(`      - ${e[lang]}\n`);
  }
  io.out(
    `  logs ${r.logs.read} read (${r.logs.errors} errors, ${r.logs.warnings} warnings); journal ${r.journal.total} (${r.journal.approved} approved); ` +
      `battery ${r.facts.batteryHealthPercent}% health, ${r.facts.batteryCycles} cycles; signal ${r.facts.signalDbm ?? '—'} dBm\n`,
  );
}

/** `pos-station support diagnose --port P [--case ID] [--report FILE.pdf] [--json]`. */
export function registerDiagnoseCommand(support: Command, openStore: OpenStore, io: CliIo): void {
  support
    .command('diagnose')
    .description(
      'Diagnose a returned unit on a port: identity, genuine check, firmware, flags, counters, every log page, self-test, binding, journal, battery/SIM/signal; verdict with evidence, kept with its case',
    )
    .requiredOption('--port <path>', 'the serial port (or pseudo-terminal) the unit is on')
    .option(
      '--case <id>',
      "the unit's after-sales case (default: the open case of the serial the unit reports)",
    )
    .option('--report <file.pdf>', 'also write the report as PDF')
    .addOption(
      new Option('--lang <language>', 'language of the output and the PDF')
        .choices(['zh', 'en'])
        .default('zh'),
    )
    .option(
      '--baud <n>',
      'the line speed the unit listens at after power-on',
      parseBaud('--baud'),
      POWER_ON_BAUD,
    )
    .option(
      '--link-baud <n>',
      'the faster line speed to propose in HELLO (0 = keep)',
      parseBaud('--link-baud', { keep: true }),
      0,
    )
    .option('--demo', 'demo mode: also trust the test manufacturer CA under <data-dir>/demo', false)
    .option('--demo-root <file>', 'demo mode: the test CA root to trust (e.g. from `pos-station simulate`)')
    .option('--json', 'print the report as JSON', false)
    .addHelpText(
      'after',
      `\nExit codes: ${DIAGNOSE_EXIT.noFault} no fault found, ${DIAGNOSE_EXIT.faultFound} fault found, ${DIAGNOSE_EXIT.transport} the unit did not answer, ${DIAGNOSE_EXIT.badInput} bad input (port, case, report file, font).`,
    )
    .action(
      async (opts: {
        port: string;
        case?: string;
        report?: string;
        lang: 'zh' | 'en';
        baud: number;
        linkBaud: number;
        demo: boolean;
        demoRoot?: string;
        json: boolean;
      }) => {
        const bad = (message: string) => {
          io.err(`pos-station support diagnose: ${message}\n`);
          io.setExitCode(DIAGNOSE_EXIT.badInput);
        };
        if (!existsSync(opts.port)) return bad(missingPortWords(opts.port));
        if (opts.report !== undefined) {
          if (!opts.report.endsWith('.pdf')) return bad(`--report: ${opts.report} must end in .pdf`);
          if (!existsSync(dirname(opts.report) || '.'))
            return bad(`--report: the folder ${dirname(opts.report)} does not exist`);
          try {
            findCjkFont();
          } catch (error) {
            if (error instanceof NoCjkFontError) return bad(`--report: ${error.message}`);
            throw error;
          }
        }
        const store = openStore();
        const clock = systemClock;
        try {
          const { db, dataDir } = store;
          const audit = createAuditLog(db, clock);
          const registry = new DeviceRegistry(db);
          const evidence = new EvidenceStore(db, audit, clock);
          const fees = createFeesService();
          const secrets = createKycSecrets(dataDirFileKey(dataDir));
          const cases = createCases({
            db,
            audit,
            clock,
            calendar: fees.calendar,
            schedules: fees.book,
            phoneHash: (phone) => secrets.hmac('support.phone', phone),
            registry,
            shippedApplication: (serial) => lastShippedApplication(evidence, serial),
          });
          const named = opts.case !== undefined ? cases.get(opts.case) : undefined;
          const roots = loadPinnedRoots({
            resourcesDir: resourcesDir(),
            ...demoTrust(opts, dataDir),
          });
          const client = await openClient(opts.port, opts.baud, {
            defaultBaud: opts.baud,
            proposeBaud: opts.linkBaud,
          });
          let report: DiagnosisReport;
          try {
            const serialFirst = named ? null : (await client.identity()).serial;
            const forCase =
              named ??
              (serialFirst ? cases.search({ query: serialFirst, scope: 'open', limit: 1 })[0] : undefined);
            report = await diagnose(
              {
                store: createDiagnosisStore(db, audit),
                registry,
                pinnedRoots: () => roots,
                stationId: stationIdOf(db),
                clock,
                shippedApplication: (serial) => lastShippedApplication(evidence, serial),
              },
              {
                unit: client,
                port: opts.port,
                operator: cliActor(),
                forCase: forCase
                  ? { id: forCase.id, serial: forCase.serial, symptom: forCase.symptom }
                  : null,
              },
            );
          } finally {
            await client.close().catch(() => undefined);
          }
          let reportFile: string | null = null;
          if (opts.report !== undefined) {
            const { sha256 } = createDiagnosisStore(db, audit).get(report.id)!;
            writeAtomically(opts.report, await diagnosisPdf(report, opts.lang, sha256));
            reportFile = opts.report;
          }
          const exitCode = report.verdict.faultFound ? DIAGNOSE_EXIT.faultFound : DIAGNOSE_EXIT.noFault;
          if (opts.json) io.out(`${JSON.stringify({ ...report, reportFile, exitCode })}\n`);
          else {
            printReport(io, report, opts.lang);
            if (reportFile) io.out(`  report: ${reportFile}\n`);
          }
          io.setExitCode(exitCode);
        } catch (error) {
          if (error instanceof DeviceError) {
            io.err(`${opts.port}: ${error.code}\n  ${error.zh}\n  ${error.en}\n`);
            io.setExitCode(TRANSPORT.has(error.code) ? DIAGNOSE_EXIT.transport : DIAGNOSE_EXIT.badInput);
            return;
          }
          if (
            error instanceof Error &&
            'code' in error &&
            (error as { reason?: string }).reason?.startsWith('support.')
          ) {
            return bad(error.message);
          }
          throw error;
        } finally {
          store.close();
        }
      },
    );
}
