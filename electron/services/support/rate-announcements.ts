import type { Operator } from '../../contract/context';
import { MERCHANT_SOURCES, type VersionAnnouncement } from '../../contract/support-announce';
import { QR_SUB_CHANNELS, RATE_SLOT } from '../../contract/domain/fees/channels';
import type { Db } from '../../store/database';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../audit/clock';
import { formatDay, formatShanghaiIso } from '../calendar/shanghai-time';
import { earliestEffectiveDay, givesNotice, lastAnnouncementMs } from '../fees/notice-rule';
import { queueRateChangeNotices, rateChangeNoticeBody } from '../fees/rate-change-notices';
import type { CompiledSchedule } from '../fees/schedule';
import type { ScheduleBook } from '../fees/schedule-book';
import { percentOf } from '../fees/schedule-view';
import { UNLIMITED } from '../fees/schedule';
import { noticesFor } from '../notices/notice-outbox';

export interface AnnounceDeps {
  readonly db: Db;
  readonly audit: Pick<AuditLog, 'append'>;
  readonly clock: Clock;
  readonly book: ScheduleBook;
}

type Source = (typeof MERCHANT_SOURCES)[number];

/**
 * Every merchant this station serves: approved applications (an application's id is its merchant's
 * id, as binding and the idle list use it), merchants named on after-sales cases, and merchants
 * whose settlement support switched. A rate change reaches them all: every merchant can take cards.
 */
export function knownMerchants(db: Db): Map<string, Source[]> {
  const rows = db
    .prepare(
      `SELECT id AS merchant, 'application' AS source FROM kyc_applications WHERE state = 'approved'
       UNION SELECT merchant_id, 'case' FROM support_cases WHERE merchant_id IS NOT NULL
       UNION SELECT merchant_id, 'settlement' FROM merchant_settlement`,
    )
    .all() as { merchant: string; source: Source }[];
  const merchants = new Map<string, Source[]>();
  for (const { merchant, source } of rows)
    merchants.set(merchant, [...(merchants.get(merchant) ?? []), source]);
  for (const sources of merchants.values())
    sources.sort((a, b) => MERCHANT_SOURCES.indexOf(a) - MERCHANT_SOURCES.indexOf(b));
  return merchants;
}

const CHANNELS = ['credit', 'debit', 'qr', ...QR_SUB_CHANNELS] as const;

function rateOf(s: CompiledSchedule, channel: (typeof CHANNELS)[number]) {
  const slot = RATE_SLOT[channel];
  const cap = s.capFen[slot]!;
  return {
    percent: percentOf(s.ppm[slot]!),
    fixedFen: s.fixedFen[slot]!,
    capFen: cap === UNLIMITED ? null : cap,
  };
}

/** The rates a version changes against the one before it (all of them for the first version). */
function rateChanges(book: ScheduleBook, s: CompiledSchedule): VersionAnnouncement['changes'] {
  const before = book.versions[book.versions.indexOf(s) - 1];
  return CHANNELS.flatMap((channel) => {
    const to = rateOf(s, channel);
    const from = before ? rateOf(before, channel) : null;
    return from && JSON.stringify(from) === JSON.stringify(to) ? [] : [{ channel, from, to }];
  });
}

function versionView(deps: AnnounceDeps, s: CompiledSchedule, nowMs: number): VersionAnnouncement {
  const notices = new Map(noticesFor(deps.db, 'rate_change', s.id).map((n) => [n.merchantId, n]));
  const merchants = knownMerchants(deps.db);
  // A merchant told earlier stays on the list even if the station no longer names it otherwise.
  for (const id of notices.keys()) if (!merchants.has(id)) merchants.set(id, []);
  const ruleMet = givesNotice(nowMs, s.effectiveAtMs);
  return {
    id: s.id,
    effectiveAt: formatShanghaiIso(s.effectiveAtMs),
    plannedAnnouncementAt: formatShanghaiIso(s.announcedAtMs),
    announceBy: formatShanghaiIso(lastAnnouncementMs(s.effectiveAtMs)),
    ruleMet,
    earliestEffectiveDate: ruleMet ? null : formatDay(earliestEffectiveDay(nowMs)),
    changes: rateChanges(deps.book, s),
    body: rateChangeNoticeBody(s),
    merchants: [...merchants]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([merchantId, sources]) => {
        const n = notices.get(merchantId);
        return {
          merchantId,
          sources,
          notice: n
            ? {
                state: n.sentAt !== null ? 'sent' : n.attempts > 0 ? 'retrying' : 'queued',
                createdAt: n.createdAt,
                createdBy: n.createdBy,
                attempts: n.attempts,
                lastError: n.lastError,
                sentAt: n.sentAt,
              }
            : null,
        };
      }),
  };
}

/** The versions not yet in force, soonest first, each with its merchants and notices. */
export function rateAnnouncements(deps: AnnounceDeps): { now: string; versions: VersionAnnouncement[] } {
  const nowMs = deps.clock.now();
  return {
    now: formatShanghaiIso(nowMs),
    versions: deps.book.versions
      .filter((s) => s.effectiveAtMs > nowMs)
      .map((s) => versionView(deps, s, nowMs)),
  };
}

/**
 * Announces a version to every merchant the station serves — worked out here, never taken from the
 * screen — through the notice outbox (queueRateChangeNotices: the 30-day rule, one notice per
 * merchant and version, the audit record, one transaction).
 */
export function announceRateChange(deps: AnnounceDeps, version: string, by: Operator) {
  const done = queueRateChangeNotices(deps, version, [...knownMerchants(deps.db).keys()], by);
  return { ...rateAnnouncements(deps), ...done };
}
