import fc from 'fast-check';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ByteWriter } from '../../../electron/services/fees/ledger/byte-writer';
import { formatYuan } from '../../../electron/services/fees/money';

describe('ByteWriter', () => {
  it('writes yuan amounts exactly as formatYuan does, across the int32 boundary', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'byte-writer-')), 'out.txt');
    const fd = openSync(file, 'w');
    const writer = new ByteWriter(fd, 64);
    const amounts = fc.sample(
      fc.oneof(
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.integer({ min: 2_000_000_000, max: 2_200_000_000 }),
        fc.maxSafeInteger(),
      ),
      2000,
    );
    amounts.push(0, 5, 99, 100, 0x7fffffff, 0x80000000, -0x7fffffff, Number.MAX_SAFE_INTEGER);
    for (const fen of amounts) {
      writer.reserve(40);
      writer.yuan(fen);
      writer.byte(10);
    }
    writer.flush();
    closeSync(fd);
    expect(readFileSync(file, 'latin1').split('\n').slice(0, -1)).toEqual(amounts.map(formatYuan));
  });
});
