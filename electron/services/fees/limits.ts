import { LIMIT_GROUP, type Channel, type LimitGroup } from '../../contract/domain/fees/channels';
import { UNLIMITED, type CompiledSchedule } from './schedule';
import { LIMIT_REASONS, type LimitReason } from '../../contract/domain/fees/reasons';

export { LIMIT_REASONS, type LimitReason };

const PER_TRANSACTION = 0;
const PER_DAY = 3;
const QUESTIONNAIRE = 6;
const CLASS_II_DAY = 7;
const CLASS_II_YEAR = 8;

export type AccountClass = 'I' | 'II';

/** What the merchant's settlement set-up says about limits. */
export interface LimitProfile {
  readonly questionnaireSkipped: boolean;
  readonly accountClass: AccountClass;
}

/** What the merchant has already taken in, before this transaction. */
export interface LimitUsage {
  /** Today (Shanghai calendar day) on this transaction's channel. */
  readonly channelDayFen: number;
  /** Today across all channels (the class-II account limit counts everything it settles). */
  readonly dayFen: number;
  /** This calendar year across all channels. */
  readonly yearFen: number;
}

export const NO_USAGE: LimitUsage = { channelDayFen: 0, dayFen: 0, yearFen: 0 };

/** Reusable result slot so the ledger's per-row check allocates nothing. */
export interface LimitScratch {
  /** Largest amount this transaction could have right now; UNLIMITED when nothing limits it. */
  headroomFen: number;
  /** Index into LIMIT_REASONS of the binding limit (the one with the least headroom), or -1. */
  binding: number;
}

export function newLimitScratch(): LimitScratch {
  return { headroomFen: UNLIMITED, binding: -1 };
}

function consider(out: LimitScratch, limitFen: number, usedFen: number, reason: number): void {
  if (limitFen === UNLIMITED) return;
  const room = limitFen > usedFen ? limitFen - usedFen : 0;
  if (out.headroomFen === UNLIMITED || room < out.headroomFen) {
    out.headroomFen = room;
    out.binding = reason;
  }
}

/**
 * Fills `out` with the headroom under every limit that applies and returns whether the amount
 * fits. Ties go to the limit listed first (per transaction before per day before class II).
 */
export function evaluateLimits(
  out: LimitScratch,
  schedule: CompiledSchedule,
  group: LimitGroup,
  amountFen: number,
  questionnaireSkipped: boolean,
  classII: boolean,
  channelDayFen: number,
  dayFen: number,
  yearFen: number,
): boolean {
  out.headroomFen = UNLIMITED;
  out.binding = -1;
  consider(out, schedule.perTransactionFen[group]!, 0, PER_TRANSACTION + group);
  if (questionnaireSkipped) consider(out, schedule.questionnaireSkippedPerTransactionFen, 0, QUESTIONNAIRE);
  consider(out, schedule.perDayFen[group]!, channelDayFen, PER_DAY + group);
  if (classII) {
    consider(out, schedule.classIIPerDayFen, dayFen, CLASS_II_DAY);
    consider(out, schedule.classIIPerYearFen, yearFen, CLASS_II_YEAR);
  }
  return out.headroomFen === UNLIMITED || amountFen <= out.headroomFen;
}

export interface LimitCheck {
  readonly allowed: boolean;
  /** The limit that refuses the transaction, or null when it is allowed. */
  readonly reason: LimitReason | null;
  /** Largest amount a transaction on this channel could have right now; null = unlimited. */
  readonly headroomFen: number | null;
  /** The limit that sets the headroom (allowed or not); null = unlimited. */
  readonly bindingLimit: LimitReason | null;
}

export function checkLimits(
  schedule: CompiledSchedule,
  channel: Channel,
  amountFen: number,
  profile: LimitProfile,
  usage: LimitUsage = NO_USAGE,
): LimitCheck {
  const out = newLimitScratch();
  const allowed = evaluateLimits(
    out,
    schedule,
    LIMIT_GROUP[channel],
    amountFen,
    profile.questionnaireSkipped,
    profile.accountClass === 'II',
    usage.channelDayFen,
    usage.dayFen,
    usage.yearFen,
  );
  const binding = out.binding < 0 ? null : LIMIT_REASONS[out.binding]!;
  return {
    allowed,
    reason: allowed ? null : binding,
    headroomFen: out.headroomFen === UNLIMITED ? null : out.headroomFen,
    bindingLimit: binding,
  };
}
