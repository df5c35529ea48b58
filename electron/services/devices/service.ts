import { join } from 'node:path';
import type { z } from 'zod';
import type { PinnedRoot } from '../../../native/attestation/verify-chain';
import type { ClientOptions, TerminalClient } from '../../../native/client/terminal-client';
import {
  discoverUnits,
  systemDiscoverySources,
  systemUsbHotplug,
  watchUsbTerminals,
  type DiscoveredUnit,
} from '../../../native/transports/discovery';
import { DomainError } from '../../contract/domain/errors';
import type { devicesEvents } from '../../contract/devices';
import type { Db } from '../../store/database';
import type { AuditLog } from '../audit/audit-log';
import { shanghaiIso, type Clock } from '../audit/clock';
import { createFeesService, type FeesService } from '../fees/service';
import { startDemoTerminals, type DemoTerminals } from './demo/demo-terminals';
import { evidenceSheet, type EvidenceSheet } from './evidence/evidence-sheet';
import { exportEvidence, type ExportFormat, type ExportedEvidence } from './evidence/evidence-export';
import { EvidenceStore } from './evidence/evidence-store';
import { loadPinnedRoots } from './genuine/pinned-roots';
import { createTrustedMakers, type MakerView, type TrustedMakers } from './makers/trusted-makers';
import { serialFromBoxCode } from './genuine/genuine-check';
import {
  applicationsAwaitingDevice,
  demoApplications,
  kycApplications,
  limitProfile,
  withDemoApplications,
  type ApplicationSource,
  type AwaitingApplication,
} from './pipeline/binding';
import {
  FirmwareCatalog,
  FirmwareFileError,
  type FirmwareImageInfo,
  type LoadedImage,
} from './pipeline/firmware-catalog';
import { checkApplication, unitLock } from './pipeline/admission';
import { STATION_SENTENCES, stationFailure } from './pipeline/failures';
import { completeInterrupted, interruptAbandonedRuns } from './evidence/interrupted-runs';
import {
  runPipeline,
  type PipelineDeps,
  type PipelineOutcome,
  type PipelineRequest,
} from './pipeline/pipeline';
import type { BoardUnit } from './pool/board-unit';
import { PortPool, type Runner } from './pool/port-pool';
import { DeviceRegistry } from './registry/device-registry';
import { registryAuditRecorder } from './registry/registry-audit';
import { createRegistryCalls, type RegistryCalls } from './registry/registry-calls';
import type { KeyObject } from 'node:crypto';
import { syncUnitFreeze } from './freeze-sync';
import { createFreezes, HUB_ACTOR_PREFIX, type Freezes } from './registry/freezes';
import type { DevicesHubLink, HubDeviceState } from './hub-link';
import {
  ensureDemoRegistryKey,
  loadRegistrySigningKey,
  registrySigningKeyPaths,
} from './registry/registry-signing-key';

type DevicesEvents = typeof devicesEvents;

/** Where the service sends 'devices.progress' and 'devices.changed' (the station's EventHub). */
export interface DevicesEventSink {
  emit<N extends keyof DevicesEvents>(name: N, payload: z.input<DevicesEvents[N]['payload']>): void;
}

