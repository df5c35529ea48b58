import { writeSync } from 'node:fs';

/**
 * Builds output bytes in one reused buffer and writes it to a file descriptor when full, so a
 * million rows cost a few hundred write calls and no per-row strings.
 */
export class ByteWriter {
  private readonly buf: Buffer;
  private pos = 0;

  constructor(
    private readonly fd: number,
    /** Must exceed the longest single write (a whole ledger line plus the appended columns). */
    capacity: number,
  ) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  /** Makes room for `bytes` more; call before each row. */
  reserve(bytes: number): void {
    if (this.pos + bytes > this.buf.length) this.flush();
    if (bytes > this.buf.length)
      throw new RangeError(`ByteWriter: ${bytes} bytes do not fit in ${this.buf.length}`);
  }

  copy(source: Uint8Array, start: number, end: number): void {
    // A byte loop beats Buffer#copy's call overhead for ledger-row-sized copies.
    if (end - start > 256) {
      this.buf.set(source.subarray(start, end), this.pos);
      this.pos += end - start;
      return;
    }
    const buf = this.buf;
    let pos = this.pos;
    for (let i = start; i < end; i++) buf[pos++] = source[i]!;
    this.pos = pos;
  }

  /** ASCII text only (column names, version ids, reason codes). */
  ascii(text: string): void {
    this.pos += this.buf.write(text, this.pos, 'latin1');
  }

  bytes(source: Uint8Array): void {
    this.copy(source, 0, source.length);
  }

  byte(b: number): void {
    this.buf[this.pos++] = b;
  }

  /** A fen amount as yuan with two decimals, e.g. 360 → '3.60', -201 → '-2.01'. */
  yuan(fen: number): void {
    const buf = this.buf;
    let v = fen;
    if (v < 0) {
      buf[this.pos++] = 45;
      v = -v;
    }
    // Int32 arithmetic when it fits (every fee, and amounts below 21 million yuan): V8 does
    // % and / on doubles through a slow path.
    const small = v <= 0x7fffffff;
    const cents = small ? (v | 0) % 100 : v % 100;
    let whole = small ? ((v | 0) / 100) | 0 : (v - cents) / 100;
    let digits = 1;
    for (let p = 10; whole >= p; p *= 10) digits++;
    let at = this.pos + digits - 1;
    if (whole <= 0x7fffffff) {
      let w = whole | 0;
      do {
        const q = (w / 10) | 0;
        buf[at--] = 48 + w - q * 10;
        w = q;
      } while (w > 0);
    } else {
      do {
        const d = whole % 10;
        buf[at--] = 48 + d;
        whole = (whole - d) / 10;
      } while (whole > 0);
    }
    this.pos += digits;
    buf[this.pos++] = 46;
    buf[this.pos++] = 48 + ((cents / 10) | 0);
    buf[this.pos++] = 48 + (cents % 10);
  }

  flush(): void {
    let off = 0;
    while (off < this.pos) off += writeSync(this.fd, this.buf, off, this.pos - off);
    this.pos = 0;
  }
}
