import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { RefurbishOutcome } from '../contract/support-refurbish';
import { createAuditLog } from '../services/audit/audit-log';
import { systemClock } from '../services/audit/clock';
import { createDevicesService, type DevicesService } from '../services/devices/service';
import { createFeesService } from '../services/fees/service';
import { resourcesDir } from '../services/station/resources-dir';
import { stationIdOf } from '../services/station/station-id';
import { createRefurbishHandlers } from '../services/support/refurbish/handlers';
import { createSupportService } from '../services/support/service';
import { dataDirFileKey } from '../services/vault/data-dir-keys';
import { cliGateFor, GateRefusal } from './cli-gate';
import type { CliIo } from './cli-io';
import { parseBaud } from './options';
import { exitCodeFor, PROVISION_EXIT } from './provision';
import { demoTrust } from './demo-trust';
import type { OpenStore } from './store-handle';
import { awaitUnitOnPort, missingPortWords, portUnit, POWER_ON_BAUD } from './unit-on-port';
import { cliDevicesHub, cliOutbox } from './cli-hub-push';

/** Exit codes of `support refurbish` and `support scrap` (README): a refurbish stops as provisioning does. */
export const REFURBISH_EXIT = {
  done: 0,
  /** A case, serial, reason or port that cannot be used; nothing was written. */
  badInput: 1,
  notGenuine: PROVISION_EXIT.counterfeit,
  transport: PROVISION_EXIT.transport,
  verification: PROVISION_EXIT.verification,
  refused: PROVISION_EXIT.refused,
} as const;

const EXIT_HELP = `
Exit codes: ${REFURBISH_EXIT.done} back in stock, ${REFURBISH_EXIT.notGenuine} not genuine, ${REFURBISH_EXIT.transport} the unit did not answer or went away,
${REFURBISH_EXIT.verification} firmware or self-test failed, ${REFURBISH_EXIT.refused} refused otherwise (another unit, reset incomplete),
${REFURBISH_EXIT.badInput} bad input (port, case not decided as refurbish). The unit is in stock only with exit ${REFURBISH_EXIT.done}.`;

/** The station's services over the store, for one command: devices on `port` (if any), cases, the gate. */
function open(
  openStore: OpenStore,
  options: { port?: string; baud?: number; demo: boolean; demoRoot?: string },
) {
  const store = openStore();
  const { db, dataDir } = store;
  const audit = createAuditLog(db, systemClock);
  const outbox = cliOutbox(db, dataDir);
  const fees = createFeesService();
  const port = options.port;
  const devices: DevicesService = createDevicesService({
    db,
    audit,
    events: { emit: () => undefined },
    resourcesDir: resourcesDir(),
    ...demoTrust(options, dataDir),
    demoTerminals: false,
    clock: systemClock,
    stationId: stationIdOf(db),
    dataDir,
    fees,
    hub: cliDevicesHub(outbox),
    discover: async () => (port ? [portUnit(port, options.baud ?? POWER_ON_BAUD)] : []),
  });
  const support = createSupportService({
    db,
    audit,
    clock: systemClock,
    fees,
    registry: devices.registry,
    evidence: devices.evidenceStore,
    dataDir,
    keys: dataDirFileKey(dataDir),
    hub: outbox,
  });
  const handlers = createRefurbishHandlers({ db, cases: support.cases, devices, stationId: stationIdOf(db) });
  return {
    devices,
    handlers,
    async close() {
      await devices.close();
      store.close();
    },
  };
}

function printOutcome(io: CliIo, o: RefurbishOutcome, port: string): void {
  if (o.status === 'succeeded') {
    io.out(
      `${o.serial}: refurbished and back in stock; case ${o.caseId} restocked (evidence: run ${o.runId}).\n`,
    );
    return;
  }
  const f = o.failure!;
  io.err(
    `${o.serial ?? port}: ${o.status} at ${f.step} — ${f.code}\n  ${f.zh}\n  ${f.en}\n` +
      `  not in stock; case ${o.caseId} stays ${o.caseState} (evidence: run ${o.runId})\n`,
  );
}

/** `support refurbish --port P [--case ID]` and `support scrap SERIAL --reason R`, through the contract gate. */
export function registerRefurbishCommands(support: Command, openStore: OpenStore, io: CliIo): void {
  const bad = (name: string, message: string) => {
    io.err(`pos-station support ${name}: ${message}\n`);
    io.setExitCode(REFURBISH_EXIT.badInput);
  };

  support
    .command('refurbish')
    .description(
      'Refurbish a returned unit on a port back to stock: factory reset, current firmware, self-test, genuine check; the case moves to restocked',
    )
    .requiredOption('--port <path>', 'the serial port (or pseudo-terminal) the unit is on')
    .option('--case <id>', 'the case decided as refurbish (default: the one of the serial the unit reports)')
    .option(
      '--baud <n>',
      'the line speed the unit listens at after power-on',
      parseBaud('--baud'),
      POWER_ON_BAUD,
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
          case?: string;
          baud: number;
          demo: boolean;
          demoRoot?: string;
          timeout: string;
          json: boolean;
        },
        command: Command,
      ) => {
        if (!existsSync(opts.port)) return bad('refurbish', missingPortWords(opts.port));
        const station = open(openStore, opts);
        try {
          const gate = cliGateFor(command, station.handlers, io);
          await station.devices.start();
          const ready = (u: { state: string; serial: string | null }) =>
            u.state === 'idle' && u.serial !== null;
          const waited = { ...opts, exitCode: REFURBISH_EXIT.transport, ready };
          if (!(await awaitUnitOnPort(station.devices, waited, io))) return;
          let outcome: RefurbishOutcome;
          try {
            outcome = await gate.call('support.refurbish', {
              portId: opts.port,
              ...(opts.case !== undefined ? { caseId: opts.case } : {}),
            });
          } catch (error) {
            if (error instanceof GateRefusal) return bad('refurbish', error.message);
            throw error;
          }
          const exitCode = exitCodeFor(outcome);
          if (opts.json) io.out(`${JSON.stringify({ ...outcome, exitCode })}\n`);
          else printOutcome(io, outcome, opts.port);
          io.setExitCode(exitCode);
        } finally {
          await station.close();
        }
      },
    );

  support
    .command('scrap')
    .description(
      'Scrap a returned unit whose case was decided as scrap: its serial revoked in the registry (final), with the reason and an evidence sheet',
    )
    .argument('<serial>', 'the serial, or the box QR code')
    .requiredOption('--reason <text>', 'why the unit is scrapped (at least 4 characters)')
    .option('--json', 'print the outcome as JSON', false)
    .addHelpText(
      'after',
      `\nExit codes: ${REFURBISH_EXIT.done} scrapped, ${REFURBISH_EXIT.badInput} bad input or refused (no case decided as scrap, reason too short); nothing was written.`,
    )
    .action(async (serial: string, opts: { reason: string; json: boolean }, command: Command) => {
      const station = open(openStore, { demo: false });
      try {
        const gate = cliGateFor(command, station.handlers, io);
        try {
          const done = await gate.call('support.scrap', { serial, reason: opts.reason });
          if (opts.json) io.out(`${JSON.stringify(done)}\n`);
          else
            io.out(
              `${done.serial}: scrapped; registry ${done.registryStatus ?? 'not registered here'}; case ${done.caseId} scrapped (evidence: run ${done.runId}).\n`,
            );
        } catch (error) {
          if (error instanceof GateRefusal) return bad('scrap', error.message);
          throw error;
        }
      } finally {
        await station.close();
      }
    });
}
