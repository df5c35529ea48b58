import fc from 'fast-check';
import {
  civilFromDay,
  dayFromCivil,
  formatDay,
  formatShanghaiIso,
  parseDay,
  parseShanghaiTime,
  shanghaiDayOf,
  shanghaiInstant,
  weekdayOfDay,
} from '../../../electron/services/calendar/shanghai-time';

describe('Shanghai calendar arithmetic', () => {
  it('day numbers round-trip through civil dates and agree with Date.UTC', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 200_000 }), (day) => {
        const { year, month, day: d } = civilFromDay(day);
        expect(dayFromCivil(year, month, d)).toBe(day);
        expect(Date.UTC(year, month - 1, d) / 86_400_000).toBe(day);
        expect(weekdayOfDay(day)).toBe(new Date(day * 86_400_000).getUTCDay());
      }),
    );
  });

  it('places an instant on the Shanghai day, eight hours ahead of UTC', () => {
    // 2025-09-30 23:30 UTC is already 1 October in Shanghai.
    expect(formatDay(shanghaiDayOf(Date.UTC(2025, 8, 30, 23, 30)))).toBe('2025-10-01');
    expect(formatDay(shanghaiDayOf(Date.UTC(2025, 8, 30, 15, 59)))).toBe('2025-09-30');
    expect(formatShanghaiIso(shanghaiInstant(parseDay('2025-10-09'), 10))).toBe('2025-10-09T10:00:00+08:00');
  });

  it('parses ISO-8601 with and without an offset (none = Asia/Shanghai)', () => {
    const expected = Date.UTC(2026, 10, 25, 6, 30, 15);
    expect(parseShanghaiTime('2026-11-25T14:30:15+08:00')).toBe(expected);
    expect(parseShanghaiTime('2026-11-25T14:30:15+0800')).toBe(expected);
    expect(parseShanghaiTime('2026-11-25 14:30:15')).toBe(expected);
    expect(parseShanghaiTime('2026-11-25T06:30:15Z')).toBe(expected);
    expect(parseShanghaiTime('2026-11-25T01:30:15-05:00')).toBe(expected);
    expect(parseShanghaiTime('2026-11-25T14:30')).toBe(expected - 15_000);
    expect(parseShanghaiTime('2026-11-25T14:30:15.250+08:00')).toBe(expected + 250);
  });

  it('agrees with Date.parse on offset times', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        (date) => {
          const iso = date.toISOString();
          expect(parseShanghaiTime(iso)).toBe(date.getTime());
        },
      ),
    );
  });

  it.each([
    '2026-02-29T10:00:00+08:00',
    '2026-13-01T10:00:00+08:00',
    '2026-11-25T24:00:00+08:00',
    '2026-11-25T10:60:00+08:00',
    '2026-11-25T10:00:00+08',
    '2026-11-25T10:00:00 +08:00',
    '2026-11-25',
    '2026/11/25 10:00:00',
    '2026-11-25T10:00:0',
    '2026-11-25T10:00:00.',
    '２０２６-11-25T10:00:00',
    '',
  ])('refuses %j', (text) => {
    expect(parseShanghaiTime(text)).toBeNaN();
  });

  it('refuses impossible dates in YYYY-MM-DD', () => {
    expect(parseDay('2025-02-29')).toBeNaN();
    expect(parseDay('2024-02-29')).toBe(dayFromCivil(2024, 2, 29));
    expect(parseDay('2025-1-01')).toBeNaN();
  });
});
