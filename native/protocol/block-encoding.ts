import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { BlockEncoding } from './enums';

/**
 * docs/protocol.md §6.4: a block travels raw or deflated with a preset dictionary — the payload bytes
 * just before it (up to deflate's 32 KiB window). The unit holds those bytes (every block before the
 * one being sent is either held, verified at FW_BEGIN, or was written before it in this transfer),
 * so each block decodes on its own, which keeps resume by content and go-back at any block, while the
 * compression sees across blocks about as well as one deflate stream over the whole image.
 */
export const DICTIONARY_BYTES = 32_768;
/** Level 9, as the field's reference (esptool) uses for the whole image. */
const LEVEL = 9;

export interface EncodedBlock {
  readonly encoding: BlockEncoding;
  readonly data: Uint8Array;
}

/** Where block `index`'s dictionary lies in the payload: [start, end). */
export function dictionaryRange(index: number, blockSize: number): { start: number; end: number } {
  const end = index * blockSize;
  return { start: Math.max(0, end - DICTIONARY_BYTES), end };
}

/** The block deflated with its dictionary when that is smaller, else raw. */
export function encodeBlock(
  payload: Uint8Array,
  index: number,
  blockSize: number,
  compress: boolean,
): EncodedBlock {
  const raw = payload.subarray(index * blockSize, Math.min(payload.length, (index + 1) * blockSize));
  if (!compress) return { encoding: 'raw', data: raw };
  const { start, end } = dictionaryRange(index, blockSize);
  const packed = deflateRawSync(raw, {
    level: LEVEL,
    ...(end > start ? { dictionary: payload.subarray(start, end) } : {}),
  });
  return packed.length < raw.length
    ? { encoding: 'deflate-raw', data: packed }
    : { encoding: 'raw', data: raw };
}

/** The block's bytes, or undefined when the data does not decode to exactly `blockLength` bytes. */
export function decodeBlock(
  block: EncodedBlock,
  dictionary: Uint8Array,
  blockLength: number,
): Uint8Array | undefined {
  if (block.encoding === 'raw') return block.data.length === blockLength ? block.data : undefined;
  try {
    const out = inflateRawSync(block.data, {
      maxOutputLength: blockLength,
      ...(dictionary.length > 0 ? { dictionary } : {}),
    });
    return out.length === blockLength ? new Uint8Array(out) : undefined;
  } catch {
    return undefined;
  }
}
