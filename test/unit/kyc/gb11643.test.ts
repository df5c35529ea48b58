import fc from 'fast-check';
import {
  buildIdNumber,
  gb11643CheckDigit,
  isValidIdChecksum,
  parseIdNumber,
} from '../../../electron/services/kyc/checks/gb11643';
import { addDays } from '../../../electron/services/kyc/checks/civil-date';

describe('GB 11643 check digit', () => {
  it('accepts the examples published in GB 11643-1999', () => {
    expect(isValidIdChecksum('11010519491231002X')).toBe(true);
    expect(isValidIdChecksum('440524188001010014')).toBe(true);
  });

  it('computes X for a weighted sum ≡ 2 (mod 11), and accepts a lower-case x', () => {
    expect(gb11643CheckDigit('11010519491231002')).toBe('X');
    expect(isValidIdChecksum('11010519491231002x')).toBe(true);
    expect(isValidIdChecksum('110105194912310020')).toBe(false);
  });

  it('rejects wrong lengths and non-digits', () => {
    expect(isValidIdChecksum('11010519491231002')).toBe(false);
    expect(isValidIdChecksum('11010519491231002XX')).toBe(false);
    expect(isValidIdChecksum('1101051949123A002X')).toBe(false);
  });

  it('parses area, birth date, sequence and sex', () => {
    expect(parseIdNumber('11010519491231002X')).toEqual({
      provinceCode: '11',
      areaCode: '110105',
      birthDate: '1949-12-31',
      sequence: '002',
      sex: 'female',
      checkDigit: 'X',
    });
    expect(parseIdNumber('110105199902300011')?.birthDate).toBeNull();
  });

  const idArbitrary = fc
    .record({
      area: fc.constantFrom('110105', '310104', '440305', '510107', '650102'),
      days: fc.integer({ min: 0, max: 40_000 }),
      sequence: fc.integer({ min: 0, max: 999 }),
    })
    .map(({ area, days, sequence }) => buildIdNumber(area, addDays('1910-01-01', days), sequence));

  it('property: every generated number passes', () => {
    fc.assert(fc.property(idArbitrary, (id) => isValidIdChecksum(id) && parseIdNumber(id) !== null));
  });

  it('property: any single-character change fails the checksum', () => {
    fc.assert(
      fc.property(
        idArbitrary,
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 1, max: 10 }),
        (id, position, shift) => {
          const alphabet = position === 17 ? '0123456789X' : '0123456789';
          const current = alphabet.indexOf(id.charAt(position));
          const replacement = alphabet.charAt((current + shift) % alphabet.length);
          fc.pre(replacement !== id.charAt(position));
          const changed = id.slice(0, position) + replacement + id.slice(position + 1);
          return !isValidIdChecksum(changed);
        },
      ),
    );
  });
});
