import { atOrPast, helloHead } from '../../../electron/services/sync/change-position';

describe('positions in the change log', () => {
  it('order by transaction id, then seq, as numbers', () => {
    expect(atOrPast('7:3', '7:3')).toBe(true);
    expect(atOrPast('7:4', '7:3')).toBe(true);
    expect(atOrPast('8:1', '7:30')).toBe(true);
    expect(atOrPast('7:3', '7:10')).toBe(false);
    expect(atOrPast('9:5', '10:1')).toBe(false); // not '9' > '1' as text
    expect(atOrPast('18446744073709551615:1', '18446744073709551614:9')).toBe(true);
  });

  it('a cursor is never past something that is not a position', () => {
    expect(atOrPast('7:3', '')).toBe(false);
    expect(atOrPast('7:3', '7')).toBe(false);
    expect(atOrPast('x', '0:0')).toBe(false);
  });

  it("reads the head from the hub's hello", () => {
    expect(helloHead('{"head":"12:4"}')).toBe('12:4');
    expect(helloHead('{}')).toBe('');
    expect(helloHead('{"head":12}')).toBe('');
    expect(helloHead('not json')).toBe('');
  });
});
