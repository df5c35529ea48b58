import fc from 'fast-check';
import { feeFen, percentageFen } from '../../../electron/services/fees/fee-arithmetic';

/** Reference: exact rational arithmetic in BigInt, half-up. */
function referencePercentage(amount: number, ppm: number): number {
  const product = BigInt(amount) * BigInt(ppm);
  return Number((product + 500_000n) / 1_000_000n);
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The smallest amount (fen) with amount × ppm ≡ 500,000 (mod 10^6), or null when there is none. */
function firstHalfFenAmount(ppm: number): number | null {
  const g = gcd(ppm, 1_000_000);
  if (500_000 % g !== 0) return null;
  const m = 1_000_000 / g;
  // Extended Euclid: the inverse of ppm/g modulo m, then amount = (500,000/g) × inverse mod m.
  let [r0, r1, s0, s1] = [(ppm / g) % m, m, 1, 0];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  const first = Number((BigInt(500_000 / g) * BigInt(((s0 % m) + m) % m)) % BigInt(m));
  return first === 0 ? m : first;
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
    // Every amount whose percentage part ends exactly on a half fen, at the schedule's real rates
    // (0.38%, 0.5%, 0.6%, 0.65%) and at any rate where such an amount exists: up there, and one
    // fen less rounds down.
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(3800, 5000, 6000, 6500), fc.integer({ min: 1, max: 499_999 })),
        fc.integer({ min: 0, max: 1_000_000 }),
        (p, n) => {
          const first = firstHalfFenAmount(p);
          fc.pre(first !== null);
          const amount = first! + n * (1_000_000 / gcd(p, 1_000_000));
          const below = (a: number) => Number((BigInt(a) * BigInt(p)) / 1_000_000n); // exact floor
          expect((BigInt(amount) * BigInt(p)) % 1_000_000n).toBe(500_000n);
          expect(percentageFen(amount, p)).toBe(below(amount) + 1);
          expect(percentageFen(amount - 1, p)).toBe(below(amount - 1));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
