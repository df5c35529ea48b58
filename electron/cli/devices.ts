import { cliActor } from './cli-actor';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Option, type Command } from 'commander';
import { DomainError } from '../contract/domain/errors';
import { createAuditLog } from '../services/audit/audit-log';
import { systemClock } from '../services/audit/clock';
import { DeviceRegistry } from '../services/devices/registry/device-registry';
import { detectManifestFormat } from '../services/devices/registry/manifest-rows';
import { registryAuditRecorder } from '../services/devices/registry/registry-audit';
import { createRegistryCalls } from '../services/devices/registry/registry-calls';
import { createFreezes } from '../services/devices/registry/freezes';
import { createRegistryHandlers } from '../services/devices/handlers';
import {
  REGISTRY_STATUSES,
  type RegistryEntry,
  type RegistryStatus,
} from '../services/devices/registry/registry-entry';
import type { Db } from '../store/database';
import { isEnrolled } from '../services/sync/identity';
import { processIo, type CliIo } from './cli-io';
import { withStore, type OpenStore } from './store-handle';
import { cliGateFor, GateRefusal } from './cli-gate';
import { hubOf, OPERATOR_HELP, OPERATOR_MISSING_EXIT, reportHub } from './cli-hub-push';
import { revokeUnit } from '../services/devices/registry/revoke';

/** Exit codes of `pos-station devices …` (1 = unexpected error, 2 = usage, as for every command). */
export const DEVICES_EXIT = {
  /**
   * At a station enrolled with a hub: `devices freeze` (`support freeze` sends it there), or
   * `devices revoke` without `--operator` (usage errors).
   */
  enrolled: OPERATOR_MISSING_EXIT,
  /** Some rows conflict with each other or with the registry; nothing was imported. */
  conflicts: 20,
  /** Some rows are malformed; nothing was imported. */
  malformed: 21,
  /** The manifest file cannot be read as CSV or JSON, or has no rows. */
  unreadable: 22,
  /** The serial is not in the registry, or the change is not allowed (revoked is final). */
  refused: 23,
  /** `devices revoke` at an enrolled station: the hub refused it (it stands here; attention list). */
  hubRefused: 24,
} as const;

