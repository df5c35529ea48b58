import { describe, expect, it } from 'vitest';
import { DEMO_LEDGER, seedDemoSupport } from '../../../electron/services/support/demo-seed';
import { explainLedgerText } from '../../../electron/services/support/money-explain';
import { supportFixture } from './fixture';

describe('demo support seed', () => {
  it('opens returned units in several states once, and is a no-op on the next start', () => {
    const f = supportFixture('2026-11-25T10:00:00+08:00');
    expect(seedDemoSupport(f.service, f.dataDir)).toBeNull();
    const states = () => f.service.cases.search({ scope: 'all', limit: 50 }).map((c) => [c.symptom, c.state]);
    expect(states()).toEqual(
      expect.arrayContaining([
        ['card_reader', 'diagnosing'],
        ['dropped_or_wet', 'awaiting_decision'],
        ['merchant_cancels', 'refurbishing'],
        ['lost_then_found', 'received'],
      ]),
    );
    seedDemoSupport(f.service, f.dataDir);
    expect(states()).toHaveLength(4);
  });

  it('past the working-day calendar it seeds nothing and says why', () => {
    const f = supportFixture('2026-12-31T10:00:00+08:00');
    expect(seedDemoSupport(f.service, f.dataDir)).toMatch(/calendar covers/);
    expect(f.service.cases.search({ scope: 'all', limit: 50 })).toEqual([]);
  });

  it("the demo merchant's ledger holds the money questions the desk answers", () => {
    const f = supportFixture();
    const result = explainLedgerText(f.service.fees, DEMO_LEDGER, 'M-DEMO-01');
    const refused = result.rows.filter((r) => !r.allowed).map((r) => r.refusedBy);
    expect(refused).toEqual(['limit.questionnaire_skipped.per_transaction', 'limit.class_ii.per_day']);
    expect(result.merchants[0]!.rowsWithFeeDifference).toBeGreaterThan(0);
    expect(result.rows.some((r) => r.settlement?.calendar?.skippedHolidays.length)).toBe(true);
    expect(result.rows.some((r) => r.settlement?.calendar?.settlesOnSwappedWorkday)).toBe(true);
  });
});
