import {
  LIMIT_GROUP,
  RATE_SLOT,
  RATE_SLOT_COUNT,
  type LimitGroup,
  type RateSlot,
} from '../../contract/domain/fees/channels';
import { parseShanghaiTime } from '../calendar/shanghai-time';
import type { RateFile, ScheduleFile } from './schedule-file';

/** No limit / no cap, in the flat arrays below. */
export const UNLIMITED = -1;

/**
 * One schedule version precomputed into flat numeric arrays indexed by RateSlot / LimitGroup,
 * so that pricing a transaction is a handful of array reads and integer operations.
 */
export interface CompiledSchedule {
  readonly id: string;
  /** The id as ASCII bytes, for writers that emit it per row. */
  readonly idBytes: Uint8Array;
  readonly announcedAtMs: number;
  readonly effectiveAtMs: number;
  readonly source: string;
  readonly file: ScheduleFile;
  readonly ppm: Int32Array;
  readonly fixedFen: Float64Array;
  /** UNLIMITED when the slot has no cap. */
  readonly capFen: Float64Array;
  readonly perTransactionFen: Float64Array;
  readonly perDayFen: Float64Array;
  readonly questionnaireSkippedPerTransactionFen: number;
  readonly classIIPerDayFen: number;
  readonly classIIPerYearFen: number;
  /** Repair fee for user damage (fen), from the schedule's `device` block. */
  readonly repairFeeFen: number;
  /** First-month volume that waives the device price (fen). */
  readonly devicePriceWaiverFen: number;
}

export function compileSchedule(file: ScheduleFile): CompiledSchedule {
  const ppm = new Int32Array(RATE_SLOT_COUNT);
  const fixedFen = new Float64Array(RATE_SLOT_COUNT);
  const capFen = new Float64Array(RATE_SLOT_COUNT);
  const put = (slot: RateSlot, rate: RateFile): void => {
    ppm[slot] = rate.ppm;
    fixedFen[slot] = rate.fixedFen;
    capFen[slot] = rate.capFen ?? UNLIMITED;
  };
  put(RATE_SLOT.credit, file.rates.credit);
  put(RATE_SLOT.debit, file.rates.debit);
  put(RATE_SLOT.qr, file.rates.qr);
  const sub = file.rates.qr.subChannels;
  put(RATE_SLOT.wechat, sub?.wechat ?? file.rates.qr);
  put(RATE_SLOT.alipay, sub?.alipay ?? file.rates.qr);
  put(RATE_SLOT.unionpay_qr, sub?.unionpay_qr ?? file.rates.qr);

  const perTransactionFen = new Float64Array(3);
  const perDayFen = new Float64Array(3);
  const groups: [LimitGroup, ScheduleFile['limits']['credit']][] = [
    [LIMIT_GROUP.credit, file.limits.credit],
    [LIMIT_GROUP.debit, file.limits.debit],
    [LIMIT_GROUP.qr, file.limits.qr],
  ];
  for (const [group, limit] of groups) {
    perTransactionFen[group] = limit.perTransactionFen ?? UNLIMITED;
    perDayFen[group] = limit.perDayFen ?? UNLIMITED;
  }
  return {
    id: file.id,
    idBytes: new TextEncoder().encode(file.id),
    announcedAtMs: parseShanghaiTime(file.announcedAt),
    effectiveAtMs: parseShanghaiTime(file.effectiveAt),
    source: file.source,
    file,
    ppm,
    fixedFen,
    capFen,
    perTransactionFen,
    perDayFen,
    questionnaireSkippedPerTransactionFen: file.limits.questionnaireSkipped.perTransactionFen,
    classIIPerDayFen: file.limits.classII.perDayFen,
    classIIPerYearFen: file.limits.classII.perYearFen,
    repairFeeFen: file.device.repairFeeFen,
    devicePriceWaiverFen: file.device.devicePriceWaiverFirstMonthFen,
  };
}
