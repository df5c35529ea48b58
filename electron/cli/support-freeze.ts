import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { DeviceError } from '../../native/client/device-error';
import type { TerminalClient } from '../../native/client/terminal-client';
import { DomainError } from '../contract/domain/errors';
import { createAuditLog } from '../services/audit/audit-log';
import { systemClock } from '../services/audit/clock';
import { syncUnitFreeze } from '../services/devices/freeze-sync';
import { createRegistryHandlers } from '../services/devices/handlers';
import { DeviceRegistry } from '../services/devices/registry/device-registry';
import { createFreezes, type Freezes } from '../services/devices/registry/freezes';
import { registryAuditRecorder } from '../services/devices/registry/registry-audit';
import { createRegistryCalls, type FreezeOnUnit } from '../services/devices/registry/registry-calls';
import {
  loadRegistrySigningKey,
  registrySigningKeyPaths,
} from '../services/devices/registry/registry-signing-key';
import type { Db } from '../store/database';
import { cliOperator } from './cli-actor';
import { createCliGate, GateRefusal } from './cli-gate';
import {
  hubOf,
  hubOperator,
  OPERATOR_HELP,
  OPERATOR_MISSING_EXIT,
  reportHub,
  type CliHubLink,
  type HubAnswerOfChange,
} from './cli-hub-push';
import type { CliIo } from './cli-io';
import { openClient } from './flash-command';
import { parseBaud } from './options';
import type { OpenStore } from './store-handle';
import { POWER_ON_BAUD } from './unit-on-port';

/** Exit codes of `support freeze|unfreeze` (README: devices 20–23, transport 41 as provision/flash). */
export const FREEZE_EXIT = {
  badInput: 1,
  /** At a station enrolled with a hub, `--operator` is missing (a usage error). */
  operatorMissing: OPERATOR_MISSING_EXIT,
  /** The registry or the service refused the change (role, second person, not frozen, unknown serial). */
  refused: 23,
  /** The hub refused the change (the operator's role there, the same person, this station revoked). */
  hubRefused: 24,
  /** The unit on the port did not answer, or refused the token. */
  unit: 41,
} as const;

interface FreezeResult {
  readonly serial: string;
  readonly status: string;
  /** Whether the unit itself now carries the change (false: it takes it at its next connect). */
  readonly onUnit: boolean;
  readonly frozenBy: string | null;
  readonly unfrozenBy: string | null;
  /** At an enrolled station: the hub's answer (null: standalone). */
  readonly hub: HubAnswerOfChange | null;
}

/**
 * The registry's calls through the gate as the CLI operator, with the unit on `client` (if any) for
 * the on-unit part. At an enrolled station the change is written to the station outbox with the
 * freeze and pushed before the unit is touched: a lift the hub refuses never reaches the unit.
 */
function freezeGate(
  db: Db,
  dataDir: string,
  command: Command,
  io: CliIo,
  hub: { link: CliHubLink; operator: string } | null,
  client?: TerminalClient,
) {
  const audit = createAuditLog(db, systemClock);
  const registry = new DeviceRegistry(db, { record: registryAuditRecorder(audit) });
  const freezes = createFreezes({
    db,
    audit,
    clock: systemClock,
    registry,
    signingKey: () => loadRegistrySigningKey(registrySigningKeyPaths(dataDir).key),
    ...(hub ? { hub: hub.link.hook(db) } : {}),
  });
  // The unit's refusal (a token it does not accept) is the command's to report, after the registry change.
  const unit: { error?: DeviceError; hub: HubAnswerOfChange | null } = { hub: null };
  const onUnit: FreezeOnUnit = async (serial, unitFrozen, actor) => {
    if (hub) {
      unit.hub = await hub.link.push(db);
      if (unit.hub?.outcome === 'refused') return false;
    }
    if (!client) return false;
    try {
      return await syncUnitFreeze(freezes, client, { serial, frozen: unitFrozen }, actor);
    } catch (error) {
      if (!(error instanceof DeviceError)) throw error;
      unit.error = error;
      return false;
    }
  };
  const cli = cliOperator(command);
  return {
    registry,
    freezes,
    unit,
    gate: createCliGate(
      createRegistryHandlers(createRegistryCalls(registry, freezes, onUnit)),
      hub ? hubOperator(db, hub.operator, cli) : cli,
      io,
    ),
  };
}

