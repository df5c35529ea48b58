import { cliActor } from './cli-actor';
import { stationIdOf } from '../services/station/station-id';
import { existsSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { DeviceError } from '../../native/client/device-error';
import type { FlashProgress } from '../../native/client/flash-transfer';
import { DomainError } from '../contract/domain/errors';
import { createAuditLog } from '../services/audit/audit-log';
import { systemClock } from '../services/audit/clock';
import { FirmwareCatalog, FirmwareFileError } from '../services/devices/pipeline/firmware-catalog';
import type { PipelineOutcome } from '../services/devices/pipeline/pipeline';
import type { UnitProgressEvent } from '../services/devices/pool/board-unit';
import { ProgressMeter } from '../services/devices/pool/progress-meter';
import { createDevicesService } from '../services/devices/service';
import { resourcesDir } from '../services/station/resources-dir';
import { processIo, type CliIo } from './cli-io';
import {
  TEST_BOOT_ACTIONS,
  flashWithReconnect,
  openClient,
  parseSeconds,
  resolveTestBoot,
  type FlashLink,
  type TestBootAction,
} from './flash-command';
import { parseBaud } from './options';
import { demoTrust } from './demo-trust';
import type { OpenStore } from './store-handle';
import { awaitUnitOnPort, portUnit, POWER_ON_BAUD } from './unit-on-port';
import { cliDevicesHub, cliOutbox } from './cli-hub-push';

/** Exit codes of `pos-station provision` and `pos-station flash` (1 unexpected, 2 usage, as everywhere). */
export const PROVISION_EXIT = {
  /** The unit failed the genuine check (counterfeit, clone, unknown, frozen, revoked, test or sample unit). */
  counterfeit: 40,
  /** The unit did not answer, went away, or the line was too noisy to finish. */
  transport: 41,
  /** Firmware refused or did not verify (signature, model, downgrade, hash), or the self-test failed. */
  verification: 42,
  /** Refused for another reason: application not approved, already bound, frozen or tampered unit. */
  refused: 43,
  /** A file or argument is unusable (nothing was sent to the unit). */
  badInput: 44,
} as const;

const TRANSPORT_CODES = new Set([
  'TIMEOUT',
  'LINK_LOST',
  'RETRIES_EXHAUSTED',
  'PROTOCOL_VIOLATION',
  'BAD_STATE',
  'PORT_UNAVAILABLE',
]);
/** The port named does not exist: nothing was sent, the argument is unusable. */
const BAD_INPUT_CODES = new Set(['PORT_NOT_FOUND']);
const VERIFICATION_CODES =
  /^(image_|IMAGE_|BLOCK_TOO_LARGE|FLASH_WRITE_FAILED|selftest_failed|boot_failed|NOT_IN_TEST_BOOT|TEST_BOOT_PENDING)/;

export function exitCodeFor(outcome: Pick<PipelineOutcome, 'status' | 'failure'>): number {
  if (outcome.status === 'succeeded' || !outcome.failure) return 0;
  const { step, code } = outcome.failure;
  if (step === 'genuine') return PROVISION_EXIT.counterfeit;
  if (TRANSPORT_CODES.has(code)) return PROVISION_EXIT.transport;
  if (VERIFICATION_CODES.test(code)) return PROVISION_EXIT.verification;
  return PROVISION_EXIT.refused;
}

const EXIT_HELP = `
Exit codes: 0 ok, ${PROVISION_EXIT.counterfeit} not genuine (counterfeit, clone, unknown, frozen, revoked, test or sample unit),
${PROVISION_EXIT.transport} transport failure, ${PROVISION_EXIT.verification} verification failure (firmware or self-test),
${PROVISION_EXIT.refused} refused otherwise (binding), ${PROVISION_EXIT.badInput} unusable input.`;

/** A progress bar on a terminal, nothing when piped or with --json. */
function progressBar(enabled: boolean) {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    {
      format: '{phase} [{bar}] {percentage}% | {speed} KiB/s | ETA {eta}s | retries {retries}',
      hideCursor: true,
      stream: process.stderr,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(p: {
      phase: string;
      done: number;
      total: number;
      speed: number;
      eta: number | null;
      retries: number;
    }) {
      const payload = {
        phase: p.phase.padEnd(8),
        speed: (p.speed / 1024).toFixed(1),
        eta: p.eta ?? '?',
        retries: p.retries,
      };
      if (!started) {
        bar.start(Math.max(1, p.total), p.done, payload);
        started = true;
      } else {
        bar.setTotal(Math.max(1, p.total));
        bar.update(p.done, payload);
      }
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

interface LinkSpeedOptions {
  baud: number;
  linkBaud: number;
}

/** --baud and --link-baud, on both commands. */
function withLinkSpeed(command: Command): Command {
  return command
    .option(
      '--baud <n>',
      'the line speed the unit listens at after power-on (and after every restart)',
      parseBaud('--baud'),
      POWER_ON_BAUD,
    )
    .option(
      '--link-baud <n>',
      'the line speed to propose in HELLO for the rest of the session; a unit that does not support it keeps its speed (0 = keep)',
      parseBaud('--link-baud', { keep: true }),
      0,
    );
}

const clientOptionsOf = (opts: LinkSpeedOptions) => ({ defaultBaud: opts.baud, proposeBaud: opts.linkBaud });

export function registerProvisionCommands(
  program: Command,
  openStore: OpenStore,
  io: CliIo = processIo,
): void {
  withLinkSpeed(
    program
      .command('provision')
      .description(
        'Prove a terminal genuine, flash it, bind it to an approved application, self-test it and record the shipment',
      )
      .requiredOption('--port <path>', 'the serial port (or pseudo-terminal) the terminal is on'),
  )
    .option(
      '--firmware <file>',
      'signed image to flash (default: the newest for the model under resources/firmware)',
    )
    .option('--skip-flash', 'keep the firmware the unit runs', false)
    .option('--application <id>', 'approved application to bind the unit to (default: not bound)')
    .option('--scanned-serial <code>', 'what the barcode scanner read from the box QR code')
    .option(
      '--questionnaire-answered',
      'the merchant answered the risk questionnaire (else single transactions are capped at 5,000 yuan)',
      false,
    )
    .addOption(
      new Option('--account-class <class>', 'settlement account class').choices(['I', 'II']).default('I'),
    )
    .option('--demo', 'demo mode: also trust the test manufacturer CA under <data-dir>/demo', false)
    .option('--demo-root <file>', 'demo mode: the test CA root to trust (e.g. from `pos-station simulate`)')
    .option('--timeout <seconds>', 'how long to wait for the unit to answer at the start', '15')
    .option('--json', 'print the outcome as JSON', false)
    .addHelpText('after', EXIT_HELP)
    .action(
      async (
        opts: {
          port: string;
          firmware?: string;
          skipFlash: boolean;
          application?: string;
          scannedSerial?: string;
          questionnaireAnswered: boolean;
          accountClass: 'I' | 'II';
          demo: boolean;
          demoRoot?: string;
          timeout: string;
          json: boolean;
        } & LinkSpeedOptions,
      ) => {
        if (!existsSync(opts.port)) {
          const missing = new DeviceError('PORT_NOT_FOUND', opts.port);
          io.err(`${opts.port}: ${missing.code}\n  ${missing.zh}\n  ${missing.en}\n`);
          io.setExitCode(PROVISION_EXIT.badInput);
          return;
        }
        const store = openStore();
        const bar = progressBar(!opts.json && process.stderr.isTTY === true);
        const service = createDevicesService({
          db: store.db,
          audit: createAuditLog(store.db, systemClock),
          events: {
            emit: (name, payload) => {
              if (name !== 'devices.progress') return;
              const p = payload as UnitProgressEvent;
              bar.update({
                phase: p.phase ?? '',
                done: p.bytesDone,
                total: p.bytesTotal,
                speed: p.bytesPerSec,
                eta: p.etaSeconds,
                retries: p.retries,
              });
            },
          },
          resourcesDir: resourcesDir(),
          ...demoTrust(opts, store.dataDir),
          demoTerminals: false,
          clock: systemClock,
          stationId: stationIdOf(store.db),
          dataDir: store.dataDir,
          hub: cliDevicesHub(cliOutbox(store.db, store.dataDir)),
          discover: async () => [portUnit(opts.port, opts.baud)],
          clientOptions: clientOptionsOf(opts),
        });
        try {
          await service.start();
          const ready = (u: { state: string }) => u.state === 'idle';
          if (!(await awaitUnitOnPort(service, { ...opts, exitCode: PROVISION_EXIT.transport, ready }, io)))
            return;
          let outcomes: Promise<PipelineOutcome | undefined>[];
          try {
            ({ outcomes } = await service.provision(
              {
                portId: opts.port,
                ...(opts.firmware ? { firmware: opts.firmware } : {}),
                skipFlash: opts.skipFlash,
                ...(opts.application ? { applicationId: opts.application } : {}),
                ...(opts.scannedSerial ? { scannedSerial: opts.scannedSerial } : {}),
                questionnaireAnswered: opts.questionnaireAnswered,
                accountClass: opts.accountClass,
              },
              cliActor(),
            ));
          } catch (error) {
            io.err(`${error instanceof Error ? error.message : String(error)}\n`);
            // An image that does not verify is a verification failure; a unit or application the
            // station refuses (shipped, bound, quarantined, application taken) is a refusal; anything
            // else is unusable input.
            const imageRefused = error instanceof DomainError && error.reason?.startsWith('image.') === true;
            const refused = error instanceof DomainError && error.refusal === 'wrong_state';
            io.setExitCode(
              imageRefused
                ? PROVISION_EXIT.verification
                : refused
                  ? PROVISION_EXIT.refused
                  : PROVISION_EXIT.badInput,
            );
            return;
          }
          const outcome = await outcomes[0];
          bar.stop();
          if (!outcome) {
            io.err('The run stopped on a station error; see the log.\n');
            io.setExitCode(1);
            return;
          }
          if (opts.json) {
            io.out(`${JSON.stringify({ ...outcome, exitCode: exitCodeFor(outcome) })}\n`);
          } else if (outcome.status === 'succeeded') {
            io.out(
              `${outcome.serial}: genuine, provisioned and recorded (run ${outcome.runId}, shipment ${outcome.shipment?.id}).\n`,
            );
          } else {
            const f = outcome.failure!;
            io.err(
              `${outcome.serial ?? opts.port}: ${outcome.status} at ${f.step} — ${f.code}\n  ${f.zh}\n  ${f.en}\n  evidence: run ${outcome.runId}\n`,
            );
          }
          io.setExitCode(exitCodeFor(outcome));
        } finally {
          bar.stop();
          await service.close();
          store.close();
        }
      },
    );

  withLinkSpeed(
    program
      .command('flash')
      .description(
        'Flash a signed image onto a terminal (checked here first), test-boot it, self-test, then confirm or roll back',
      )
      .requiredOption('--port <path>', 'the serial port (or pseudo-terminal) the terminal is on'),
  )
    .requiredOption('--image <file>', 'the signed firmware image')
    .addOption(
      new Option(
        '--test-boot <action>',
        'a unit found trying out other firmware from an interrupted flash: confirm it (after a self-test) or roll it back, then flash',
      ).choices([...TEST_BOOT_ACTIONS]),
    )
    .option(
      '--reconnect-wait <seconds>',
      'how long to wait for a unit that drops off mid-flash to come back (0 = do not wait)',
      parseSeconds('--reconnect-wait'),
      60,
    )
    .option('--json', 'print the result as JSON', false)
    .addHelpText('after', EXIT_HELP)
    .action(
      async (
        opts: {
          port: string;
          image: string;
          json: boolean;
          testBoot?: TestBootAction;
          reconnectWait: number;
        } & LinkSpeedOptions,
      ) => {
        const catalog = new FirmwareCatalog(resourcesDir());
        let loaded;
        try {
          loaded = catalog.load(opts.image);
        } catch (error) {
          if (!(error instanceof FirmwareFileError)) throw error;
          io.err(`${error.message}\n`);
          io.setExitCode(PROVISION_EXIT.badInput);
          return;
        }
        const bar = progressBar(!opts.json && process.stderr.isTTY === true);
        const fail = (code: number, result: Record<string, unknown>, line: string) => {
          bar.stop();
          if (opts.json) io.out(`${JSON.stringify({ ok: false, exitCode: code, ...result })}\n`);
          else io.err(`${line}\n`);
          io.setExitCode(code);
        };
        const reopen = () => openClient(opts.port, opts.baud, clientOptionsOf(opts));
        let link: FlashLink | undefined;
        try {
          link = { client: await reopen() };
          const unit = await link.client.identity();
          const verdict = catalog.verify(loaded.image, {
            model: unit.model,
            securityCounter: unit.securityCounter,
          });
          if (!verdict.ok) {
            fail(
              PROVISION_EXIT.verification,
              { code: `image_${verdict.code}`, message: verdict.message },
              `${opts.image}: ${verdict.message}\n  ${verdict.message_zh}`,
            );
            return;
          }
          if (unit.bootState === 'test_boot') {
            const settled = await resolveTestBoot(link, io, {
              serial: unit.serial,
              firmwareVersion: unit.firmwareVersion,
              imageSha256: loaded.info.imageSha256,
              action: opts.testBoot,
            });
            if (settled.kind === 'explain') {
              fail(
                PROVISION_EXIT.verification,
                {
                  code: 'TEST_BOOT_PENDING',
                  firmwareVersion: unit.firmwareVersion,
                  message: settled.message,
                  message_zh: settled.message_zh,
                },
                `${opts.port}: TEST_BOOT_PENDING\n  ${settled.message_zh}\n  ${settled.message}`,
              );
              return;
            }
            if (settled.kind === 'selftest-failed') {
              fail(
                PROVISION_EXIT.verification,
                { code: 'selftest_failed', failed: settled.failed, rolledBack: true },
                `${unit.serial}: self-test failed (${settled.failed.join(', ')}); the firmware on trial was rolled back.`,
              );
              return;
            }
            if (settled.kind === 'confirmed-same') {
              bar.stop();
              const summary = {
                ok: true,
                serial: unit.serial,
                version: loaded.info.version,
                imageSha256: loaded.info.imageSha256,
                resumedTestBoot: true,
              };
              if (opts.json) io.out(`${JSON.stringify(summary)}\n`);
              else
                io.out(
                  `${unit.serial}: ${loaded.info.version} was on trial from an interrupted flash; self-test passed, confirmed.\n`,
                );
              return;
            }
          }
          // The board's meter: speed over the last seconds, so a stall or a resume shows at once.
          const meter = new ProgressMeter();
          const result = await flashWithReconnect(link, io, {
            port: opts.port,
            image: loaded.image,
            reconnectWaitMs: opts.reconnectWait * 1000,
            reopen,
            onProgress: (p: FlashProgress) => {
              const figures = meter.sample(performance.now(), p.bytesWritten, p.bytesToWrite);
              bar.update({
                phase: p.phase,
                done: p.bytesWritten,
                total: p.bytesToWrite,
                speed: figures.bytesPerSec,
                eta: figures.etaSeconds,
                retries: p.retries,
              });
            },
          });
          const client = link.client;
          await client.reboot();
          const report = await client.selfTest();
          const failed = report.results.filter((r) => r.result === 'fail').map((r) => r.component);
          if (failed.length > 0) {
            fail(
              PROVISION_EXIT.verification,
              { code: 'selftest_failed', failed, rolledBack: report.rolledBack },
              `${unit.serial}: self-test failed (${failed.join(', ')}); the new image was rolled back.`,
            );
            return;
          }
          await client.confirm();
          bar.stop();
          const summary = {
            ok: true,
            serial: unit.serial,
            version: loaded.info.version,
            imageSha256: loaded.info.imageSha256,
            slot: result.slot,
            blocksTotal: result.blocksTotal,
            blocksHeld: result.blocksHeld,
            blocksSent: result.blocksSent.length,
            bytesOnWire: result.bytesOnWire,
            retries: result.retries,
            elapsedMs: Math.round(result.elapsedMs),
            linkBaud: client.session?.linkBaud ?? null,
          };
          if (opts.json) io.out(`${JSON.stringify(summary)}\n`);
          else
            io.out(
              `${unit.serial}: ${loaded.info.version} confirmed in slot ${result.slot} (${result.blocksSent.length} of ${result.blocksTotal} blocks sent, ${result.blocksHeld} already held, ${(result.elapsedMs / 1000).toFixed(1)} s${summary.linkBaud ? ` at ${summary.linkBaud} baud` : ''}).\n`,
            );
        } catch (error) {
          if (!(error instanceof DeviceError)) throw error;
          const code = BAD_INPUT_CODES.has(error.code)
            ? PROVISION_EXIT.badInput
            : TRANSPORT_CODES.has(error.code)
              ? PROVISION_EXIT.transport
              : VERIFICATION_CODES.test(error.code)
                ? PROVISION_EXIT.verification
                : PROVISION_EXIT.refused;
          fail(
            code,
            { code: error.code, message: error.en, detail: error.detail },
            `${opts.port}: ${error.code}\n  ${error.zh}\n  ${error.en}${error.detail ? `\n  (${error.detail})` : ''}`,
          );
        } finally {
          bar.stop();
          await link?.client.close().catch(() => undefined);
        }
      },
    );
}
