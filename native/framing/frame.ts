import CRC32 from 'crc-32';

/** Frame format version byte (docs/protocol.md §1.2). */
export const FRAME_VERSION = 0x01;
export const FRAME_HEADER_SIZE = 6;
export const FRAME_CRC_SIZE = 4;
export const MAX_PAYLOAD = 4608;
export const MAX_FRAME = FRAME_HEADER_SIZE + MAX_PAYLOAD + FRAME_CRC_SIZE;

export interface Frame {
  readonly type: number;
  readonly seq: number;
  readonly payload: Uint8Array;
}

export type FrameRejection = 'too_short' | 'too_long' | 'bad_version' | 'bad_length' | 'bad_crc';

export type ParsedFrame =
  { readonly ok: true; readonly frame: Frame } | { readonly ok: false; readonly reason: FrameRejection };

export function crc32(bytes: Uint8Array): number {
  return CRC32.buf(bytes) >>> 0;
}

/** Header, payload and CRC, before SLIP. */
export function encodeFrame(frame: Frame): Uint8Array {
  const { type, seq, payload } = frame;
  if (!Number.isInteger(type) || type < 0 || type > 0xff)
    throw new RangeError(`Frame type ${type} is not a byte.`);
  if (!Number.isInteger(seq) || seq < 0 || seq > 0xffff)
    throw new RangeError(`Frame seq ${seq} is not a u16.`);
  if (payload.length > MAX_PAYLOAD) {
    throw new RangeError(`Frame payload of ${payload.length} bytes exceeds ${MAX_PAYLOAD}.`);
  }
  const out = new Uint8Array(FRAME_HEADER_SIZE + payload.length + FRAME_CRC_SIZE);
  const view = new DataView(out.buffer);
  view.setUint8(0, FRAME_VERSION);
  view.setUint8(1, type);
  view.setUint16(2, seq, true);
  view.setUint16(4, payload.length, true);
  out.set(payload, FRAME_HEADER_SIZE);
  view.setUint32(
    FRAME_HEADER_SIZE + payload.length,
    crc32(out.subarray(0, FRAME_HEADER_SIZE + payload.length)),
    true,
  );
  return out;
}

/** Never throws: anything that is not a well-formed frame is a rejection the caller drops. */
export function parseFrame(bytes: Uint8Array): ParsedFrame {
  if (bytes.length < FRAME_HEADER_SIZE + FRAME_CRC_SIZE) return { ok: false, reason: 'too_short' };
  if (bytes.length > MAX_FRAME) return { ok: false, reason: 'too_long' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint16(4, true);
  if (length + FRAME_HEADER_SIZE + FRAME_CRC_SIZE !== bytes.length)
    return { ok: false, reason: 'bad_length' };
  const body = FRAME_HEADER_SIZE + length;
  if (view.getUint32(body, true) !== crc32(bytes.subarray(0, body))) return { ok: false, reason: 'bad_crc' };
  if (view.getUint8(0) !== FRAME_VERSION) return { ok: false, reason: 'bad_version' };
  return {
    ok: true,
    frame: {
      type: view.getUint8(1),
      seq: view.getUint16(2, true),
      // A plain Uint8Array copy: the SLIP decoder hands out Buffers that share a pool.
      payload: new Uint8Array(bytes.subarray(FRAME_HEADER_SIZE, body)),
    },
  };
}
