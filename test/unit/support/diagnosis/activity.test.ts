import { activityPerDay } from '../../../../electron/services/support/diagnosis/activity';
import { activityChart } from '../../../../electron/contract/domain/support/activity-chart';
import { NOW_MS, dailyJournal } from './reading-fixture';

describe('activity per day over the journal', () => {
  it('counts approved sales and money per Shanghai day, failed apart, declined not at all, idle days as zeros', () => {
    const base = dailyJournal(3, 5);
    const journal = [
      ...base,
      { ...base[2]!, index: 3, result: 'failed' as const },
      { ...base[2]!, index: 4, result: 'declined' as const },
    ];
    const a = activityPerDay(journal, NOW_MS);
    expect(a.days).toHaveLength(8);
    expect(a.days[0]).toEqual({ day: '2026-11-18', approved: 1, failed: 0, amountFen: 10_000 });
    expect(a.days[2]).toEqual({ day: '2026-11-20', approved: 1, failed: 1, amountFen: 10_000 });
    expect(a.days.slice(3).every((d) => d.approved === 0)).toBe(true);
    expect(a.longestIdle).toEqual({ from: '2026-11-21', to: '2026-11-25', days: 5 });
  });

  it('a sale at 23:30 Shanghai belongs to that day, not the UTC one', () => {
    const at = Date.parse('2026-11-24T15:30:00Z') / 1000;
    const a = activityPerDay([{ ...dailyJournal(1)[0]!, time: at }], NOW_MS);
    expect(a.days[0]!.day).toBe('2026-11-24');
  });

  it('no journal: no days and no idle run', () => {
    expect(activityPerDay([], NOW_MS)).toEqual({ days: [], longestIdle: null });
  });

  it('the chart scales bars to the busiest day, stacks failed above approved and shades the idle run', () => {
    const days = [
      { day: '2026-10-31', approved: 4, failed: 0, amountFen: 1 },
      { day: '2026-11-01', approved: 1, failed: 1, amountFen: 1 },
      { day: '2026-11-02', approved: 0, failed: 0, amountFen: 0 },
      { day: '2026-11-03', approved: 0, failed: 0, amountFen: 0 },
    ];
    const c = activityChart(days, { from: '2026-11-02', to: '2026-11-03' }, 400, 100);
    expect(c.top).toBe(4);
    expect(c.bars[0]).toMatchObject({ approvedHeight: 100, approvedY: 0 });
    expect(c.bars[1]).toMatchObject({ approvedHeight: 25, failedHeight: 25, failedY: 50 });
    expect(c.idle).toEqual({ x: 200, width: 200 });
    expect(c.ticks.map((t) => t.label)).toEqual(['2026-10', '2026-11']);
  });
});
