import type { CalendarDate } from '../../../contract/domain/kyc/application';
import { formatCalendarDate, parseCalendarDate } from './civil-date';

/** GB 11643-1999 citizen identity number: 6-digit area, 8-digit birth date, 3-digit sequence, check. */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character by (weighted sum mod 11), ISO 7064 MOD 11-2; 10 is written 'X'. */
const CHECK_CHARS = '10X98765432';

export function gb11643CheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('GB 11643 body must be 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS.charAt(sum % 11);
}

/** Digits and X only, 18 long; a lower-case x is accepted as written on some forms. */
export function normalizeIdNumber(idNumber: string): string {
  return idNumber.trim().toUpperCase();
}

export function hasIdNumberFormat(idNumber: string): boolean {
  return /^\d{17}[\dX]$/.test(normalizeIdNumber(idNumber));
}

export function isValidIdChecksum(idNumber: string): boolean {
  const id = normalizeIdNumber(idNumber);
  return hasIdNumberFormat(id) && gb11643CheckDigit(id.slice(0, 17)) === id.charAt(17);
}

export interface IdNumberParts {
  readonly provinceCode: string;
  readonly areaCode: string;
  /** Null when the 8 digits are not a real date (e.g. 19990230). */
  readonly birthDate: CalendarDate | null;
  readonly sequence: string;
  readonly sex: 'male' | 'female';
  readonly checkDigit: string;
}

/** Splits a well-formed number into its fields; null when the format is wrong. */
export function parseIdNumber(idNumber: string): IdNumberParts | null {
  const id = normalizeIdNumber(idNumber);
  if (!hasIdNumberFormat(id)) return null;
  const birth = parseCalendarDate(`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`);
  return {
    provinceCode: id.slice(0, 2),
    areaCode: id.slice(0, 6),
    birthDate: birth ? formatCalendarDate(birth) : null,
    sequence: id.slice(14, 17),
    sex: (id.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female',
    checkDigit: id.charAt(17),
  };
}

/** Builds a valid number from its parts (the test-bundle generator and property tests use it). */
export function buildIdNumber(areaCode: string, birthDate: CalendarDate, sequence: number): string {
  const body = `${areaCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return body + gb11643CheckDigit(body);
}