export interface DevicesServiceOptions {
  readonly db: Db;
  readonly audit: Pick<AuditLog, 'append'>;
  readonly events: DevicesEventSink;
  readonly resourcesDir: string;
  /** Demo mode: the test manufacturer CA is trusted, and simulated terminals start when no hardware is found. */
  readonly demo: boolean;
  readonly clock: Clock;
  readonly stationId: string;
  /** Where the demo batch lives (<dataDir>/demo); no demo terminals without it. */
  readonly dataDir?: string;
  /** The fee engine for limit profiles; default: the schedules under resourcesDir/fee-schedules. */
  readonly fees?: FeesService;
  /** Approved applications; default: the KYC queue's (plus DEMO-… ids in demo mode). */
  readonly applications?: ApplicationSource;
  /** Units to look at; default: serial ports and USB terminals of this machine, and demo ptys. */
  readonly discover?: () => Promise<readonly DiscoveredUnit[]>;
  /** Ports always included (a UART adapter, simulated terminals started elsewhere). */
  readonly extraPorts?: readonly string[];
  /** A demo CA root to pin in demo mode (the demo start sets its own). */
  readonly demoRootFile?: string;
  /** Start simulated terminals in demo mode when no hardware is found; default true. */
  readonly demoTerminals?: boolean;
  readonly demoCount?: number;
  /** Line speed of the demo terminals; default 115200 so a flash can be watched. */
  readonly demoBaud?: number;
  readonly pollMs?: number;
  readonly pauseTimeoutMs?: number;
  /**
   * How the station talks to each unit: `defaultBaud` is the speed units listen at after power-on
   * (ports are opened at it), `proposeBaud` the speed proposed in HELLO (0 = keep).
   */
  readonly clientOptions?: ClientOptions;
  readonly onError?: (message: string, error: unknown) => void;
  /** The open after-sales case of a serial, if any: such a unit is with support and locked on the board. */
  readonly openCaseOf?: (serial: string) => string | undefined;
  /** The hub's terminal makers while the station is enrolled (they replace the local set), else null. */
  readonly hubMakers?: () => readonly MakerView[] | null;
  /**
   * The registry's signing key for unfreeze tokens; default: `<dataDir>/keys/registry-signing.key.pem`
   * (a demo station makes one, which its demo terminals trust). null = this station cannot unfreeze units.
   */
  readonly registrySigningKey?: () => KeyObject | null;
  /** The station's sync hub (absent: standalone): asked before binding, told of runs and freezes. */
  readonly hub?: DevicesHubLink;
}

export interface ProvisionInput {
  readonly portId?: string;
  readonly firmware?: string;
  readonly skipFlash?: boolean;
  readonly applicationId?: string;
  readonly scannedSerial?: string;
  readonly questionnaireAnswered?: boolean;
  readonly accountClass?: 'I' | 'II';
  readonly queue?: boolean;
}

/** A run's outcome, with the line speed the last HELLO settled on (0 = not a UART; null = no HELLO). */
export interface ProvisionOutcome extends PipelineOutcome {
  readonly linkBaud: number | null;
}

export interface DevicesService extends RegistryCalls {
  readonly registry: DeviceRegistry;
  readonly evidenceStore: EvidenceStore;
  /** Terminal makers trusted beside the built-in root (two-person rule). */
  readonly makers: TrustedMakers;
  readonly catalog: FirmwareCatalog;
  /** Freezes and their lifting by a second person (support). */
  readonly freezes: Freezes;
  /**
   * A unit's state pulled from the hub: the registry and the freeze records follow it, and a unit
   * idle on a port is frozen (or unfrozen) at once. Returns what changed here.
   */
  applyHubState(state: HubDeviceState): Promise<'froze' | 'unfroze' | 'revoked' | null>;
  /** Looks at the ports once, starts watching them, and in demo mode starts simulated terminals if none are found. */
  start(): Promise<void>;
  refresh(): Promise<void>;
  board(): { units: BoardUnit[]; demo: boolean; batch: boolean };
  /** The simulated terminals the demo start attached, if it did. */
  demoTerminals(): Pick<DemoTerminals, 'ports' | 'serials' | 'pids' | 'returned'> | null;
  scan(code: string, portId?: string): { serial: string; unit: BoardUnit | null };
  /**
   * Picks the approved application the unit on this port will be bound to (null: none): checked
   * at once (approved, masked card, not shipped with another unit, not picked for another port).
   */
  assign(portId: string, applicationId: string | null): BoardUnit;
  /** Starts runs; `outcomes` settle when they end (the CLI waits on them, the UI listens to events). */
  provision(
    input: ProvisionInput,
    operator: string,
  ): Promise<{ started: string[]; batch: boolean; outcomes: Promise<ProvisionOutcome | undefined>[] }>;
  evidence(target: { runId: string } | { serial: string }): EvidenceSheet;
  exportEvidence(runId: string, format: ExportFormat): ExportedEvidence;
  firmwareImages(): FirmwareImageInfo[];
  /**
   * Approved applications no unit was shipped for yet (at most 200), newest first; `query` narrows
   * by id (a scanned order barcode) or masked name. Demo mode adds the DEMO-… ones.
   */
  applicationsAwaitingDevice(query?: string): AwaitingApplication[];
  /** Units this operator shipped since the current shift began (shifts start at 08:00 and 20:00 Shanghai). */
  shift(operator: string): { since: string; shipped: number };
  /** The manufacturer roots the genuine check trusts (the demo CA only in demo mode). */
  pinnedRoots(): readonly PinnedRoot[];
  /** The idle unit on a port with its client, lent for a one-off read (diagnosis); undefined while a run holds it. */
  idleUnit(portId: string): { client: TerminalClient; label: string } | undefined;
  /** What every run on this station works with: evidence, registry, roots, firmware, freezes. */
  pipelineDeps(): PipelineDeps;
  /**
   * Runs another job over the pipeline's steps (a refurbish) on the unit on a port, as a run of the
   * pool: the board shows it, and a unit that drops off pauses it until it is back. Resolves when it ends.
   */
  runOn(portId: string, runner: Runner): Promise<PipelineOutcome | undefined>;
  /** Stops every run, closes every port and stops the demo terminals. */
  close(): Promise<void>;
}

