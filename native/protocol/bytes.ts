/** Thrown by ByteReader on malformed input; the codec turns it into a BAD_PAYLOAD result. */
export class PayloadError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'PayloadError';
  }
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/** Little-endian writer for the field encodings of docs/protocol.md §1.4. */
export class ByteWriter {
  private chunks: Uint8Array[] = [];
  private size = 0;

  private append(bytes: Uint8Array): this {
    this.chunks.push(bytes);
    this.size += bytes.length;
    return this;
  }

  private fixed(size: number, fill: (view: DataView) => void): this {
    const bytes = new Uint8Array(size);
    fill(new DataView(bytes.buffer));
    return this.append(bytes);
  }

  u8(field: string, value: number): this {
    checkRange(field, value, 0xff);
    return this.fixed(1, (v) => v.setUint8(0, value));
  }

  u16(field: string, value: number): this {
    checkRange(field, value, 0xffff);
    return this.fixed(2, (v) => v.setUint16(0, value, true));
  }

  u32(field: string, value: number): this {
    checkRange(field, value, 0xffff_ffff);
    return this.fixed(4, (v) => v.setUint32(0, value, true));
  }

  u64(field: string, value: number): this {
    checkRange(field, value, Number.MAX_SAFE_INTEGER);
    return this.fixed(8, (v) => v.setBigUint64(0, BigInt(value), true));
  }

  str8(field: string, value: string): this {
    const bytes = utf8Encoder.encode(value);
    if (bytes.length > 0xff) throw new RangeError(`${field}: ${bytes.length} bytes of UTF-8 exceed 255.`);
    return this.u8(field, bytes.length).append(bytes);
  }

  bytes16(field: string, value: Uint8Array): this {
    if (value.length > 0xffff) throw new RangeError(`${field}: ${value.length} bytes exceed 65535.`);
    return this.u16(field, value.length).append(value.slice());
  }

  fixedBytes(field: string, value: Uint8Array, length: number): this {
    if (value.length !== length)
      throw new RangeError(`${field}: must be exactly ${length} bytes, got ${value.length}.`);
    return this.append(value.slice());
  }

  rest(value: Uint8Array): this {
    return this.append(value.slice());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

function checkRange(field: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${field}: ${value} is not an integer in 0..${max}.`);
  }
}

export class ByteReader {
  private at = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private need(field: string, n: number): number {
    if (this.at + n > this.bytes.length) {
      throw new PayloadError(field, `${field}: message ends ${this.at + n - this.bytes.length} bytes early.`);
    }
    const start = this.at;
    this.at += n;
    return start;
  }

  u8(field: string): number {
    return this.view.getUint8(this.need(field, 1));
  }

  u16(field: string): number {
    return this.view.getUint16(this.need(field, 2), true);
  }

  u32(field: string): number {
    return this.view.getUint32(this.need(field, 4), true);
  }

  u64(field: string): number {
    const value = this.view.getBigUint64(this.need(field, 8), true);
    if (value > BigInt(Number.MAX_SAFE_INTEGER))
      throw new PayloadError(field, `${field}: ${value} exceeds 2^53-1.`);
    return Number(value);
  }

  str8(field: string): string {
    const length = this.u8(field);
    const start = this.need(field, length);
    try {
      return utf8Decoder.decode(this.bytes.subarray(start, start + length));
    } catch {
      throw new PayloadError(field, `${field}: not valid UTF-8.`);
    }
  }

  bytes16(field: string): Uint8Array {
    const length = this.u16(field);
    const start = this.need(field, length);
    return this.bytes.slice(start, start + length);
  }

  fixedBytes(field: string, length: number): Uint8Array {
    const start = this.need(field, length);
    return this.bytes.slice(start, start + length);
  }

  rest(): Uint8Array {
    const start = this.need('rest', this.bytes.length - this.at);
    return this.bytes.slice(start);
  }

  end(): void {
    if (this.at !== this.bytes.length) {
      throw new PayloadError('end', `${this.bytes.length - this.at} bytes left after the last field.`);
    }
  }
}
