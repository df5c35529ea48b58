import { DeviceError } from '../../../../native/client/device-error';
import { STATION_SENTENCES } from '../../../contract/station-reasons';
import type { Failure } from '../evidence/evidence-store';

/** Why a run stopped, as the board and the evidence sheet show it. */
export class PipelineStop extends Error {
  constructor(
    readonly status: 'refused' | 'failed',
    readonly failure: Failure,
    /** The step already wrote its evidence row for this stop; the run only needs finishing. */
    readonly recorded = false,
  ) {
    super(`${failure.step}: ${failure.code}: ${failure.en}`);
    this.name = 'PipelineStop';
  }
}

export { STATION_SENTENCES } from '../../../contract/station-reasons';
export type StationReason = keyof typeof STATION_SENTENCES;

export function stationFailure(step: string, code: StationReason, detail?: string): Failure {
  const s = STATION_SENTENCES[code];
  return { step, code, zh: s.zh, en: detail ? `${s.en} (${detail})` : s.en };
}

/** Device refusals that mean "this unit must not go on", as opposed to a link or device fault. */
const REFUSAL_CODES = new Set<string>([
  'IMAGE_BAD_SIGNATURE',
  'IMAGE_WRONG_MODEL',
  'IMAGE_DOWNGRADE',
  'IMAGE_TOO_LARGE',
  'IMAGE_BAD_HEADER',
  'BLOCK_TOO_LARGE',
  'DEVICE_FROZEN',
  'DEVICE_TAMPERED',
  'NOT_PRODUCTION_UNIT',
  'ALREADY_BOUND',
  'CARD_NOT_MASKED',
]);

export function stopFromError(step: string, error: unknown): PipelineStop {
  if (error instanceof PipelineStop) return error;
  if (error instanceof DeviceError) {
    return new PipelineStop(REFUSAL_CODES.has(error.code) ? 'refused' : 'failed', {
      step,
      code: error.code,
      zh: error.zh,
      en: error.detail ? `${error.en} (${error.detail})` : error.en,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new PipelineStop('failed', {
    step,
    code: 'INTERNAL',
    zh: `工作站内部错误，请交给技术支持：${message}`,
    en: `Station error; hand this to support: ${message}`,
  });
}

/**
 * The unit stopped answering, went away or restarted under us (it answers BAD_STATE before a new
 * HELLO): the run pauses and continues when the same unit is back.
 */
export function isInterruption(error: unknown): error is DeviceError {
  return (
    error instanceof DeviceError &&
    (error.code === 'LINK_LOST' ||
      error.code === 'TIMEOUT' ||
      error.code === 'RETRIES_EXHAUSTED' ||
      error.code === 'BAD_STATE')
  );
}
