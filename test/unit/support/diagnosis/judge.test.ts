import { activityPerDay } from '../../../../electron/services/support/diagnosis/activity';
import {
  BATTERY_WEAR_CYCLES,
  BATTERY_WORN_HEALTH_PERCENT,
  CLOCK_DRIFT_LIMIT_S,
  judge,
  type JudgeContext,
} from '../../../../electron/services/support/diagnosis/findings';
import type { UnitReading } from '../../../../electron/services/support/diagnosis/read-unit';
import { genuineReason } from '../../../../electron/services/devices/genuine/reasons';
import { COMPONENTS } from '../../../../native/protocol/enums';
import { NOW_MS, dailyJournal, healthyReading } from './reading-fixture';

const ctx = (reading: UnitReading, change: Partial<JudgeContext> = {}): JudgeContext => ({
  expectedSerial: 'PSM1R0000101',
  shippedApplicationId: 'APP-1',
  symptom: 'card_reader',
  nowMs: NOW_MS,
  activity: activityPerDay(reading.journal, NOW_MS),
  ...change,
});
const run = (r: UnitReading, change: Partial<JudgeContext> = {}) => judge(r, ctx(r, change));
const failing = (component: string, detail = 'no answer') =>
  COMPONENTS.map((c) => ({
    component: c,
    result: c === component ? ('fail' as const) : ('pass' as const),
    detail: c === component ? detail : '',
  }));

