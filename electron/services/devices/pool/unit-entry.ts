import type { TerminalClient, Identity } from '../../../../native/client/terminal-client';
import type { DiscoveredUnit } from '../../../../native/transports/discovery';
import type { PipelineHooks, PipelineOutcome } from '../pipeline/pipeline';
import type { BoardUnit, UnitProgress, UnitProgressEvent, UnitState, UnitVerdict } from './board-unit';
import { ProgressMeter, Throttle } from './progress-meter';

/** Starts one pipeline on a unit; the pool supplies the client, the port and the hooks. */
export type Runner = (
  client: TerminalClient,
  port: { readonly name: string; readonly usbLocation: string | null },
  hooks: PipelineHooks,
  identity: Identity,
) => Promise<PipelineOutcome>;

/** A run in progress; it moves to another entry when its unit comes back on another port. */
export interface Run {
  entry: Entry;
  paused: boolean;
}

/** Why a unit may not be started with this application, in words (shipped, bound elsewhere, quarantined), or null. */
export type LockOf = (identity: Identity, applicationId: string | null) => BoardUnit['lock'];

/** One port and what the pool knows of the unit on it. */
export interface Entry {
  readonly unit: DiscoveredUnit;
  client: TerminalClient | undefined;
  opening: boolean;
  probing: boolean;
  present: boolean;
  state: UnitState;
  phase: BoardUnit['phase'];
  identity: Identity | undefined;
  scannedSerial: string | null;
  /** The application picked for this unit (one per unit), bound by its next run. */
  applicationId: string | null;
  progress: UnitProgress | null;
  verdict: UnitVerdict | null;
  failure: BoardUnit['failure'];
  runId: string | null;
  run: Run | undefined;
  /** Queue mode's job; undefined when the port is not in queue mode. */
  queue: Runner | undefined;
  /** The serial the last run on this port was for: queue mode waits for another one. */
  lastSerial: string | null;
  readonly meter: ProgressMeter;
  readonly throttle: Throttle<UnitProgressEvent>;
}

export function newEntry(unit: DiscoveredUnit, throttle: Throttle<UnitProgressEvent>): Entry {
  return {
    unit,
    client: undefined,
    opening: false,
    probing: false,
    present: true,
    state: 'probing',
    phase: null,
    identity: undefined,
    scannedSerial: null,
    applicationId: null,
    progress: null,
    verdict: null,
    failure: null,
    runId: null,
    run: undefined,
    queue: undefined,
    lastSerial: null,
    meter: new ProgressMeter(),
    throttle,
  };
}

/** The board's row for an entry (JSON-safe). */
export function boardView(e: Entry, lockOf?: LockOf): BoardUnit {
  const serial = e.identity?.serial ?? null;
  return {
    portId: e.unit.id,
    label: e.unit.label,
    portPath: e.unit.portPath ?? null,
    usbLocation: e.unit.usbLocation ?? null,
    state: e.state,
    phase: e.phase,
    serial,
    model: e.identity?.model ?? null,
    mode: e.identity?.mode ?? null,
    firmwareVersion: e.identity?.firmwareVersion ?? null,
    scannedSerial: e.scannedSerial,
    applicationId: e.applicationId,
    progress: e.progress,
    verdict: e.verdict,
    failure: e.failure,
    runId: e.runId,
    queue: e.queue !== undefined,
    lock: e.identity && !e.run && lockOf ? lockOf(e.identity, e.applicationId) : null,
  };
}
