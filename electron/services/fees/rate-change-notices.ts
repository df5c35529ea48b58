import type { Operator } from '../../contract/context';
import { DomainError } from '../../contract/domain/errors';
import type { Db } from '../../store/database';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../audit/clock';
import { formatDay, formatShanghaiIso, shanghaiDayOf } from '../calendar/shanghai-time';
import { earliestEffectiveDay, givesNotice, lastAnnouncementMs, NOTICE_DAYS } from './notice-rule';
import { queueNotice } from '../notices/notice-outbox';
import type { CompiledSchedule } from './schedule';
import type { ScheduleBook } from './schedule-book';

/** The merchant's message for an announced schedule version (SMS and app push, DESIGN §1). */
export function rateChangeNoticeBody(schedule: Pick<CompiledSchedule, 'id' | 'effectiveAtMs'>): string {
  return `【POS】费率将于 ${formatDay(shanghaiDayOf(schedule.effectiveAtMs))} 起调整（版本 ${schedule.id}），详情见商户 App。`;
}

/**
 * Queues the rate-change notice of a pending schedule version for each merchant named, with the
 * audit record, in one transaction. Only a version at least 30 days from taking effect can be
 * announced (silence is consent only with notice ahead: notice-rule.ts); a merchant already told
 * about the version gets nothing new.
 */
export function queueRateChangeNotices(
  deps: {
    readonly db: Db;
    readonly audit: Pick<AuditLog, 'append'>;
    readonly clock: Clock;
    readonly book: ScheduleBook;
  },
  versionId: string,
  merchantIds: readonly string[],
  by: Operator,
): { queued: string[]; alreadyNotified: string[] } {
  const schedule = deps.book.byId(versionId);
  if (schedule === undefined)
    throw new DomainError(
      'not_found',
      `No fee schedule version '${versionId}'.`,
      'version',
      'fees.version.unknown',
    );
  const nowMs = deps.clock.now();
  if (schedule.effectiveAtMs <= nowMs)
    throw new DomainError(
      'wrong_state',
      `Version ${versionId} is already in force; a rate change is announced before it takes effect.`,
      'version',
      'fees.version.in_force',
    );
  if (!givesNotice(nowMs, schedule.effectiveAtMs))
    throw new DomainError(
      'wrong_state',
      `Version ${versionId} takes effect ${formatShanghaiIso(schedule.effectiveAtMs)}: merchants had to be told by ${formatShanghaiIso(lastAnnouncementMs(schedule.effectiveAtMs))} (${NOTICE_DAYS} days ahead). Announced now, a version may take effect from ${formatDay(earliestEffectiveDay(nowMs))} 00:00 Shanghai.`,
      'version',
      'fees.notice.too_late',
      {
        // Wall-clock words for the screen's sentence: 2026-11-15 00:00 (Shanghai).
        announceBy: formatShanghaiIso(lastAnnouncementMs(schedule.effectiveAtMs))
          .slice(0, 16)
          .replace('T', ' '),
        earliest: formatDay(earliestEffectiveDay(nowMs)),
      },
    );
  const merchants = [...new Set(merchantIds.map((m) => m.trim()).filter((m) => m !== ''))].sort();
  const queued: string[] = [];
  const alreadyNotified: string[] = [];
  deps.db
    .transaction(() => {
      for (const merchantId of merchants) {
        const fresh = queueNotice(
          deps.db,
          {
            kind: 'rate_change',
            merchantId,
            period: versionId,
            subject: '',
            body: rateChangeNoticeBody(schedule),
          },
          nowMs,
          by.username,
        );
        (fresh ? queued : alreadyNotified).push(merchantId);
      }
      deps.audit.append({
        actor: by.username,
        action: 'fees.rate_change.notified',
        subject: `fee_schedule:${versionId}`,
        details: { version: versionId, queued, alreadyNotified },
      });
    })
    .immediate();
  return { queued, alreadyNotified };
}
