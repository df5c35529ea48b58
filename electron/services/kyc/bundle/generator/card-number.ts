import type { BinEntry } from '../../checks/bin-table';
import { luhnCheckDigit } from '../../checks/luhn';
import type { Random } from './random';

/** A Luhn-valid number under `entry`'s prefix with one of its lengths. */
export function generateCardNumber(rng: Random, entry: BinEntry): string {
  const length = rng.pick(entry.lengths);
  const body = entry.prefix + rng.digits(length - entry.prefix.length - 1);
  return body + luhnCheckDigit(body);
}
