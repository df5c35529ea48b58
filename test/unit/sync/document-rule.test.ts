import { mayHoldDocuments } from '../../../electron/services/sync/document-rule';

const A = 'station-a';
const B = 'station-b';
const C = 'station-c';

/** docs/sync.md §10.3: undecided, and taken in here or claimed by an operator here. */
describe('which station may hold a case’s documents', () => {
  it.each([
    [
      'open, nobody holds it: the station that took it in',
      { status: 'open', originStation: A, holderStation: null },
      [A],
    ],
    [
      'open, claimed at B: A (took it in) and B (holds it), not C',
      { status: 'open', originStation: A, holderStation: B },
      [A, B],
    ],
    [
      'awaiting the second approval, claimed at C',
      { status: 'awaiting_second', originStation: A, holderStation: C },
      [A, C],
    ],
    ['approved: nobody', { status: 'approved', originStation: A, holderStation: null }, []],
    [
      'rejected while still marked held: nobody',
      { status: 'rejected', originStation: A, holderStation: B },
      [],
    ],
  ] as const)('%s', (_, custody, holders) => {
    for (const station of [A, B, C])
      expect(mayHoldDocuments(custody, station)).toBe(holders.includes(station as never));
  });
});
