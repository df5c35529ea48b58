import { MAX_FRAME } from './frame';

/** RFC 1055 (§1.1). */
const END = 0xc0;
const ESC = 0xdb;
const ESC_END = 0xdc;
const ESC_ESC = 0xdd;

/** The frame with END and ESC escaped, then one END. */
export function slipEncode(frame: Uint8Array): Uint8Array {
  let escapes = 0;
  for (const byte of frame) if (byte === END || byte === ESC) escapes++;
  const out = new Uint8Array(frame.length + escapes + 1);
  let at = 0;
  for (const byte of frame) {
    if (byte === END) {
      out[at++] = ESC;
      out[at++] = ESC_END;
    } else if (byte === ESC) {
      out[at++] = ESC;
      out[at++] = ESC_ESC;
    } else out[at++] = byte;
  }
  out[at] = END;
  return out;
}

/**
 * SLIP decoding, linear in the packet size, delivering packets synchronously. An END always ends a
 * packet, even right after an ESC (that packet is dropped as noise, §1.1), and an ESC followed by
 * anything but ESC_END/ESC_ESC spoils the packet up to the next END.
 */
class SlipDecoder {
  private readonly packet: Uint8Array;
  private length = 0;
  private invalid = false;
  private escape = false;
  invalidEscapes = 0;

  constructor(
    private readonly sink: (packet: Uint8Array) => void,
    capacity: number,
  ) {
    this.packet = new Uint8Array(capacity);
  }

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (byte === END) {
        if (this.escape) this.invalidEscapes++;
        else if (!this.invalid && this.length > 0) this.sink(this.packet.slice(0, this.length));
        this.reset();
      } else if (this.escape) {
        this.escape = false;
        if (byte === ESC_END) this.append(END);
        else if (byte === ESC_ESC) this.append(ESC);
        else this.invalid = true;
      } else if (byte === ESC) {
        this.escape = true;
      } else {
        this.append(byte);
      }
    }
  }

  reset(): void {
    this.length = 0;
    this.invalid = false;
    this.escape = false;
  }

  private append(byte: number): void {
    if (this.length < this.packet.length) this.packet[this.length++] = byte;
    else this.invalid = true;
  }
}

export interface SlipReaderStats {
  /** Packets discarded because they grew past the bound before their END byte. */
  readonly oversized: number;
  /** Packets discarded because an ESC came right before their END. */
  readonly invalidEscapes: number;
}

/**
 * Splits a byte stream into SLIP packets with bounded memory: a packet that grows past the bound is
 * discarded up to the next END without being buffered, so noise can never make the reader grow.
 */
export class SlipReader {
  private readonly decoder: SlipDecoder;
  private pending = 0;
  private discarding = false;
  private oversizedCount = 0;

  constructor(
    onPacket: (packet: Uint8Array) => void,
    private readonly maxEncoded = 2 * MAX_FRAME + 2,
  ) {
    this.decoder = new SlipDecoder(onPacket, maxEncoded);
  }

  get stats(): SlipReaderStats {
    return { oversized: this.oversizedCount, invalidEscapes: this.decoder.invalidEscapes };
  }

  push(bytes: Uint8Array): void {
    let start = 0;
    while (start < bytes.length) {
      const endAt = bytes.indexOf(END, start);
      const stop = endAt === -1 ? bytes.length : endAt + 1;
      const segment = bytes.subarray(start, stop);
      const bodyLength = endAt === -1 ? segment.length : segment.length - 1;
      if (!this.discarding && this.pending + bodyLength > this.maxEncoded) {
        this.discarding = true;
        this.oversizedCount++;
        this.decoder.reset();
      }
      if (this.discarding) {
        if (endAt !== -1) {
          this.discarding = false;
          this.pending = 0;
        }
      } else {
        this.decoder.push(segment);
        this.pending = endAt === -1 ? this.pending + segment.length : 0;
      }
      start = stop;
    }
  }
}
