import {
  LIMIT_GROUP,
  QR_SUB_CHANNELS,
  RATE_SLOT,
  type LimitGroup,
  type QrSubChannel,
  type RateSlot,
} from '../../contract/domain/fees/channels';
import { UNLIMITED, type CompiledSchedule } from './schedule';
import type { ScheduleBook, ScheduleStatus } from './schedule-book';
import { DAY_MS, formatShanghaiIso } from '../calendar/shanghai-time';

/** JSON-safe description of one schedule version, for the schedules screen, the CLI and the contract. */
export interface RateView {
  readonly ppm: number;
  /** ppm as a percentage with up to four decimals, e.g. '0.6%', '0.65%'. */
  readonly percent: string;
  readonly fixedFen: number;
  readonly capFen: number | null;
}

export interface ChannelLimitView {
  readonly perTransactionFen: number | null;
  readonly perDayFen: number | null;
}

export interface ScheduleView {
  readonly id: string;
  readonly announcedAt: string;
  readonly effectiveAt: string;
  readonly noticeDays: number;
  readonly status: ScheduleStatus;
  readonly source: string;
  readonly rates: {
    readonly credit: RateView;
    readonly debit: RateView;
    readonly qr: RateView;
    readonly qrSubChannels: Readonly<Record<QrSubChannel, RateView>>;
  };
  readonly limits: {
    readonly credit: ChannelLimitView;
    readonly debit: ChannelLimitView;
    readonly qr: ChannelLimitView;
    readonly questionnaireSkippedPerTransactionFen: number;
    readonly classIIPerDayFen: number;
    readonly classIIPerYearFen: number;
  };
}

export function percentOf(ppm: number): string {
  // ppm / 10^4 percent; integer arithmetic so 6500 reads '0.65', never '0.6500000001'.
  const whole = Math.floor(ppm / 10_000);
  const frac = String(ppm % 10_000)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return `${whole}${frac === '' ? '' : `.${frac}`}%`;
}

const orNull = (value: number): number | null => (value === UNLIMITED ? null : value);

function rateView(s: CompiledSchedule, slot: RateSlot): RateView {
  const ppm = s.ppm[slot]!;
  return { ppm, percent: percentOf(ppm), fixedFen: s.fixedFen[slot]!, capFen: orNull(s.capFen[slot]!) };
}

function limitView(s: CompiledSchedule, group: LimitGroup): ChannelLimitView {
  return { perTransactionFen: orNull(s.perTransactionFen[group]!), perDayFen: orNull(s.perDayFen[group]!) };
}

export function scheduleView(book: ScheduleBook, s: CompiledSchedule, nowMs: number): ScheduleView {
  const qrSubChannels = Object.fromEntries(
    QR_SUB_CHANNELS.map((c) => [c, rateView(s, RATE_SLOT[c])]),
  ) as Record<QrSubChannel, RateView>;
  return {
    id: s.id,
    announcedAt: formatShanghaiIso(s.announcedAtMs),
    effectiveAt: formatShanghaiIso(s.effectiveAtMs),
    noticeDays: Math.floor((s.effectiveAtMs - s.announcedAtMs) / DAY_MS),
    status: book.statusAt(s, nowMs),
    source: s.source,
    rates: {
      credit: rateView(s, RATE_SLOT.credit),
      debit: rateView(s, RATE_SLOT.debit),
      qr: rateView(s, RATE_SLOT.qr),
      qrSubChannels,
    },
    limits: {
      credit: limitView(s, LIMIT_GROUP.credit),
      debit: limitView(s, LIMIT_GROUP.debit),
      qr: limitView(s, LIMIT_GROUP.qr),
      questionnaireSkippedPerTransactionFen: s.questionnaireSkippedPerTransactionFen,
      classIIPerDayFen: s.classIIPerDayFen,
      classIIPerYearFen: s.classIIPerYearFen,
    },
  };
}
