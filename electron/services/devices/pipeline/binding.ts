import type { Db } from '../../../store/database';
import type { LimitChannel } from '../../../../native/protocol/enums';
import type { Limit } from '../../../../native/protocol/messages';
import { LIMIT_GROUP } from '../../../contract/domain/fees/channels';
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

/** An application waiting for a terminal, as the warehouse picks it: id, masked name and card. */
export interface AwaitingApplication extends ApprovedApplication {
  readonly nameMasked: string;
}

/**
 * Approved applications that no unit has been shipped for yet, newest decision first: what the
 * warehouse picks from when binding, instead of typing an id. `query` narrows to ids containing it
 * (a scanned order barcode) or masked names containing it. Read-only over the KYC store's table.
 */
export function applicationsAwaitingDevice(db: Db, limit: number, query = ''): AwaitingApplication[] {
  const like = `%${query.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = db
    .prepare(
      `SELECT a.id, a.card_masked, a.name_masked FROM kyc_applications a
        WHERE a.state = 'approved'
          AND NOT EXISTS (SELECT 1 FROM shipments s WHERE s.application_id = a.id)
          AND (a.id LIKE ? ESCAPE '\\' OR a.name_masked LIKE ? ESCAPE '\\')
        ORDER BY a.updated_at DESC LIMIT ?`,
    )
    .all(like, like, limit) as { id: string; card_masked: string; name_masked: string }[];
  return rows.map((row) => ({
    id: row.id,
    settlementCardMasked: row.card_masked,
    nameMasked: row.name_masked,
  }));
}

/** Demo application ids the demo start offers when the review queue is empty; demo mode only. */
export const DEMO_APPLICATION_PREFIX = 'DEMO-';

/** The demo applications offered in the picker (demo mode, beside the review queue's approved ones). */
export function demoApplications(count = 48): AwaitingApplication[] {
  const names = ['王*', '李*', '张*', '刘*', '陈*', '杨*', '黄*', '赵*'];
  return Array.from({ length: count }, (_, i) => ({
    id: `${DEMO_APPLICATION_PREFIX}${String(i + 1).padStart(4, '0')}`,
    settlementCardMasked: '622202******0000',
    nameMasked: names[i % names.length]!,
  }));
}

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
