import fc from 'fast-check';
import { feeFen, percentageFen } from '../../../electron/services/fees/fee-arithmetic';

/** Reference: exact rational arithmetic in BigInt, half-up. */
function referencePercentage(amount: number, ppm: number): number {
  const product = BigInt(amount) * BigInt(ppm);
  return Number((product + 500_000n) / 1_000_000n);
}

const amount = fc.oneof(
  fc.integer({ min: 0, max: 10_000_000 }),
  fc.maxSafeInteger().filter((n) => n >= 0),
);
const ppm = fc.integer({ min: 0, max: 1_000_000 });
const cap = fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 1_000_000_000 }));
const fixed = fc.integer({ min: 0, max: 100_000 });

describe('fee arithmetic', () => {
  it('equals exact half-up rounding for every safe-integer amount (no overflow, no BigInt needed)', () => {
    fc.assert(
      fc.property(amount, ppm, (a, p) => {
        expect(percentageFen(a, p)).toBe(referencePercentage(a, p));
      }),
      {
        numRuns: 5000,
      },
    );
  });

  it('is exact at 10^12 fen', () => {
    expect(percentageFen(1_000_000_000_000, 6000)).toBe(6_000_000_000);
    expect(percentageFen(999_999_999_999, 6500)).toBe(referencePercentage(999_999_999_999, 6500));
    expect(percentageFen(Number.MAX_SAFE_INTEGER, 999_999)).toBe(
      referencePercentage(Number.MAX_SAFE_INTEGER, 999_999),
    );
  });

  it('is never negative', () => {
    fc.assert(
      fc.property(amount, ppm, cap, fixed, (a, p, c, f) => {
        expect(feeFen(a, p, c, f)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('never decreases as the amount grows', () => {
    fc.assert(
      fc.property(amount, fc.integer({ min: 0, max: 1_000_000 }), ppm, cap, fixed, (a, step, p, c, f) => {
        fc.pre(a + step <= Number.MAX_SAFE_INTEGER);
        expect(feeFen(a + step, p, c, f)).toBeGreaterThanOrEqual(feeFen(a, p, c, f));
      }),
    );
  });

  it('caps the percentage part only; the fixed part comes on top', () => {
    fc.assert(
      fc.property(amount, ppm, fc.integer({ min: 0, max: 1_000_000_000 }), fixed, (a, p, c, f) => {
        const fee = feeFen(a, p, c, f);
        expect(fee).toBeLessThanOrEqual(c + f);
        expect(fee).toBe(Math.min(referencePercentage(a, p), c) + f);
      }),
    );
  });

  it('rounds half up exactly at the half fen, and down just below it', () => {
    // 0.5% of 1 fen is 0.005 fen; of 100 fen 0.5 fen → 1; of 99 fen 0.495 → 0.
    expect(percentageFen(100, 5000)).toBe(1);
    expect(percentageFen(99, 5000)).toBe(0);
    // 0.6% of 25 fen = 0.15; of 250 fen = 1.5 → 2; of 249 fen = 1.494 → 1.
    expect(percentageFen(250, 6000)).toBe(2);
    expect(percentageFen(249, 6000)).toBe(1);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        ppm.filter((p) => p > 0),
        (k, p) => {
          // Amounts where amount × ppm ends exactly on a half fen.
          const product = k * 1_000_000 + 500_000;
          fc.pre(product % p === 0);
          expect(percentageFen(product / p, p)).toBe(k + 1);
        },
      ),
    );
  });
});
