import type { PipelineStep } from '../pipeline/pipeline';
import { UNIT_STATES } from '../../../contract/devices';

export type UnitState = (typeof UNIT_STATES)[number];

export interface UnitProgress {
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly bytesPerSec: number;
  readonly etaSeconds: number | null;
  readonly retries: number;
}

export interface UnitVerdict {
  readonly genuine: boolean;
  readonly code: string;
  readonly zh: string;
  readonly en: string;
}

/** One row of the live board: a port and the terminal on it. JSON-safe. */
export interface BoardUnit {
  readonly portId: string;
  readonly label: string;
  readonly portPath: string | null;
  readonly usbLocation: string | null;
  readonly state: UnitState;
  readonly phase: PipelineStep | null;
  readonly serial: string | null;
  readonly model: string | null;
  readonly mode: string | null;
  readonly firmwareVersion: string | null;
  readonly scannedSerial: string | null;
  /** The approved application picked for this unit; its next run binds it. */
  readonly applicationId: string | null;
  readonly progress: UnitProgress | null;
  readonly verdict: UnitVerdict | null;
  readonly failure: {
    readonly step: string;
    readonly code: string;
    readonly zh: string;
    readonly en: string;
  } | null;
  readonly runId: string | null;
  /** Queue mode: the port runs the same job on each unit plugged into it, one after another. */
  readonly queue: boolean;
  /** Why Start is refused for this unit (shipped, bound elsewhere, quarantined), in words; null = may start. */
  readonly lock: { readonly code: string; readonly zh: string; readonly en: string } | null;
}

/** A progress event: at most 4 a second per unit. */
export interface UnitProgressEvent extends UnitProgress {
  readonly portId: string;
  readonly serial: string | null;
  readonly phase: PipelineStep | null;
  readonly state: UnitState;
}
