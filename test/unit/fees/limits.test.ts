import { checkLimits, type LimitProfile } from '../../../electron/services/fees/limits';
import type { Channel } from '../../../electron/contract/domain/fees/channels';
import { at, shippedBook } from './fixtures';

const schedule = shippedBook().inForceAt(at('2026-11-25T12:00:00+08:00'));
const plain: LimitProfile = { questionnaireSkipped: false, accountClass: 'I' };
const skipped: LimitProfile = { questionnaireSkipped: true, accountClass: 'I' };
const classII: LimitProfile = { questionnaireSkipped: false, accountClass: 'II' };

const YUAN = 100;

interface Bound {
  name: string;
  channel: Channel;
  profile: LimitProfile;
  /** Usage before the transaction. */
  usage: { channelDayFen: number; dayFen: number; yearFen: number };
  /** The largest amount allowed given that usage. */
  boundFen: number;
  reason: string;
}

const none = { channelDayFen: 0, dayFen: 0, yearFen: 0 };

const bounds: Bound[] = [
  {
    name: 'credit 50,000 per transaction',
    channel: 'credit',
    profile: plain,
    usage: none,
    boundFen: 50_000 * YUAN,
    reason: 'limit.credit.per_transaction',
  },
  {
    name: 'credit 300,000 per day',
    channel: 'credit',
    profile: plain,
    usage: { channelDayFen: 280_000 * YUAN, dayFen: 280_000 * YUAN, yearFen: 280_000 * YUAN },
    boundFen: 20_000 * YUAN,
    reason: 'limit.credit.per_day',
  },
  {
    name: 'QR 5,000 per transaction',
    channel: 'qr',
    profile: plain,
    usage: none,
    boundFen: 5_000 * YUAN,
    reason: 'limit.qr.per_transaction',
  },
  {
    name: 'QR 50,000 per day',
    channel: 'qr',
    profile: plain,
    usage: { channelDayFen: 47_000 * YUAN, dayFen: 47_000 * YUAN, yearFen: 47_000 * YUAN },
    boundFen: 3_000 * YUAN,
    reason: 'limit.qr.per_day',
  },
  {
    name: 'questionnaire skipped: 5,000 per transaction on credit',
    channel: 'credit',
    profile: skipped,
    usage: none,
    boundFen: 5_000 * YUAN,
    reason: 'limit.questionnaire_skipped.per_transaction',
  },
  {
    name: 'questionnaire skipped: 5,000 per transaction on debit (otherwise unlimited)',
    channel: 'debit',
    profile: skipped,
    usage: none,
    boundFen: 5_000 * YUAN,
    reason: 'limit.questionnaire_skipped.per_transaction',
  },
  {
    name: 'class-II account: 10,000 a day across channels',
    channel: 'credit',
    profile: classII,
    usage: { channelDayFen: 1_000 * YUAN, dayFen: 4_000 * YUAN, yearFen: 4_000 * YUAN },
    boundFen: 6_000 * YUAN,
    reason: 'limit.class_ii.per_day',
  },
  {
    name: 'class-II account: 200,000 a year',
    channel: 'debit',
    profile: classII,
    usage: { channelDayFen: 0, dayFen: 0, yearFen: 197_500 * YUAN },
    boundFen: 2_500 * YUAN,
    reason: 'limit.class_ii.per_year',
  },
];

describe('limits: at, just below and just above every bound', () => {
  it.each(bounds)('$name', ({ channel, profile, usage, boundFen, reason }) => {
    const below = checkLimits(schedule, channel, boundFen - 1, profile, usage);
    const atBound = checkLimits(schedule, channel, boundFen, profile, usage);
    const above = checkLimits(schedule, channel, boundFen + 1, profile, usage);
    expect(below).toEqual({ allowed: true, reason: null, headroomFen: boundFen, bindingLimit: reason });
    expect(atBound).toEqual({ allowed: true, reason: null, headroomFen: boundFen, bindingLimit: reason });
    expect(above).toEqual({ allowed: false, reason, headroomFen: boundFen, bindingLimit: reason });
  });
});

describe('limits', () => {
  it('debit has no limit in the shipped schedule (the guide gives none)', () => {
    expect(checkLimits(schedule, 'debit', 1_000_000_000 * YUAN, plain)).toEqual({
      allowed: true,
      reason: null,
      headroomFen: null,
      bindingLimit: null,
    });
  });

  it('a class-I account ignores the class-II caps', () => {
    const usage = { channelDayFen: 0, dayFen: 50_000 * YUAN, yearFen: 900_000 * YUAN };
    expect(checkLimits(schedule, 'credit', 50_000 * YUAN, plain, usage).allowed).toBe(true);
    expect(checkLimits(schedule, 'credit', 50_000 * YUAN, classII, usage)).toMatchObject({
      allowed: false,
      reason: 'limit.class_ii.per_day',
      headroomFen: 0,
    });
  });

  it('reports the tightest limit: a used-up day beats the per-transaction limit', () => {
    const usage = { channelDayFen: 299_000 * YUAN, dayFen: 299_000 * YUAN, yearFen: 299_000 * YUAN };
    expect(checkLimits(schedule, 'credit', 2_000 * YUAN, plain, usage)).toMatchObject({
      allowed: false,
      reason: 'limit.credit.per_day',
      headroomFen: 1_000 * YUAN,
    });
  });

  it('headroom never goes below zero when usage already exceeds a limit', () => {
    const usage = { channelDayFen: 60_000 * YUAN, dayFen: 60_000 * YUAN, yearFen: 60_000 * YUAN };
    expect(checkLimits(schedule, 'qr', 1, plain, usage)).toMatchObject({
      allowed: false,
      headroomFen: 0,
      reason: 'limit.qr.per_day',
    });
  });
});
