import {
  rateSlotOf,
  type Channel,
  type QrSubChannel,
  type RateSlot,
} from '../../contract/domain/fees/channels';
import { feeFen, percentageFen } from './fee-arithmetic';
import { checkLimits, NO_USAGE, type AccountClass, type LimitReason, type LimitUsage } from './limits';
import type { CompiledSchedule } from './schedule';
import type { ScheduleBook } from './schedule-book';
import { settle, type SettlementMode } from './settlement';
import type { WorkingDayCalendar } from '../calendar/working-day-calendar';

/** Fee for one amount under one version — the hot path: array reads and integer arithmetic. */
export function priceFen(schedule: CompiledSchedule, slot: RateSlot, amountFen: number): number {
  return feeFen(amountFen, schedule.ppm[slot]!, schedule.capFen[slot]!, schedule.fixedFen[slot]!);
}

export interface QuoteRequest {
  readonly channel: Channel;
  readonly qrSubChannel?: QrSubChannel;
  readonly amountFen: number;
  readonly atMs: number;
  readonly instantEnabled: boolean;
  readonly firstTransaction: boolean;
  readonly questionnaireSkipped: boolean;
  readonly accountClass: AccountClass;
  readonly usage?: LimitUsage;
}

export interface Quote {
  readonly amountFen: number;
  readonly feeFen: number;
  /** amount − fee; negative only when the fee exceeds the amount (then flagged). */
  readonly netFen: number;
  /** The percentage part after rounding and the cap; feeFen = percentagePartFen + fixedPartFen. */
  readonly percentagePartFen: number;
  readonly fixedPartFen: number;
  readonly capped: boolean;
  /** Fee at or above the amount: a quote nobody should accept without a second look. */
  readonly flagged: boolean;
  readonly scheduleVersion: string;
  readonly channel: Channel;
  readonly qrSubChannel: QrSubChannel | null;
  readonly atMs: number;
  readonly settlement: { readonly mode: SettlementMode; readonly atMs: number };
  readonly allowed: boolean;
  readonly reason: LimitReason | null;
  readonly headroomFen: number | null;
  readonly bindingLimit: LimitReason | null;
}

/** A full quote: the version in force at the time, the fee, the limits and the settlement. */
export function quote(book: ScheduleBook, calendar: WorkingDayCalendar, req: QuoteRequest): Quote {
  const schedule = book.inForceAt(req.atMs);
  const slot = rateSlotOf(req.channel, req.qrSubChannel);
  const uncapped = percentageFen(req.amountFen, schedule.ppm[slot]!);
  const cap = schedule.capFen[slot]!;
  const capped = cap >= 0 && uncapped > cap;
  const fee = priceFen(schedule, slot, req.amountFen);
  const limits = checkLimits(schedule, req.channel, req.amountFen, req, req.usage ?? NO_USAGE);
  const settlement = settle(calendar, req.atMs, req);
  return {
    amountFen: req.amountFen,
    feeFen: fee,
    netFen: req.amountFen - fee,
    percentagePartFen: capped ? cap : uncapped,
    fixedPartFen: schedule.fixedFen[slot]!,
    capped,
    flagged: fee >= req.amountFen,
    scheduleVersion: schedule.id,
    channel: req.channel,
    qrSubChannel: req.channel === 'qr' ? (req.qrSubChannel ?? null) : null,
    atMs: req.atMs,
    settlement,
    allowed: limits.allowed,
    reason: limits.reason,
    headroomFen: limits.headroomFen,
    bindingLimit: limits.bindingLimit,
  };
}
