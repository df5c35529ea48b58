import { parseImage } from '../../../native/firmware/parse-image';
import { MANIFEST_FIXED_SIZE, MAX_BLOCK_COUNT, MAX_MANIFEST_SIZE } from '../../../native/protocol/limits';
import { makeImage, makeSigner } from './fixtures';

describe('size limits agree (docs/protocol.md §6.2)', () => {
  it('a manifest is MANIFEST_FIXED_SIZE bytes plus 32 per block', () => {
    const signer = makeSigner();
    for (const [size, blockSize] of [
      [600, 256],
      [40_000, 4096],
    ] as const) {
      const { manifest } = parseImage(makeImage(signer, { size, blockSize }));
      expect(manifest.bytes.length).toBe(MANIFEST_FIXED_SIZE + 32 * Math.ceil(size / blockSize));
    }
  });

  it('the block-count limit is exactly what the manifest cap allows', () => {
    expect(MAX_BLOCK_COUNT).toBe(8185);
    expect(MANIFEST_FIXED_SIZE + 32 * MAX_BLOCK_COUNT).toBeLessThanOrEqual(MAX_MANIFEST_SIZE);
    expect(MANIFEST_FIXED_SIZE + 32 * (MAX_BLOCK_COUNT + 1)).toBeGreaterThan(MAX_MANIFEST_SIZE);
  });
});