function resultOf(
  freezes: Freezes,
  serial: string,
  status: string,
  onUnit: boolean,
  hub: HubAnswerOfChange | null,
): FreezeResult {
  const last = freezes.latest(serial);
  return {
    serial,
    status,
    onUnit,
    frozenBy: last?.frozenByName ?? null,
    unfrozenBy: last?.unfrozenByName ?? null,
    hub,
  };
}

/**
 * `support freeze SERIAL --reason R` and `support unfreeze SERIAL --port P --reason R`: the same
 * `devices.freeze` / `devices.unfreeze` calls as the support desk's window, through the CLI gate.
 * Unfreezing lifts the registry's freeze (a second person: `--as support_lead|admin`, not the one
 * who froze it) and then the unit's own flag, with a token for the nonce the unit on the port
 * hands out, signed by this station's registry key.
 */
export function registerFreezeCommands(support: Command, openStore: OpenStore, io: CliIo): void {
  const fail = (code: number, message: string) => {
    io.err(`${message}\n`);
    io.setExitCode(code);
  };
  const refusal = (error: unknown): boolean => {
    if (!(error instanceof GateRefusal || error instanceof DomainError)) return false;
    const badInput =
      error instanceof GateRefusal ? error.error.code === 'invalid_input' : error.refusal === 'bad_value';
    fail(badInput ? FREEZE_EXIT.badInput : FREEZE_EXIT.refused, `pos-station support: ${error.message}`);
    return true;
  };
  const print = (result: FreezeResult, json: boolean, words: string) =>
    io.out(json ? `${JSON.stringify(result)}\n` : `${result.serial}: ${result.status} — ${words}\n`);

  support
    .command('freeze <serial>')
    .description(
      'Freeze a lost or stolen unit: the registry marks it at once, provisioning and binding refuse it, the unit takes FREEZE when it next reaches a station',
    )
    .requiredOption('--reason <text>', 'why (at least 4 characters); kept with the freeze and audited')
    .option('--operator <name>', OPERATOR_HELP)
    .option('--json', 'print JSON', false)
    .addHelpText(
      'after',
      `\nExit codes: 0 frozen (at an enrolled station: accepted at the hub, or queued for it); ${FREEZE_EXIT.badInput} bad input; ${FREEZE_EXIT.operatorMissing} --operator missing at an enrolled station; ${FREEZE_EXIT.refused} refused here; ${FREEZE_EXIT.hubRefused} refused by the hub.`,
    )
    .action(
      async (
        serial: string,
        opts: { reason: string; operator?: string; json: boolean },
        command: Command,
      ) => {
        const store = openStore();
        try {
          const hub = hubOf(store.dataDir, opts.operator, io, 'support freeze');
          if (hub === undefined) return;
          const { gate, freezes, unit } = freezeGate(store.db, store.dataDir, command, io, hub);
          const wanted = serial.trim().toUpperCase();
          const out = await gate.call('devices.freeze', { serial: wanted, reason: opts.reason });
          print(
            resultOf(freezes, out.entry.serial, out.entry.status, out.unitFrozen, unit.hub),
            opts.json,
            'the unit is frozen on its next connect; keep it for custody if it is handed in',
          );
          reportHub(io, unit.hub, 'support', FREEZE_EXIT.hubRefused);
        } catch (error) {
          if (!refusal(error)) throw error;
        } finally {
          store.close();
        }
      },
    );

  support
    .command('unfreeze <serial>')
    .description(
      'Lift a freeze (a second person: --as support_lead or admin, never the one who froze it) and unfreeze the unit on the port with a registry-signed token',
    )
    .requiredOption('--port <path>', 'the serial port (or pseudo-terminal) the unit is on')
    .requiredOption('--reason <text>', 'why it may be used again (at least 4 characters)')
    .option(
      '--baud <n>',
      'the line speed the unit listens at after power-on',
      parseBaud('--baud'),
      POWER_ON_BAUD,
    )
    .option('--operator <name>', OPERATOR_HELP)
    .option('--json', 'print JSON', false)
    .addHelpText(
      'after',
      `\nExit codes: 0 unfrozen in the registry and on the unit; ${FREEZE_EXIT.badInput} bad input (port, reason, the unit on the port is another serial); ${FREEZE_EXIT.operatorMissing} --operator missing at an enrolled station; ${FREEZE_EXIT.refused} refused (role, the same person, not frozen, no registry key); ${FREEZE_EXIT.hubRefused} refused by the hub (the unit is not touched); ${FREEZE_EXIT.unit} the unit did not answer or refused the token.`,
    )
    .action(
      async (
        serial: string,
        opts: { port: string; reason: string; baud: number; operator?: string; json: boolean },
        command: Command,
      ) => {
        const wanted = serial.trim().toUpperCase();
        if (!existsSync(opts.port))
          return fail(
            FREEZE_EXIT.badInput,
            `pos-station support unfreeze: --port: ${opts.port} does not exist`,
          );
        const store = openStore();
        let client: TerminalClient | undefined;
        try {
          const hub = hubOf(store.dataDir, opts.operator, io, 'support unfreeze');
          if (hub === undefined) return;
          if (loadRegistrySigningKey(registrySigningKeyPaths(store.dataDir).key) === null)
            // Checked before anything changes: without the key the unit could not take the token.
            return fail(
              FREEZE_EXIT.refused,
              `pos-station support unfreeze: this station does not hold the registry signing key (${registrySigningKeyPaths(store.dataDir).key}); unfreeze where it does`,
            );
          client = await openClient(opts.port, opts.baud, { defaultBaud: opts.baud });
          const seen = await client.identity();
          if (seen.serial !== wanted)
            return fail(
              FREEZE_EXIT.badInput,
              `pos-station support unfreeze: --port: the unit on ${opts.port} is ${seen.serial}, not ${wanted}`,
            );
          const { gate, freezes, registry, unit } = freezeGate(
            store.db,
            store.dataDir,
            command,
            io,
            hub,
            client,
          );
          const lifted = freezes.latest(wanted);
          let onUnit: boolean;
          if (registry.lookup(wanted)?.status === 'genuine' && lifted?.unfrozenAt && seen.frozen) {
            // Lifted in the registry by an earlier run whose unit did not take the token: finish on the
            // unit — unless the hub refused that lift, which then never reaches the unit.
            const refused = hub ? hub.link.refusedLift(lifted) : null;
            if (refused) return reportHub(io, refused, 'support', FREEZE_EXIT.hubRefused);
            onUnit = (await syncUnitFreeze(freezes, client, seen, gate.operator.username)) === 'unfroze';
          } else {
            onUnit = (await gate.call('devices.unfreeze', { serial: wanted, reason: opts.reason }))
              .unitUnfrozen;
            if (unit.error) throw unit.error;
          }
          const after = await client.identity();
          const result = resultOf(
            freezes,
            wanted,
            registry.lookup(wanted)?.status ?? 'unknown',
            onUnit,
            unit.hub,
          );
          print(
            result,
            opts.json,
            after.frozen ? 'the unit still reports itself frozen' : 'the unit is unfrozen',
          );
          reportHub(io, unit.hub, 'support', FREEZE_EXIT.hubRefused);
          if (unit.hub?.outcome !== 'refused' && after.frozen) io.setExitCode(FREEZE_EXIT.unit);
        } catch (error) {
          if (error instanceof DeviceError)
            return fail(FREEZE_EXIT.unit, `${opts.port}: ${error.code}\n  ${error.zh}\n  ${error.en}`);
          if (!refusal(error)) throw error;
        } finally {
          await client?.close().catch(() => undefined);
          store.close();
        }
      },
    );
}
