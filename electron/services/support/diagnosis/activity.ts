import type { JournalEntry } from '../../../../native/protocol/diagnosis-messages';
import { formatDay, shanghaiDayOf } from '../../calendar/shanghai-time';

export interface DayActivity {
  readonly day: string;
  readonly approved: number;
  readonly failed: number;
  readonly amountFen: number;
}

export interface Activity {
  readonly days: DayActivity[];
  readonly longestIdle: { from: string; to: string; days: number } | null;
}

/**
 * The unit's trading per Shanghai calendar day, from its first journal entry to the diagnosis day,
 * idle days included (a chart of them shows a gap of idle weeks at a glance), and the longest run
 * of days without an approved transaction — trailing idle days up to the diagnosis count too.
 * Declined and limit-refused entries took no money; failed ones are counted apart, as a broken reader
 * or modem leaves them.
 */
export function activityPerDay(journal: readonly JournalEntry[], nowMs: number): Activity {
  if (journal.length === 0) return { days: [], longestIdle: null };
  const first = Math.min(...journal.map((e) => shanghaiDayOf(e.time * 1000)));
  const last = Math.max(shanghaiDayOf(nowMs), ...journal.map((e) => shanghaiDayOf(e.time * 1000)));
  const counts = Array.from({ length: last - first + 1 }, () => ({ approved: 0, failed: 0, amountFen: 0 }));
  for (const e of journal) {
    const slot = counts[shanghaiDayOf(e.time * 1000) - first]!;
    if (e.result === 'approved') {
      slot.approved++;
      slot.amountFen += e.amountFen;
    } else if (e.result === 'failed') slot.failed++;
  }
  let longestIdle: Activity['longestIdle'] = null;
  let runStart = -1;
  const closeRun = (end: number) => {
    if (runStart < 0) return;
    const days = end - runStart;
    if (!longestIdle || days > longestIdle.days)
      longestIdle = { from: formatDay(first + runStart), to: formatDay(first + end - 1), days };
    runStart = -1;
  };
  counts.forEach((c, i) => {
    if (c.approved === 0) {
      if (runStart < 0) runStart = i;
    } else closeRun(i);
  });
  closeRun(counts.length);
  return { days: counts.map((c, i) => ({ day: formatDay(first + i), ...c })), longestIdle };
}
