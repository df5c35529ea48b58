import { FeeInputError } from './errors';

/** Largest amount the station accepts: 10 billion yuan. The fee arithmetic itself is exact far beyond this. */
export const MAX_AMOUNT_FEN = 1_000_000_000_000;

/** Yuan digits before the point: enough for MAX_AMOUNT_FEN. */
const MAX_INTEGER_DIGITS = 11;

/** parseYuanBytes results below zero: why the text is not an amount. */
export const YUAN_MALFORMED = -1;
export const YUAN_TOO_MANY_DECIMALS = -2;

/**
 * The ASCII bytes b[start, end) of '100', '100.5' or '100.00' → fen (0 included), else
 * YUAN_MALFORMED / YUAN_TOO_MANY_DECIMALS. At most two decimals, no sign, exponent, separator or
 * space: money typed at a counter must mean exactly what it says. Bytes and no regex because a
 * ledger parses a million of these.
 */
export function parseYuanBytes(b: Uint8Array, start: number, end: number): number {
  let yuan = 0;
  let i = start;
  while (i < end) {
    const c = b[i]! - 48;
    if (!(c >= 0 && c <= 9)) break;
    yuan = yuan * 10 + c;
    i++;
  }
  const integerDigits = i - start;
  if (integerDigits === 0 || integerDigits > MAX_INTEGER_DIGITS) return YUAN_MALFORMED;
  if (i === end) return yuan * 100;
  if (b[i] !== 46) return YUAN_MALFORMED;
  i++;
  const decimals = end - i;
  if (decimals === 0) return YUAN_MALFORMED;
  let fen = 0;
  for (let j = i; j < end; j++) {
    const c = b[j]! - 48;
    if (!(c >= 0 && c <= 9)) return YUAN_MALFORMED;
    fen = fen * 10 + c;
  }
  if (decimals > 2) return YUAN_TOO_MANY_DECIMALS;
  return yuan * 100 + (decimals === 1 ? fen * 10 : fen);
}

const encoder = new TextEncoder();

/** String form of parseYuanBytes that throws an error naming the field; the amount must be positive. */
export function parseYuan(text: string, field = 'amount'): number {
  const bytes = encoder.encode(text);
  const fen = parseYuanBytes(bytes, 0, bytes.length);
  if (fen === YUAN_TOO_MANY_DECIMALS)
    throw new FeeInputError(
      field,
      `${field} '${text}' has more than two decimals`,
      undefined,
      'amount.too_many_decimals',
      text,
    );
  if (fen < 0) {
    const negative = text.trim().startsWith('-');
    throw new FeeInputError(
      field,
      `${field} '${text}' ${negative ? 'must be positive' : 'is not an amount in yuan like 100.00'}`,
      undefined,
      negative ? 'amount.not_positive' : 'amount.malformed',
      text,
    );
  }
  return checkAmountFen(fen, field);
}

export function checkAmountFen(fen: number, field = 'amountFen'): number {
  if (!Number.isSafeInteger(fen))
    throw new FeeInputError(field, `${field} must be a whole number of fen, got ${fen}`);
  if (fen <= 0)
    throw new FeeInputError(field, `${field} must be positive, got ${fen}`, undefined, 'amount.not_positive');
  if (fen > MAX_AMOUNT_FEN)
    throw new FeeInputError(
      field,
      `${field} exceeds the maximum of ${formatYuan(MAX_AMOUNT_FEN)} yuan`,
      undefined,
      'amount.too_large',
    );
  return fen;
}

/** fen → '1234.50' (negative amounts keep their sign). */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const cents = abs % 100;
  return `${sign}${(abs - cents) / 100}.${cents < 10 ? '0' : ''}${cents}`;
}