describe('diagnosis verdict', () => {
  it('a healthy genuine unit: no fault, cause none, no findings', () => {
    const v = run(healthyReading());
    expect(v).toMatchObject({ faultFound: false, cause: 'none', primary: null, findings: [] });
  });

  it('a dead card reader on a young unit is a manufacturing fault, with the failed transactions as evidence', () => {
    const journal = [
      ...dailyJournal(30),
      { ...dailyJournal(1)[0]!, index: 30, result: 'failed' as const, feeFen: 0 },
    ];
    const v = run(
      healthyReading({ journal, selfTest: { results: failing('card_reader'), rolledBack: false } }),
    );
    expect(v.primary).toBe('component_failed');
    expect(v.cause).toBe('manufacturing');
    expect(v.words.zh).toContain('读卡器');
    expect(v.findings[0]!.evidence.map((e) => e.en).join(' ')).toContain(
      '1 transaction(s) in the journal did not complete',
    );
    // The unit's own detail is English device text; the Chinese evidence must not carry it.
    const zh = v.findings[0]!.evidence.map((e) => e.zh).join(' ');
    expect(zh).toContain('自检：读卡器');
    expect(zh).not.toContain('no answer');
  });

  it('the same failure after a wet stall is user damage; after 3,000 sales it is wear', () => {
    const broken = healthyReading({ selfTest: { results: failing('card_reader'), rolledBack: false } });
    expect(run(broken, { symptom: 'dropped_or_wet' }).cause).toBe('user_damage');
    const worn = { ...broken, counters: { ...broken.counters, transactions: 3000 } };
    expect(run(worn).cause).toBe('wear');
  });

  it(`a battery at or below ${BATTERY_WORN_HEALTH_PERCENT}% health is failing: wear past ${BATTERY_WEAR_CYCLES} cycles, else manufacturing`, () => {
    const base = healthyReading();
    const worn = healthyReading({ facts: { ...base.facts, batteryHealthPercent: 41, batteryCycles: 1150 } });
    expect(run(worn)).toMatchObject({ primary: 'battery_failing', cause: 'wear', faultFound: true });
    const young = healthyReading({ facts: { ...base.facts, batteryHealthPercent: 60, batteryCycles: 120 } });
    expect(run(young)).toMatchObject({ primary: 'battery_failing', cause: 'manufacturing' });
    const fine = healthyReading({ facts: { ...base.facts, batteryHealthPercent: 61 } });
    expect(run(fine).faultFound).toBe(false);
  });

  it('a tripped tamper switch is user damage and outranks a failing component', () => {
    const base = healthyReading();
    const v = run(
      healthyReading({
        identity: { ...base.identity, tamper: true },
        verdict: { ...base.verdict, genuine: false, code: 'tampered', reasons: [genuineReason('tampered')] },
        selfTest: { results: failing('modem'), rolledBack: false },
      }),
    );
    expect(v).toMatchObject({ primary: 'tampered', cause: 'user_damage' });
    expect(v.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['tampered', 'component_failed']));
    expect(v.findings.map((f) => f.code)).not.toContain('not_genuine');
  });

  it('a rollback that was the last firmware event is a rolled-back unit; a later confirm clears it', () => {
    const base = healthyReading();
    const rollbackLog = {
      index: 5,
      time: Math.floor(NOW_MS / 1000) - 86_400,
      level: 'warning' as const,
      code: 0x0303,
      message: 'self-test failed (modem): rolled back',
    };
    const rolled = healthyReading({
      counters: { ...base.counters, rollbacks: 1 },
      logs: [...base.logs, rollbackLog],
    });
    expect(run(rolled)).toMatchObject({ primary: 'firmware_rolled_back', cause: 'none', faultFound: true });
    const confirmedLater = healthyReading({
      counters: { ...base.counters, rollbacks: 1 },
      logs: [
        ...base.logs,
        rollbackLog,
        { ...rollbackLog, index: 6, level: 'info' as const, code: 0x0302, message: 'confirmed 1.2.0' },
      ],
    });
    expect(run(confirmedLater).faultFound).toBe(false);
  });

  it('a counterfeit (chain to no pinned root, unknown key) is named first and refused a free replacement', () => {
    const base = healthyReading();
    const v = run(
      healthyReading({
        identity: { ...base.identity, serial: 'PSM1R0000999' },
        verdict: {
          ...base.verdict,
          genuine: false,
          code: 'chain_untrusted',
          reasons: [
            genuineReason('chain_untrusted'),
            genuineReason('registry_unknown', { serial: 'PSM1R0000999' }),
          ],
        },
        selfTest: { results: failing('card_reader'), rolledBack: false },
      }),
    );
    expect(v).toMatchObject({ primary: 'not_genuine', cause: 'user_damage' });
    expect(v.findings.map((f) => f.code)).toContain('serial_differs');
  });

  it('counters that disagree with an unwrapped journal are a warning; a wrapped journal may hold fewer', () => {
    const base = healthyReading();
    const off = healthyReading({ counters: { ...base.counters, transactions: 61 } });
    expect(run(off).findings.map((f) => f.code)).toEqual(['journal_counters_mismatch']);
    const wrapped = healthyReading({
      journal: base.journal.map((e) => ({ ...e, index: e.index + 5000 })),
      counters: { ...base.counters, transactions: 5060, transactionAmountFen: 50_600_000 },
    });
    expect(run(wrapped).findings).toEqual([]);
  });

  it(`clock drift over ${CLOCK_DRIFT_LIMIT_S} s, no SIM, a weak signal, a foreign binding and idle weeks are noted, not faults`, () => {
    const base = healthyReading();
    const drift = healthyReading({
      facts: { ...base.facts, clockTime: base.facts.clockTime + CLOCK_DRIFT_LIMIT_S + 1 },
    });
    expect(run(drift)).toMatchObject({
      faultFound: false,
      findings: [{ code: 'clock_drift', severity: 'warning' }],
    });
    const noSim = healthyReading({ facts: { ...base.facts, simState: 'absent' } });
    expect(run(noSim).findings.map((f) => f.code)).toEqual(['sim_absent']);
    const weak = healthyReading({ facts: { ...base.facts, signalMinusDbm: 110 } });
    expect(run(weak).findings.map((f) => f.code)).toEqual(['weak_signal']);
    expect(run(base, { shippedApplicationId: 'APP-2' }).findings.map((f) => f.code)).toEqual([
      'binding_mismatch',
    ]);
    const idle = healthyReading({
      journal: dailyJournal(20, 40),
      counters: { ...base.counters, transactions: 20, transactionAmountFen: 200_000 },
    });
    const v = run(idle);
    expect(v.faultFound).toBe(false);
    expect(v.findings.find((f) => f.code === 'idle_gap')?.words.en).toContain('No transaction for 40 days');
  });

  it('a unit in test boot is not self-tested (a failure would roll it back) and says so', () => {
    const base = healthyReading();
    const v = run(healthyReading({ identity: { ...base.identity, bootState: 'test_boot' }, selfTest: null }));
    expect(v.findings.map((f) => f.code)).toEqual(['firmware_on_trial', 'selftest_skipped']);
  });
});
