import type { z } from 'zod';
import { PIPELINE_STEPS } from '../../../../electron/contract/domain/devices/provisioning';
import type {
  boardUnitSchema,
  devicesEvents,
  evidenceSheetSchema,
  firmwareImageSchema,
} from '../../../../electron/contract/devices';

/** The contract's shapes as the board sees them. */
export type BoardUnit = z.output<typeof boardUnitSchema>;
export type Phase = NonNullable<BoardUnit['phase']>;
export type UnitState = BoardUnit['state'];
export type UnitProgress = NonNullable<BoardUnit['progress']>;
export type ProgressEvent = z.output<(typeof devicesEvents)['devices.progress']['payload']>;
export type EvidenceSheet = z.output<typeof evidenceSheetSchema>;
export type EvidenceEntry = EvidenceSheet['evidence'][number];
export type FirmwareImage = z.output<typeof firmwareImageSchema>;

export const PHASES: readonly Phase[] = PIPELINE_STEPS;

/** A sentence the services give in both languages. */
export interface Sentence {
  readonly zh: string;
  readonly en: string;
}
