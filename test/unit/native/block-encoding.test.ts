import { randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import {
  DICTIONARY_BYTES,
  decodeBlock,
  dictionaryRange,
  encodeBlock,
} from '../../../native/protocol/block-encoding';

const BLOCK = 4096;

/** Code-like payload: 8 KiB of random "functions" repeated with small changes, as firmware repeats. */
function repetitive(size: number): Uint8Array {
  const vocabulary = randomBytes(8192);
  const out = new Uint8Array(size);
  for (let at = 0; at < size; at += 512) {
    const from = (at * 7) % (8192 - 512);
    out.set(vocabulary.subarray(from, from + Math.min(512, size - at)), at);
    out[at] = at & 0xff;
  }
  return out;
}

describe('block encoding (docs/protocol.md §6.4)', () => {
  it('the dictionary is the up to 32 KiB of payload before the block', () => {
    expect(dictionaryRange(0, BLOCK)).toEqual({ start: 0, end: 0 });
    expect(dictionaryRange(3, BLOCK)).toEqual({ start: 0, end: 3 * BLOCK });
    expect(dictionaryRange(20, BLOCK)).toEqual({ start: 20 * BLOCK - DICTIONARY_BYTES, end: 20 * BLOCK });
  });

  it('compresses across blocks: each block decodes alone given the payload before it', () => {
    const payload = repetitive(64 * 1024);
    let withDictionary = 0;
    let alone = 0;
    for (let k = 0; k < 16; k++) {
      const block = encodeBlock(payload, k, BLOCK, true);
      const { start, end } = dictionaryRange(k, BLOCK);
      const decoded = decodeBlock(block, payload.subarray(start, end), BLOCK);
      expect(Buffer.from(decoded!).equals(Buffer.from(payload.subarray(k * BLOCK, (k + 1) * BLOCK)))).toBe(
        true,
      );
      withDictionary += block.data.length;
      alone += Math.min(
        BLOCK,
        deflateRawSync(payload.subarray(k * BLOCK, (k + 1) * BLOCK), { level: 9 }).length,
      );
    }
    // Blocks after the first find their material in the blocks before them.
    expect(withDictionary).toBeLessThan(alone * 0.5);
  });

  it('a block decoded against other bytes than the payload before it does not come out right', () => {
    const payload = repetitive(32 * 1024);
    const block = encodeBlock(payload, 4, BLOCK, true);
    expect(block.encoding).toBe('deflate-raw');
    const wrong = new Uint8Array(4 * BLOCK).fill(0xff);
    const decoded = decodeBlock(block, wrong, BLOCK);
    const expected = Buffer.from(payload.subarray(4 * BLOCK, 5 * BLOCK));
    expect(decoded === undefined || !Buffer.from(decoded).equals(expected)).toBe(true);
  });

  it('raw when deflate does not help; raw must be exactly the block', () => {
    const payload = new Uint8Array(randomBytes(2 * BLOCK));
    const block = encodeBlock(payload, 1, BLOCK, true);
    expect(block.encoding).toBe('raw');
    expect(decodeBlock(block, payload.subarray(0, BLOCK), BLOCK)).toEqual(payload.subarray(BLOCK));
    expect(
      decodeBlock({ encoding: 'raw', data: payload.subarray(0, 100) }, new Uint8Array(), BLOCK),
    ).toBeUndefined();
    expect(
      decodeBlock({ encoding: 'deflate-raw', data: Uint8Array.of(1, 2, 3) }, new Uint8Array(), BLOCK),
    ).toBeUndefined();
  });
});
