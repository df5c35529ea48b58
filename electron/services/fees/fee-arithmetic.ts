/**
 * The fee formula, on plain numbers — this is the hot path.
 *
 *   fee = min(halfUp(amount × ppm / 10^6), cap) + fixed
 *
 * Exactness: amount × ppm can exceed 2^53 (10^12 fen × 6,000 ppm), so the amount is split into
 * hi·10^6 + lo. Then amount × ppm / 10^6 = hi·ppm + lo·ppm / 10^6, where hi·ppm is an exact
 * integer and lo·ppm < 10^12 keeps the rounding division exact. This holds for every safe-integer
 * amount with ppm ≤ 10^6, so no BigInt is ever needed.
 */

export const PPM = 1_000_000;
const HALF = 500_000;

/** The percentage part, rounded half-up to the fen. amountFen: non-negative safe integer; ppm: 0…10^6. */
export function percentageFen(amountFen: number, ppm: number): number {
  const lo = amountFen % PPM;
  const hi = (amountFen - lo) / PPM;
  return hi * ppm + Math.floor((lo * ppm + HALF) / PPM);
}

/** capFen < 0 means no cap. */
export function feeFen(amountFen: number, ppm: number, capFen: number, fixedFen: number): number {
  const pct = percentageFen(amountFen, ppm);
  return (capFen >= 0 && pct > capFen ? capFen : pct) + fixedFen;
}