export function registerDevicesCommands(program: Command, openStore: OpenStore, io: CliIo = processIo): void {
  const devices = program
    .command('devices')
    .description('The device registry: units declared by the manufacturer, their key fingerprints and status')
    .addHelpText(
      'after',
      `\nExit codes: 0 ok, ${DEVICES_EXIT.conflicts} conflicts, ${DEVICES_EXIT.malformed} malformed rows, ${DEVICES_EXIT.unreadable} unreadable manifest, ${DEVICES_EXIT.refused} change refused, ${DEVICES_EXIT.hubRefused} refused by the hub.`,
    );

  devices
    .command('list')
    .description('List registered units')
    .addOption(new Option('--status <status>', 'only units with this status').choices([...REGISTRY_STATUSES]))
    .option('--batch <batch>', 'only units of this batch')
    .option('--json', 'print JSON', false)
    .action((opts: { status?: RegistryStatus; batch?: string; json: boolean }, command: Command) =>
      withStore(openStore, async (db) => {
        const gate = registryGate(db, command, io);
        // The call pages (as the window scrolls); the command lists every unit.
        const entries: RegistryEntry[] = [];
        for (;;) {
          const page = await gate.call('devices.registry', {
            ...(opts.status ? { status: opts.status } : {}),
            ...(opts.batch ? { batch: opts.batch } : {}),
            limit: REGISTRY_PAGE,
            offset: entries.length,
          });
          entries.push(...page.entries);
          if (page.entries.length < REGISTRY_PAGE) break;
        }
        if (opts.json) io.out(`${JSON.stringify(entries)}\n`);
        else io.out(formatTable(entries));
      }),
    );

  devices
    .command('import <manifest>')
    .description('Import a manufacturer manifest (CSV or JSON): all rows or none, conflicts reported')
    .addOption(
      new Option('--format <format>', 'override detection by file extension').choices(['csv', 'json']),
    )
    .option('--json', 'print the import report as JSON', false)
    .action((file: string, opts: { format?: 'csv' | 'json'; json: boolean }, command: Command) =>
      withStore(openStore, async (db) => {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (err) {
          io.err(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
          io.setExitCode(DEVICES_EXIT.unreadable);
          return;
        }
        const report = await registryGate(db, command, io).call('devices.importManifest', {
          text,
          format: opts.format ?? detectManifestFormat(file, text),
          source: basename(file),
        });
        if (opts.json) {
          io.out(`${JSON.stringify(report)}\n`);
        } else if (report.ok) {
          io.out(
            `Imported ${report.imported} units from ${report.source} (${report.unchanged} already registered).\n`,
          );
        } else {
          if (report.fileError) io.err(`${file}: ${report.fileError}\n`);
          for (const m of report.malformed) io.err(`row ${m.row}, ${m.field}: ${m.message}\n`);
          for (const c of report.conflicts) io.err(`row ${c.row}, ${c.serial}: ${c.code} — ${c.message}\n`);
          io.err(`Nothing imported from ${file}: fix the rows above and import again.\n`);
        }
        if (report.fileError) io.setExitCode(DEVICES_EXIT.unreadable);
        else if (report.malformed.length > 0) io.setExitCode(DEVICES_EXIT.malformed);
        else if (report.conflicts.length > 0) io.setExitCode(DEVICES_EXIT.conflicts);
      }),
    );

  // No `devices unfreeze`: lifting a freeze takes a second person and a registry token on the unit
  // (`devices.unfreeze`, docs/support.md §3), which a registry-only command would bypass.
  devices
    .command('freeze <serial>')
    .description(
      'Freeze a unit (lost or stolen): the genuine check refuses it until a second person unfreezes it',
    )
    .requiredOption('--reason <text>', 'why; recorded in the registry and the audit log')
    .action((serial: string, opts: { reason: string }, command: Command) =>
      withStore(openStore, async (db, dataDir) => {
        if (isEnrolled(dataDir)) {
          // This command writes the registry alone; the hub must hear of a freeze (docs/sync.md §10.4).
          io.err(
            'pos-station devices freeze: this station is enrolled with a hub: freeze with `pos-station support freeze SERIAL --reason R --operator NAME`, which sends it to the hub\n',
          );
          io.setExitCode(DEVICES_EXIT.enrolled);
          return;
        }
        try {
          // Freezing is a contract call (support's, from the window too).
          const { entry } = await registryGate(db, command, io).call('devices.freeze', {
            serial: serial.trim().toUpperCase(),
            reason: opts.reason,
          });
          io.out(`${entry.serial}: ${entry.status}\n`);
        } catch (err) {
          if (!refused(err, io)) throw err;
        }
      }),
    );

  devices
    .command('revoke <serial>')
    .description(
      'Revoke a unit for good (cloned key, destroyed, recalled); at a station enrolled with a hub it goes to the hub as the named operator',
    )
    .requiredOption('--reason <text>', 'why; recorded in the registry and the audit log')
    .option('--operator <name>', OPERATOR_HELP)
    .addHelpText(
      'after',
      `\nExit codes: 0 revoked (at an enrolled station: accepted at the hub, or queued for it); ${DEVICES_EXIT.enrolled} --operator missing at an enrolled station; ${DEVICES_EXIT.refused} refused here (unknown serial, no reason); ${DEVICES_EXIT.hubRefused} refused by the hub.`,
    )
    .action((serial: string, opts: { reason: string; operator?: string }) =>
      withStore(openStore, async (db, dataDir) => {
        // Revoking exists only here, for whoever holds the store file; at an enrolled station the hub
        // decides whether the named operator may (docs/sync.md §10.4).
        const hub = hubOf(dataDir, opts.operator, io, 'devices revoke');
        if (hub === undefined) return;
        let entry: RegistryEntry;
        try {
          entry = revokeUnit(
            db,
            registry(db),
            serial.trim().toUpperCase(),
            { operator: hub?.operator ?? cliActor(), reason: opts.reason },
            hub?.link.hook(db),
          );
        } catch (err) {
          if (!refused(err, io)) throw err;
          return;
        }
        io.out(`${entry.serial}: ${entry.status}\n`);
        if (hub) reportHub(io, await hub.link.push(db), 'devices revoke', DEVICES_EXIT.hubRefused);
      }),
    );
}

/** A refusal of the registry or the gate: its words, exit 23. */
function refused(err: unknown, io: CliIo): boolean {
  if (!(err instanceof GateRefusal || err instanceof DomainError)) return false;
  io.err(`${err.message}\n`);
  io.setExitCode(DEVICES_EXIT.refused);
  return true;
}

/** Units per `devices.registry` page while `devices list` reads the whole registry. */
const REGISTRY_PAGE = 1000;

/** The registry's contract calls through the gate, as the CLI operator (`--as`, default admin). */
function registryGate(db: Db, command: Command, io: CliIo) {
  const store = registry(db);
  // The CLI holds no unit and no registry signing key: a freeze is the registry's, the unit takes it at its next connect.
  const freezes = createFreezes({
    db,
    audit: createAuditLog(db, systemClock),
    clock: systemClock,
    registry: store,
    signingKey: () => null,
  });
  return cliGateFor(command, createRegistryHandlers(createRegistryCalls(store, freezes)), io);
}

function registry(db: Db): DeviceRegistry {
  return new DeviceRegistry(db, { record: registryAuditRecorder(createAuditLog(db, systemClock)) });
}

function formatTable(entries: readonly RegistryEntry[]): string {
  if (entries.length === 0) return 'No units registered.\n';
  const rows = entries.map((e) => [
    e.serial,
    e.model,
    e.batch,
    e.mode,
    e.status,
    e.keyFingerprint.slice(0, 16),
  ]);
  const head = ['SERIAL', 'MODEL', 'BATCH', 'MODE', 'STATUS', 'KEY'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line), `${entries.length} units`, ''].join('\n');
}
