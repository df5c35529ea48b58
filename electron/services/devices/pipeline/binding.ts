import type { Db } from '../../../store/database';
import type { LimitChannel } from '../../../../native/protocol/enums';
import type { Limit } from '../../../../native/protocol/messages';
import { LIMIT_GROUP } from '../../fees/channels';
import { UNLIMITED } from '../../fees/schedule';
import type { FeesService } from '../../fees/service';

/** An application a unit may be bound to: approved, with its settlement card already masked. */
export interface ApprovedApplication {
  readonly id: string;
  readonly settlementCardMasked: string;
}

export interface ApplicationSource {
  /** undefined when there is no such application or it is not approved. */
  approved(id: string): ApprovedApplication | undefined;
}

/** The KYC queue's applications (migration 0004): only state 'approved' may be bound. */
export function kycApplications(db: Db): ApplicationSource {
  return {
    approved(id) {
      const row = db
        .prepare("SELECT id, card_masked FROM kyc_applications WHERE id = ? AND state = 'approved'")
        .get(id) as { id: string; card_masked: string } | undefined;
      return row && { id: row.id, settlementCardMasked: row.card_masked };
    },
  };
}

/**
 * Approved applications that no unit has been shipped for yet, newest decision first: what the
 * warehouse picks from when binding, instead of typing an id.
 */
export function applicationsAwaitingDevice(db: Db, limit: number): ApprovedApplication[] {
  const rows = db
    .prepare(
      `SELECT a.id, a.card_masked FROM kyc_applications a
        WHERE a.state = 'approved'
          AND NOT EXISTS (SELECT 1 FROM shipments s WHERE s.application_id = a.id)
        ORDER BY a.updated_at DESC LIMIT ?`,
    )
    .all(limit) as { id: string; card_masked: string }[];
  return rows.map((row) => ({ id: row.id, settlementCardMasked: row.card_masked }));
}

/** Demo application ids the demo start offers when the review queue is empty; demo mode only. */
export const DEMO_APPLICATION_PREFIX = 'DEMO-';

export function withDemoApplications(source: ApplicationSource): ApplicationSource {
  return {
    approved: (id) =>
      source.approved(id) ??
      (id.startsWith(DEMO_APPLICATION_PREFIX) ? { id, settlementCardMasked: '622202******0000' } : undefined),
  };
}

/** The protocol's rule for a card on the wire: digits, '*' and spaces, at least one '*', at most 10 digits. */
export function isMaskedCard(card: string): boolean {
  return /^[0-9* ]+$/.test(card) && card.includes('*') && card.replace(/[^0-9]/g, '').length <= 10;
}

export interface LimitProfile {
  /** e.g. '2025-baseline/questionnaire-skipped/class-I': schedule version and merchant profile. */
  readonly id: string;
  readonly questionnaireAnswered: boolean;
  readonly limits: Limit[];
}

/** A limit the schedule leaves open is sent as the largest value the wire allows. */
const OPEN = Number.MAX_SAFE_INTEGER;
const CHANNELS: readonly LimitChannel[] = ['credit', 'debit', 'qr'];

/**
 * The limits the unit enforces, from the fee engine's schedule in force now: per channel, the
 * tighter of the channel's limit and the 5,000-yuan cap when the questionnaire was skipped; a
 * class-II settlement account also caps every channel's day at its daily limit.
 */
export function limitProfile(
  fees: Pick<FeesService, 'book' | 'now'>,
  profile: { questionnaireAnswered: boolean; accountClass: 'I' | 'II' },
): LimitProfile {
  const schedule = fees.book.inForceAt(fees.now());
  const tighter = (a: number, b: number) => (a === UNLIMITED ? b : b === UNLIMITED ? a : Math.min(a, b));
  const limits = CHANNELS.map((channel): Limit => {
    const group = LIMIT_GROUP[channel];
    let perTransaction = schedule.perTransactionFen[group]!;
    if (!profile.questionnaireAnswered)
      perTransaction = tighter(perTransaction, schedule.questionnaireSkippedPerTransactionFen);
    let perDay = schedule.perDayFen[group]!;
    if (profile.accountClass === 'II') perDay = tighter(perDay, schedule.classIIPerDayFen);
    return {
      channel,
      perTransactionFen: perTransaction === UNLIMITED ? OPEN : perTransaction,
      perDayFen: perDay === UNLIMITED ? OPEN : perDay,
    };
  });
  const questionnaire = profile.questionnaireAnswered ? 'questionnaire-answered' : 'questionnaire-skipped';
  return {
    id: `${schedule.id}/${questionnaire}/class-${profile.accountClass}`,
    questionnaireAnswered: profile.questionnaireAnswered,
    limits,
  };
}
