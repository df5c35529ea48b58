import fc from 'fast-check';
import { formatYuan, parseYuan } from '../../../electron/services/fees/money';
import { FeeInputError } from '../../../electron/services/fees/errors';

describe('yuan amounts', () => {
  it.each([
    ['100', 10_000],
    ['100.5', 10_050],
    ['100.00', 10_000],
    ['0.01', 1],
    ['50000', 5_000_000],
    ['10000000000', 1_000_000_000_000],
  ])('%s yuan = %d fen', (text, fen) => {
    expect(parseYuan(text)).toBe(fen);
  });

  it.each([
    ['100.001', /more than two decimals/],
    ['-5', /must be positive/],
    ['0', /must be positive/],
    ['0.00', /must be positive/],
    ['1e3', /not an amount/],
    ['1,000', /not an amount/],
    [' 100', /not an amount/],
    ['100.', /not an amount/],
    ['.5', /not an amount/],
    ['', /not an amount/],
    ['10000000000.01', /exceeds the maximum/],
  ])('refuses %j, naming the field', (text, message) => {
    let error: unknown;
    try {
      parseYuan(text, 'amount');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FeeInputError);
    expect((error as FeeInputError).field).toBe('amount');
    expect((error as FeeInputError).message).toMatch(message);
  });

  it('formats and parses back every amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000_000_000 }), (fen) => {
        expect(parseYuan(formatYuan(fen))).toBe(fen);
      }),
    );
    expect(formatYuan(-201)).toBe('-2.01');
    expect(formatYuan(5)).toBe('0.05');
  });
});
