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

/** Collects decoded packets synchronously instead of through the stream's buffered readable side. */
class CollectingSlipDecoder extends SlipDecoder {
  constructor(private readonly sink: (packet: Buffer) => void) {
    super();
  }

  override push(chunk: unknown): boolean {
    if (Buffer.isBuffer(chunk) && chunk.length > 0) this.sink(chunk);
    return true;
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
  private invalidEscapes = 0;

  constructor(
    onPacket: (packet: Uint8Array) => void,
    private readonly maxEncoded = 2 * MAX_FRAME + 2,
  ) {
    this.decoder = new CollectingSlipDecoder(onPacket);
  }

  get stats(): SlipReaderStats {
    return { oversized: this.oversizedCount, invalidEscapes: this.invalidEscapes };
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
        this.resetDecoder();
      }
      if (this.discarding) {
        if (endAt !== -1) {
          this.discarding = false;
          this.pending = 0;
        }
      } else {
        this.feedSegment(segment, endAt !== -1);
        this.pending = endAt === -1 ? this.pending + segment.length : 0;
      }
      start = stop;
    }
  }

  /**
   * The library's decoder takes an END right after ESC as data, which would glue the next frame to
   * noise; an END always ends a packet here (docs/protocol.md §1.1), so such a packet is dropped.
   */
  private feedSegment(segment: Uint8Array, endsWithEnd: boolean): void {
    if (!endsWithEnd) {
      this.feed(segment);
      return;
    }
    this.feed(segment.subarray(0, segment.length - 1));
    if (this.decoder.escape) {
      this.invalidEscapes++;
      this.resetDecoder();
    } else {
      this.feed(segment.subarray(segment.length - 1));
    }
  }

  private feed(segment: Uint8Array): void {
    this.decoder._transform(
      Buffer.from(segment.buffer, segment.byteOffset, segment.byteLength),
      BUFFER_ENCODING,
      () => {},
    );
  }

  private resetDecoder(): void {
    this.decoder.buffer = Buffer.alloc(0);
    this.decoder.escape = false;
  }
}
