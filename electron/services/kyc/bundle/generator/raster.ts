import { buf as crc32 } from 'crc-32';
import { deflateSync } from 'node:zlib';

export type Rgb = readonly [number, number, number];

/**
 * 3×5 pixel glyphs for the characters that masked values use (digits, *, X, -, .). Enough for a
 * reviewer to see that the test image carries the applicant's masked data; Chinese names are
 * drawn as one block per character instead.
 */
const GLYPHS: Record<string, string> = {
  '0': '111101101101111',
  '1': '010110010010111',
  '2': '111001111100111',
  '3': '111001111001111',
  '4': '101101111001001',
  '5': '111100111001111',
  '6': '111100111101111',
  '7': '111001010010010',
  '8': '111101111101111',
  '9': '111101111001111',
  '*': '000101010101000',
  X: '101101010101101',
  '-': '000000111000000',
  '.': '000000000000010',
  ' ': '000000000000000',
};

/**
 * A paletted image drawn with filled rectangles and the glyphs above, encoded as an 8-bit
 * indexed PNG. Tens of thousands of these go into a benchmark bundle: one byte per pixel and
 * unfiltered rows (flat colour deflates to almost nothing) keep encoding cheap.
 */
export class Raster {
  private readonly pixels: Buffer;
  private readonly palette: Rgb[] = [];
  private readonly paletteIndex = new Map<number, number>();

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb,
  ) {
    // One leading filter byte (0 = none) per row, so the buffer is the PNG's raw scanlines.
    this.pixels = Buffer.alloc((width + 1) * height);
    this.rect(0, 0, width, height, background);
  }

  private colorIndex(color: Rgb): number {
    const key = (color[0] << 16) | (color[1] << 8) | color[2];
    let index = this.paletteIndex.get(key);
    if (index === undefined) {
      if (this.palette.length === 256) throw new RangeError('a raster holds at most 256 colours');
      index = this.palette.length;
      this.palette.push(color);
      this.paletteIndex.set(key, index);
    }
    return index;
  }

  rect(x: number, y: number, w: number, h: number, color: Rgb): void {
    const index = this.colorIndex(color);
    const x0 = Math.max(0, x);
    const x1 = Math.min(this.width, x + w);
    if (x1 <= x0) return;
    for (let yy = Math.max(0, y); yy < Math.min(this.height, y + h); yy += 1) {
      const row = yy * (this.width + 1) + 1;
      this.pixels.fill(index, row + x0, row + x1);
    }
  }

  /** Draws text in the 3×5 font; `scale` pixels per font dot. Returns the x after the text. */
  text(x: number, y: number, text: string, scale: number, color: Rgb): number {
    let cx = x;
    for (const ch of text) {
      const glyph = GLYPHS[ch.toUpperCase()] ?? GLYPHS['*'] ?? '';
      for (let i = 0; i < 15; i += 1) {
        if (glyph[i] === '1')
          this.rect(cx + (i % 3) * scale, y + Math.floor(i / 3) * scale, scale, scale, color);
      }
      cx += 4 * scale;
    }
    return cx;
  }

  /** One block per character of a (masked) name; '*' is drawn hollow so masking stays visible. */
  nameBlocks(x: number, y: number, maskedName: string, size: number, color: Rgb, background: Rgb): void {
    let cx = x;
    for (const ch of maskedName) {
      this.rect(cx, y, size, size, color);
      if (ch === '*') this.rect(cx + 2, y + 2, size - 4, size - 4, background);
      cx += size + 2;
    }
  }

  toPng(): Buffer {
    const header = Buffer.alloc(13);
    header.writeUInt32BE(this.width, 0);
    header.writeUInt32BE(this.height, 4);
    header[8] = 8; // bit depth
    header[9] = 3; // colour type: indexed
    return Buffer.concat([
      PNG_SIGNATURE,
      chunk('IHDR', header),
      chunk('PLTE', Buffer.from(this.palette.flat())),
      chunk('IDAT', deflateSync(this.pixels)),
      chunk('IEND', Buffer.alloc(0)),
    ]);
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** length, type, data, CRC-32 over type and data (PNG spec §5.3). */
function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
