import {
  addMonths,
  ageOn,
  daysBetween,
  shanghaiDate,
  shanghaiLocalToEpoch,
} from '../../../electron/services/kyc/checks/civil-date';

describe('calendar arithmetic', () => {
  it('adds calendar months, falling back to the last day of a shorter month', () => {
    expect(addMonths('2026-11-25', 6)).toBe('2027-05-25');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2026-05-31', -3)).toBe('2026-02-28');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
  });

  it('turns a year older on the birthday itself', () => {
    expect(ageOn('2008-11-25', '2026-11-25')).toBe(18);
    expect(ageOn('2008-11-25', '2026-11-24')).toBe(17);
  });

  it('counts a 29 February birthday as reached on 1 March in a common year', () => {
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
    expect(ageOn('2008-02-29', '2028-02-29')).toBe(20);
  });

  it('takes dates in Asia/Shanghai regardless of the machine time zone', () => {
    expect(shanghaiDate('2026-08-24T16:30:00Z')).toBe('2026-08-25');
    expect(shanghaiDate('2026-08-24T15:59:59Z')).toBe('2026-08-24');
    expect(shanghaiLocalToEpoch('2026-01-01 08:00:00')).toBe(Date.UTC(2026, 0, 1, 0, 0, 0));
    expect(daysBetween('2026-02-01', '2026-03-01')).toBe(28);
  });
});
