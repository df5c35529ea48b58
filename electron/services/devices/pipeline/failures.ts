import { DeviceError } from '../../../../native/client/device-error';
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

/** Station-side refusals and failures that are not device error codes. */
export const STATION_SENTENCES = {
  application_not_approved: {
    zh: '该申请不存在或尚未审核通过，不能绑定终端。',
    en: 'This application does not exist or is not approved; the terminal cannot be bound to it.',
  },
  already_shipped: {
    zh: '该终端已发货，不能再次生产。返修或翻新请交给售后支持处理。',
    en: 'This terminal has already been shipped and cannot be provisioned again. Hand it to support for refurbishing.',
  },
  already_bound: {
    zh: '该终端已绑定其他申请，不能再次生产。请交给售后支持处理。',
    en: 'This terminal is already bound to another application and cannot be provisioned again. Hand it to support.',
  },
  quarantined: {
    zh: '该终端未通过正品检测，已隔离锁定，不能重新开始。请放入隔离区并交给主管。',
    en: 'This terminal failed the genuine check and is locked in quarantine; it cannot be restarted. Put it in the quarantine bin and tell your supervisor.',
  },
  application_taken: {
    zh: '该申请已绑定另一台终端并已发货，请选择其他申请。',
    en: 'This application already has a shipped terminal. Choose another application.',
  },
  application_reserved: {
    zh: '该申请已分配给工作台上的另一台终端，一个申请只能配一台终端。',
    en: 'This application is already assigned to another terminal on the board; one application gets one terminal.',
  },
  box_not_scanned: {
    zh: '请先扫描包装盒上的二维码，再开始生产。',
    en: 'Scan the QR code on the box before starting.',
  },
  card_not_masked: {
    zh: '申请中的结算卡号未打码，不能写入终端，请交给审核员。',
    en: "The application's settlement card is not masked and cannot be written to the terminal. Hand it to a reviewer.",
  },
  selftest_failed: {
    zh: '终端自检未通过，新固件已回滚，请送修。',
    en: 'The terminal failed its self-test; the new firmware was rolled back. Send it for repair.',
  },
  boot_failed: {
    zh: '终端重启后没有运行新固件，请重新刷机。',
    en: 'After the restart the terminal is not running the new firmware. Flash it again.',
  },
  no_firmware: {
    zh: '没有适用于该型号的固件，请选择固件文件。',
    en: 'There is no firmware for this model. Choose a firmware file.',
  },
  interrupted: {
    zh: '生产过程中工作站意外退出，本次生产已中断。终端重新连接后会补记它的状态；请重新开始生产。',
    en: 'The station stopped in the middle of this run, so it was interrupted. What the terminal reports is added when it is connected again; start the run again.',
  },
  cancelled: {
    zh: '操作已取消。',
    en: 'Cancelled.',
  },
} as const;
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