/** Shifts at the counter start at these hours, Asia/Shanghai. */
const SHIFT_START_HOURS = [8, 20] as const;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** When the shift running at `nowMs` began (epoch ms). */
export function shiftStart(nowMs: number): number {
  const local = nowMs + SHANGHAI_OFFSET_MS;
  const day = Math.floor(local / 86_400_000) * 86_400_000;
  const hour = Math.floor((local - day) / 3_600_000);
  const startHour = [...SHIFT_START_HOURS].reverse().find((h) => h <= hour);
  const startLocal =
    startHour === undefined
      ? day - 86_400_000 + SHIFT_START_HOURS[SHIFT_START_HOURS.length - 1]! * 3_600_000
      : day + startHour * 3_600_000;
  return startLocal - SHANGHAI_OFFSET_MS;
}

/** A station refusal as a call error: the reason code picks the operator's sentence on screen. */
function refusal(failure: { code: string; en: string }, field: string): DomainError {
  return new DomainError('wrong_state', failure.en, field, `devices.${failure.code}`);
}

export function createDevicesService(options: DevicesServiceOptions): DevicesService {
  const { db, audit, clock, stationId } = options;
  const registry = new DeviceRegistry(db, { now: () => clock.now(), record: registryAuditRecorder(audit) });
  const evidenceStore = new EvidenceStore(db, audit, clock, options.hub?.runs);
  const catalog = new FirmwareCatalog(options.resourcesDir);
  if (options.demo && options.dataDir && !options.registrySigningKey) ensureDemoRegistryKey(options.dataDir);
  let signingKey: KeyObject | null | undefined;
  const freezes = createFreezes({
    db,
    audit,
    clock,
    registry,
    ...(options.hub ? { hub: options.hub.freezes } : {}),
    signingKey:
      options.registrySigningKey ??
      (() =>
        (signingKey ??= options.dataDir
          ? loadRegistrySigningKey(registrySigningKeyPaths(options.dataDir).key)
          : null)),
  });
  const fees =
    options.fees ??
    createFeesService({ scheduleDir: join(options.resourcesDir, 'fee-schedules'), now: () => clock.now() });
  const baseApplications = options.applications ?? kycApplications(db);
  const applications = options.demo ? withDemoApplications(baseApplications) : baseApplications;
  let demoRootFile = options.demoRootFile;
  let demoTerminals: DemoTerminals | undefined;
  let pinned: PinnedRoot[] | undefined;
  const builtInRoots = () =>
    (pinned ??= loadPinnedRoots({
      resourcesDir: options.resourcesDir,
      demo: options.demo,
      ...(demoRootFile ? { demoRootFile } : {}),
    }));
  const makers = createTrustedMakers({
    db,
    audit,
    clock,
    builtInRoots,
    ...(options.hubMakers ? { hubSet: options.hubMakers } : {}),
  });
  const pinnedRoots = () => [...builtInRoots(), ...makers.roots()];

  const extraPorts = () => [...(options.extraPorts ?? []), ...(demoTerminals?.ports ?? [])];
  const discover =
    options.discover ??
    (async () => discoverUnits(await systemDiscoverySources(), { extraPorts: extraPorts() }));
  let batch = false;
  let stopHotplug: (() => void) | undefined;

  // Production: certificate serial = reported serial = box QR is the anti-counterfeit check, so the box is scanned first.
  const requireBoxScan = !options.demo;
  const lockOf = (unit: { serial: string; boundApplicationId?: string }, applicationId: string | null) => {
    const lock = unitLock(evidenceStore, unit, applicationId, registry, options.openCaseOf);
    return lock && { code: lock.code, zh: lock.zh, en: lock.en };
  };

  const pool = new PortPool({
    discover,
    lockOf,
    needsBoxScan: requireBoxScan,
    onIdentity: (port, identity) => {
      completeInterrupted(evidenceStore, port.label, identity);
      // A lost unit is frozen on the device the first time it reaches any station (and a lifted
      // freeze is lifted on it): after the pool has taken this IDENTITY, on the idle unit's client.
      if (freezes.pendingFor(identity.serial, identity.frozen) !== null)
        setTimeout(() => void syncOnPort(identity.serial, identity.frozen, 'system:connect'), 0);
    },
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    ...(options.pauseTimeoutMs !== undefined ? { pauseTimeoutMs: options.pauseTimeoutMs } : {}),
    ...(options.clientOptions ? { clientOptions: options.clientOptions } : {}),
    onChanged: (unit, removed) => options.events.emit('devices.changed', { unit, removed }),
    onProgress: (event) => options.events.emit('devices.progress', event),
    ...(options.onError ? { onError: options.onError } : {}),
  });

  /**
   * Brings the unit's frozen flag in line with the registry when it is idle on a port; false when it
   * is not there or did not take it. `unitFrozen`: the flag the unit last reported (FREEZE and
   * UNFREEZE are both harmless to repeat, so a call that only knows the registry may assume).
   */
  const syncOnPort = async (
    serial: string,
    unitFrozen: boolean,
    actor: string,
  ): Promise<'froze' | 'unfroze' | null | false> => {
    const unit = pool.findBySerial(serial);
    const client = unit ? pool.clientOf(unit.portId) : undefined;
    if (!unit || !client) return false;
    try {
      return await syncUnitFreeze(freezes, client, { serial, frozen: unitFrozen }, actor);
    } catch (error) {
      options.onError?.(`freeze state of ${serial} could not be brought onto the unit`, error);
      return false;
    }
  };

  const loadFirmware = (idOrPath: string): LoadedImage => {
    try {
      return catalog.load(idOrPath);
    } catch (error) {
      if (error instanceof FirmwareFileError) throw new DomainError('bad_value', error.message, 'firmware');
      throw error;
    }
  };

  // The line speed each outcome's run ended on, from the client it last used (a reacquired one after a restart).
  const linkBauds = new WeakMap<PipelineOutcome, number | null>();
  const withLink = (outcome: PipelineOutcome | undefined): ProvisionOutcome | undefined =>
    outcome && { ...outcome, linkBaud: linkBauds.get(outcome) ?? null };

  const pipelineDeps = (): PipelineDeps => ({
    evidence: evidenceStore,
    registry,
    pinnedRoots: pinnedRoots(),
    stationId,
    catalog,
    applications,
    limitProfile: (profile) => limitProfile(fees, profile),
    requireBoxScan,
    freezes,
  });

  const runnerFor = (input: ProvisionInput, operator: string, chosen: LoadedImage | null): Runner => {
    return async (first, port, poolHooks, identity) => {
      let client = first;
      const hooks: typeof poolHooks = {
        ...poolHooks,
        reacquire: async (serial, cause) => (client = await poolHooks.reacquire(serial, cause)),
      };
      let firmware: LoadedImage | null = chosen;
      if (!input.skipFlash && !firmware) {
        const newest = catalog.newestFor(identity.model);
        firmware = newest ? catalog.load(newest.file) : null;
      }
      const onBoard = pool.findBySerial(identity.serial);
      const scanned = input.scannedSerial ?? onBoard?.scannedSerial ?? undefined;
      const request: PipelineRequest = {
        operator,
        firmware: input.skipFlash ? null : firmware,
        // One application per unit: what was picked for this unit, or (one port) what the call named.
        applicationId: input.applicationId ?? onBoard?.applicationId ?? null,
        ...(scanned !== undefined ? { scannedSerial: scanned } : {}),
        questionnaireAnswered: input.questionnaireAnswered ?? false,
        accountClass: input.accountClass ?? 'I',
        knownSerial: identity.serial,
      };
      const hubRegistry = options.hub?.registryCheck();
      const deps = { ...pipelineDeps(), ...(hubRegistry ? { hubRegistry } : {}) };
      const outcome = await runPipeline(client, port, request, deps, hooks);
      linkBauds.set(outcome, client.session?.linkBaud ?? null);
      // The run's final transaction wrote its push to the station outbox: hand it over now.
      options.hub?.outboxWritten();
      return outcome;
    };
  };

  /**
   * The pipeline's admission rules, checked before a one-port run starts so a refused Start leaves no
   * run behind and the unit keeps its state (shipped stays shipped). The pipeline checks them again,
   * and the box scan after the genuine check (a counterfeit is named as one first).
   */
  const admitOnBoard = (unit: BoardUnit, input: ProvisionInput) => {
    if (unit.state === 'running' || unit.state === 'paused') return;
    const applicationId = input.applicationId ?? unit.applicationId;
    const lock = pool.lockFor(unit.portId, applicationId);
    if (lock) throw refusal(lock, 'portId');
    if (applicationId) {
      const checked = checkApplication(applications, evidenceStore, applicationId, unit.serial);
      if ('failure' in checked) throw refusal(checked.failure, 'applicationId');
      const holder = pool.holderOf(applicationId);
      if (holder && holder.portId !== unit.portId)
        throw refusal(stationFailure('identify', 'application_reserved', holder.label), 'applicationId');
    }
  };

  return {
    registry,
    evidenceStore,
    makers,
    catalog,
    freezes,

    async start() {
      // A run ended here as interrupted goes to the hub like any finished run.
      if (interruptAbandonedRuns(evidenceStore).length > 0) options.hub?.outboxWritten();
      await pool.start();
      if (!options.discover) {
        // USB attach/detach looks at the ports at once rather than at the next poll.
        try {
          stopHotplug = watchUsbTerminals(await systemUsbHotplug(), {
            onAttach: () => void pool.refresh(),
            onDetach: () => void pool.refresh(),
          });
        } catch (error) {
          options.onError?.('USB hot-plug events are unavailable; polling only', error);
        }
      }
      if (!options.demo || options.demoTerminals === false || !options.dataDir) return;
      if (pool.board().length > 0) return;
      demoTerminals = await startDemoTerminals({
        dataDir: options.dataDir,
        ...(options.registrySigningKey
          ? {}
          : { registryKeyFile: registrySigningKeyPaths(options.dataDir).pub }),
        resourcesDir: options.resourcesDir,
        registry,
        ...(options.demoCount !== undefined ? { count: options.demoCount } : {}),
        ...(options.demoBaud !== undefined ? { baud: options.demoBaud } : {}),
        ...(options.onError ? { warn: options.onError } : {}),
      });
      demoRootFile ??= demoTerminals.rootFile;
      pinned = undefined;
      await pool.refresh();
    },

    refresh: () => pool.refresh(),

    board: () => ({ units: pool.board(), demo: options.demo, batch }),

    demoTerminals: () =>
      demoTerminals
        ? {
            ports: demoTerminals.ports,
            serials: demoTerminals.serials,
            pids: demoTerminals.pids,
            returned: demoTerminals.returned,
          }
        : null,

    scan(code, portId) {
      const serial = serialFromBoxCode(code);
      if (!serial) {
        throw new DomainError(
          'bad_value',
          'This code does not carry a terminal serial number.',
          'code',
          'scan.no_serial',
        );
      }
      const target = portId ? pool.unit(portId) : pool.findBySerial(serial);
      if (portId && !target)
        throw new DomainError('not_found', `No unit on port ${portId}.`, 'portId', 'devices.no_unit');
      return { serial, unit: target ? pool.setScanned(target.portId, serial) : null };
    },

    assign(portId, applicationId) {
      const unit = pool.unit(portId);
      if (!unit)
        throw new DomainError('not_found', `No unit on port ${portId}.`, 'portId', 'devices.no_unit');
      if (applicationId !== null) {
        const checked = checkApplication(applications, evidenceStore, applicationId, unit.serial);
        if ('failure' in checked) throw refusal(checked.failure, 'applicationId');
        const holder = pool.holderOf(applicationId);
        if (holder && holder.portId !== portId)
          throw refusal(stationFailure('identify', 'application_reserved', holder.label), 'applicationId');
      }
      return pool.setApplication(portId, applicationId);
    },

    async provision(input, operator) {
      if ((input.portId === undefined || input.queue) && input.applicationId !== undefined) {
        throw new DomainError(
          'bad_value',
          STATION_SENTENCES.application_per_unit.en,
          'applicationId',
          'devices.application_per_unit',
        );
      }
      const chosen = input.firmware && !input.skipFlash ? loadFirmware(input.firmware) : null;
      if (chosen && !chosen.info.valid) {
        throw new DomainError(
          'bad_value',
          chosen.info.problem?.en ?? 'The image does not verify.',
          'firmware',
          `image.${chosen.info.problem?.code ?? 'invalid'}`,
        );
      }
      const runner = runnerFor(input, operator, chosen);
      if (input.portId === undefined) {
        batch = true;
        return { started: pool.startBatch(runner), batch: true, outcomes: [] };
      }
      const unit = pool.unit(input.portId);
      if (!unit)
        throw new DomainError('not_found', `No unit on port ${input.portId}.`, 'portId', 'devices.no_unit');
      admitOnBoard(unit, input);
      try {
        const { outcome } = await pool.provision(input.portId, runner, { queue: input.queue ?? false });
        return { started: [input.portId], batch: false, outcomes: [outcome.then(withLink)] };
      } catch (error) {
        throw new DomainError(
          'wrong_state',
          error instanceof Error ? error.message : String(error),
          'portId',
          'devices.run_in_progress',
        );
      }
    },

    evidence(target) {
      const runId =
        'runId' in target
          ? target.runId
          : evidenceStore.runs({ serial: serialFromBoxCode(target.serial) || target.serial, limit: 1 })[0]
              ?.id;
      const sheet = runId ? evidenceSheet(evidenceStore, runId) : undefined;
      if (!sheet)
        throw new DomainError(
          'not_found',
          'No provisioning run found.',
          'runId' in target ? 'runId' : 'serial',
          'devices.no_run',
        );
      return sheet;
    },

    exportEvidence(runId, format) {
      const sheet = evidenceSheet(evidenceStore, runId);
      if (!sheet)
        throw new DomainError('not_found', `No provisioning run ${runId}.`, 'runId', 'devices.no_run');
      return exportEvidence(sheet, format);
    },

    firmwareImages: () => catalog.list(),

    applicationsAwaitingDevice(query = '') {
      const queue = applicationsAwaitingDevice(db, 200, query);
      if (!options.demo) return queue;
      const typed = query.trim().toUpperCase();
      const demo = demoApplications().filter(
        (a) => a.id.includes(typed) && !evidenceStore.shipmentOfApplication(a.id),
      );
      return [...queue, ...demo].slice(0, 200);
    },

    shift(operator) {
      const since = shanghaiIso(shiftStart(clock.now()));
      return { since, shipped: evidenceStore.shippedSince(since, operator) };
    },

    // A change made here is queued for the hub before the unit is told (which may take seconds),
    // so no state pulled meanwhile can undo it (docs/sync.md §10.4).
    ...createRegistryCalls(registry, freezes, syncOnPort, () => options.hub?.outboxWritten()),

    async applyHubState(state) {
      const changed = freezes.fromHub(state.serial, {
        status: state.status,
        reason: state.reason,
        by: state.changedBy,
      });
      if (changed === 'froze' || changed === 'unfroze')
        await syncOnPort(state.serial, changed === 'unfroze', `${HUB_ACTOR_PREFIX}${state.changedBy}`);
      return changed;
    },

    pinnedRoots: () => pinnedRoots(),

    idleUnit(portId) {
      const unit = pool.unit(portId);
      const client = unit ? pool.clientOf(portId) : undefined;
      return unit && client ? { client, label: unit.label } : undefined;
    },

    pipelineDeps,

    async runOn(portId, runner) {
      if (!pool.unit(portId))
        throw new DomainError('not_found', `No unit on port ${portId}.`, 'portId', 'devices.no_unit');
      let started;
      try {
        started = await pool.provision(portId, runner);
      } catch (error) {
        throw new DomainError(
          'wrong_state',
          error instanceof Error ? error.message : String(error),
          'portId',
          'devices.run_in_progress',
        );
      }
      return started.outcome;
    },

    async close() {
      stopHotplug?.();
      await pool.close();
      await demoTerminals?.close();
    },
  };
}
