import type { Operator } from '../../contract/context';
import { DomainError } from '../../contract/domain/errors';
import type { DiagnosisReport } from '../../contract/support-diagnosis';
import type { Db } from '../../store/database';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../audit/clock';
import { formatShanghaiIso } from '../calendar/shanghai-time';
import { isIdleInMonth, shanghaiMonthOf } from '../fees/device-rules';
import type { ScheduleBook } from '../fees/schedule-book';
import { noticesFor, queueNotice, type NoticeRecord } from '../notices/notice-outbox';
import { idleFromLedger } from './ledger-months';

/**
 * Idle units (issue 10 §6) from both places the station learns about trading: an imported
 * merchant ledger, and the transaction journals read from returned units at the counter (kept in
 * their diagnosis reports). A unit is idle in a calendar month (Asia/Shanghai) when it traded
 * before the month and not in it. Reminders go to the merchants through the notice outbox, one
 * per merchant and month however often they are sent.
 */
export interface IdleUnit {
  /** null: the unit's journal names no merchant (not bound, no case naming one): nobody to remind. */
  readonly merchantId: string | null;
  readonly serial: string | null;
  readonly lastTransactionAt: string;
  readonly source: 'ledger' | 'journal';
}

export interface IdleList {
  readonly month: string;
  /** Merchants in the ledger plus units whose journals were read for the month. */
  readonly merchants: number;
  readonly journalsRead: number;
  readonly idle: IdleUnit[];
  readonly reminders: NoticeRecord[];
}

interface JournalRow {
  serial: string;
  finished_at: string;
  report: string;
  merchant_id: string | null;
}

/**
 * Each unit's latest journal read at the counter. A journal read before the month began says
 * nothing about the month and is left out; one read during it covers the month up to the reading
 * (the unit was in support's hands from then on).
 */
function idleFromJournals(db: Db, month: string): { read: number; idle: IdleUnit[] } {
  const rows = db
    .prepare(
      `SELECT d.serial, d.finished_at, d.report, c.merchant_id
         FROM support_diagnoses d LEFT JOIN support_cases c ON c.id = d.case_id
        WHERE d.rowid = (SELECT d2.rowid FROM support_diagnoses d2 WHERE d2.serial = d.serial
                          ORDER BY d2.finished_at DESC, d2.rowid DESC LIMIT 1)`,
    )
    .all() as JournalRow[];
  let read = 0;
  const idle: IdleUnit[] = [];
  for (const row of rows) {
    if (shanghaiMonthOf(Date.parse(row.finished_at)) < month) continue;
    read++;
    const report = JSON.parse(row.report) as DiagnosisReport;
    const times = report.journal.entries.filter((e) => e.result === 'approved').map((e) => Date.parse(e.at));
    const earlier = times.filter((t) => shanghaiMonthOf(t) < month);
    if (earlier.length === 0 || !isIdleInMonth(month, times)) continue;
    idle.push({
      merchantId: row.merchant_id ?? report.binding.boundApplicationId ?? report.binding.shippedApplicationId,
      serial: row.serial,
      lastTransactionAt: formatShanghaiIso(Math.max(...earlier)),
      source: 'journal',
    });
  }
  return { read, idle };
}

export interface IdleDeps {
  readonly db: Db;
  readonly audit: Pick<AuditLog, 'append'>;
  readonly clock: Clock;
  readonly book: ScheduleBook;
}

function checkMonth(month: string, nowMs: number): void {
  if (month > shanghaiMonthOf(nowMs))
    throw new DomainError('bad_value', `Month ${month} has not begun.`, 'month', 'support.idle.future_month');
}

/** The idle list for a month, from the ledger (when given) and the journals read at the counter. */
export function listIdle(deps: IdleDeps, month: string, csv?: string): IdleList {
  checkMonth(month, deps.clock.now());
  const ledger = csv === undefined ? null : idleFromLedger(deps.book, csv, month);
  const journals = idleFromJournals(deps.db, month);
  const seen = new Set<string>();
  const idle: IdleUnit[] = [];
  // A unit both sources name is listed once, from the ledger (it covers the whole month).
  for (const unit of [
    ...(ledger?.idle.map((e): IdleUnit => ({ ...e, source: 'ledger' })) ?? []),
    ...journals.idle,
  ]) {
    const key = unit.serial ?? `merchant:${unit.merchantId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    idle.push(unit);
  }
  idle.sort((a, b) => (a.lastTransactionAt < b.lastTransactionAt ? -1 : 1));
  return {
    month,
    merchants: ledger?.merchants ?? 0,
    journalsRead: journals.read,
    idle,
    reminders: noticesFor(deps.db, 'idle_reminder', month),
  };
}

function reminderBody(merchantId: string, serials: readonly string[], month: string): string {
  const units = serials.length === 0 ? '您的 POS 终端' : `您的 POS 终端（${serials.join('、')}）`;
  return `【POS】商户 ${merchantId}：${units}在 ${month} 没有交易。终端每个自然月至少使用一次，否则会被标记为闲置。`;
}

/**
 * Queues one reminder per idle merchant for the month, with the audit record, in one transaction.
 * The list is worked out here, never taken from the screen. A merchant already reminded for the
 * month gets nothing new.
 */
export function remindIdle(
  deps: IdleDeps,
  month: string,
  csv: string | undefined,
  by: Operator,
): { queued: string[]; alreadyReminded: string[]; list: IdleList } {
  const list = listIdle(deps, month, csv);
  const serials = new Map<string, string[]>();
  for (const unit of list.idle) {
    if (unit.merchantId === null) continue;
    const units = serials.get(unit.merchantId) ?? [];
    if (unit.serial !== null) units.push(unit.serial);
    serials.set(unit.merchantId, units);
  }
  if (serials.size === 0)
    throw new DomainError(
      'wrong_state',
      `No idle merchant to remind for ${month}.`,
      'month',
      'support.idle.nobody',
    );
  const queued: string[] = [];
  const alreadyReminded: string[] = [];
  const nowMs = deps.clock.now();
  deps.db
    .transaction(() => {
      for (const [merchantId, units] of [...serials].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const fresh = queueNotice(
          deps.db,
          {
            kind: 'idle_reminder',
            merchantId,
            period: month,
            subject: units.join(','),
            body: reminderBody(merchantId, units, month),
          },
          nowMs,
          by.username,
        );
        (fresh ? queued : alreadyReminded).push(merchantId);
      }
      deps.audit.append({
        actor: by.username,
        action: 'support.idle.reminded',
        subject: `idle:${month}`,
        details: { month, queued, alreadyReminded },
      });
    })
    .immediate();
  return {
    queued,
    alreadyReminded,
    list: { ...list, reminders: noticesFor(deps.db, 'idle_reminder', month) },
  };
}
