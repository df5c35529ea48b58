import { SlipDecoder, SlipEncoder } from '@serialport/parser-slip-encoder';
import { MAX_FRAME } from './frame';

const END = 0xc0;
/** What a Writable passes for Buffer chunks; the SLIP transforms ignore it. */
const BUFFER_ENCODING = 'buffer' as BufferEncoding;

/**
 * The library's encoder is a Transform stream; its _transform is synchronous, so calling it directly
 * gives a plain function without a stream round trip per frame.
 */
const encoder = new SlipEncoder();

export function slipEncode(frame: Uint8Array): Uint8Array {
  let out: Uint8Array | undefined;
  encoder._transform(
    Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength),
    BUFFER_ENCODING,
    (error, data) => {
      if (error) throw error;
      out = data as Buffer;
    },
  );
  if (!out) throw new Error('SLIP encoder produced no output.');
  return out;
}

/**
 * The library's decoder, with its options and escape state, but linear in the packet size: its own
 * _transform concatenates a new Buffer for every byte, which made SLIP decoding about 70% of a
 * simulated terminal's CPU at 921600 baud. Packets are delivered synchronously
 * instead of through the stream's readable side, and an END always ends a packet, even right after
 * an ESC (the library would take it as data and glue the next frame to the noise; §1.1).
 */
class CollectingSlipDecoder extends SlipDecoder {
  private readonly packet: Uint8Array;
  private length = 0;
  private invalid = false;
  invalidEscapes = 0;

  constructor(
    private readonly sink: (packet: Uint8Array) => void,
    capacity: number,
  ) {
    super();
    this.packet = new Uint8Array(capacity);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    const { ESC, END, ESC_END, ESC_ESC } = this.opts;
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
    callback();
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
  private readonly decoder: CollectingSlipDecoder;
  private pending = 0;
  private discarding = false;
  private oversizedCount = 0;

  constructor(
    onPacket: (packet: Uint8Array) => void,
    private readonly maxEncoded = 2 * MAX_FRAME + 2,
  ) {
    this.decoder = new CollectingSlipDecoder(onPacket, maxEncoded);
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
        this.decoder._transform(
          Buffer.from(segment.buffer, segment.byteOffset, segment.byteLength),
          BUFFER_ENCODING,
          () => {},
        );
        this.pending = endAt === -1 ? this.pending + segment.length : 0;
      }
      start = stop;
    }
  }
}
