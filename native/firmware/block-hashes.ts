import { createHash } from 'node:crypto';
import { equalBytes } from './bytes';
import { blockCount, type FirmwareManifest } from './image-format';

/** SHA-256 of each blockSize slice of the payload; the last block may be short. */
export function blockHashes(payload: Uint8Array, blockSize: number): Uint8Array[] {
  const n = blockCount(payload.length, blockSize);
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    out.push(blockHash(payload.subarray(i * blockSize, Math.min(payload.length, (i + 1) * blockSize))));
  }
  return out;
}

export function blockHash(block: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(block).digest());
}

/** Byte range of block `index` within the payload. */
export function blockRange(manifest: FirmwareManifest, index: number): { start: number; end: number } {
  const { blockSize, payloadSize } = manifest.header;
  if (!Number.isInteger(index) || index < 0 || index >= manifest.blockSha256.length) {
    throw new RangeError(`Block ${index} is outside the image's ${manifest.blockSha256.length} blocks.`);
  }
  return { start: index * blockSize, end: Math.min(payloadSize, (index + 1) * blockSize) };
}

/** True when `data` is exactly block `index` of the signed image: a device checks each block as it lands. */
export function blockMatches(manifest: FirmwareManifest, index: number, data: Uint8Array): boolean {
  const { start, end } = blockRange(manifest, index);
  const expected = manifest.blockSha256[index];
  return expected !== undefined && data.length === end - start && equalBytes(blockHash(data), expected);
}

/**
 * Resume by content: given what a slot currently holds, the indexes of the blocks that already match
 * the manifest and need not be sent again.
 */
export function blocksAlreadyHeld(manifest: FirmwareManifest, slot: Uint8Array): number[] {
  const held: number[] = [];
  for (let i = 0; i < manifest.blockSha256.length; i++) {
    const { start, end } = blockRange(manifest, i);
    if (end <= slot.length && blockMatches(manifest, i, slot.subarray(start, end))) held.push(i);
  }
  return held;
}
