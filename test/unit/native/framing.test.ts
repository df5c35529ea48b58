import fc from 'fast-check';
import {
  MAX_FRAME,
  MAX_PAYLOAD,
  crc32,
  encodeFrame,
  parseFrame,
  type Frame,
} from '../../../native/framing/frame';
import { FrameReader } from '../../../native/framing/frame-reader';
import { slipEncode } from '../../../native/framing/slip';

const frameArb: fc.Arbitrary<Frame> = fc.record({
  type: fc.integer({ min: 0, max: 255 }),
  seq: fc.integer({ min: 0, max: 0xffff }),
  payload: fc.uint8Array({ maxLength: 600 }),
});

function wire(frame: Frame): Uint8Array {
  return slipEncode(encodeFrame(frame));
}

function collect(chunks: readonly Uint8Array[]): { frames: Frame[]; reader: FrameReader } {
  const frames: Frame[] = [];
  const reader = new FrameReader((f) => frames.push(f));
  for (const c of chunks) reader.push(c);
  return { frames, reader };
}

describe('frame codec', () => {
  it('parse(encode(f)) = f', () => {
    fc.assert(
      fc.property(frameArb, (frame) => {
        expect(parseFrame(encodeFrame(frame))).toEqual({ ok: true, frame });
      }),
    );
  });

  it('the CRC covers header and payload: any single bit flip is rejected', () => {
    fc.assert(
      fc.property(frameArb, fc.nat(), (frame, at) => {
        const bytes = encodeFrame(frame);
        const bit = at % (bytes.length * 8);
        bytes[bit >> 3]! ^= 1 << (bit & 7);
        expect(parseFrame(bytes).ok).toBe(false);
      }),
    );
  });

  it('the CRC is CRC-32/IEEE over header and payload, little-endian at the end', () => {
    const bytes = encodeFrame({ type: 0x02, seq: 1, payload: new Uint8Array() });
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(new DataView(bytes.buffer).getUint32(6, true)).toBe(crc32(bytes.subarray(0, 6)));
  });

  it('refuses payloads over the bound', () => {
    expect(() => encodeFrame({ type: 1, seq: 1, payload: new Uint8Array(MAX_PAYLOAD + 1) })).toThrow(
      /exceeds/,
    );
    expect(parseFrame(new Uint8Array(MAX_FRAME + 1))).toEqual({ ok: false, reason: 'too_long' });
  });
});

describe('frame reader (SLIP + CRC)', () => {
  it('delivers every frame however the stream is split', () => {
    fc.assert(
      fc.property(
        fc.array(frameArb, { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (frames, cuts) => {
          const stream = Buffer.concat(frames.map(wire));
          const points = [...new Set(cuts.map((c) => (stream.length === 0 ? 0 : c % stream.length)))].sort(
            (a, b) => a - b,
          );
          const chunks: Uint8Array[] = [];
          let from = 0;
          for (const p of points) {
            chunks.push(stream.subarray(from, p));
            from = p;
          }
          chunks.push(stream.subarray(from));
          expect(collect(chunks).frames).toEqual(frames);
        },
      ),
    );
  });

  it('garbage never throws and the next valid frame after it is recovered', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.boolean(), frameArb, (noise, escEnd, frame) => {
        const garbage = escEnd ? Uint8Array.from([...noise, 0xdb]) : noise;
        // The sender's leading END (docs/protocol.md §1.1) ends whatever the garbage started.
        const { frames } = collect([garbage, Uint8Array.of(0xc0), wire(frame)]);
        expect(frames[frames.length - 1]).toEqual(frame);
      }),
      { numRuns: 300 },
    );
  });

  it('an ESC just before END does not swallow the END (the next frame survives)', () => {
    const frame = { type: 0x81, seq: 7, payload: Uint8Array.of(1, 2, 3) };
    const { frames, reader } = collect([Uint8Array.of(0x11, 0xdb), Uint8Array.of(0xc0), wire(frame)]);
    expect(frames).toEqual([frame]);
    expect(reader.stats.rejected.invalidEscapes).toBe(1);
  });

  it('truncated and bit-flipped frames are dropped without throwing, and the following frame survives', () => {
    fc.assert(
      fc.property(frameArb, frameArb, fc.nat(), fc.nat(), (damaged, next, cut, flip) => {
        const bytes = wire(damaged);
        const truncated = bytes.subarray(0, cut % bytes.length);
        const flipped = bytes.slice();
        const bit = flip % ((flipped.length - 1) * 8);
        flipped[bit >> 3]! ^= 1 << (bit & 7);
        const { frames } = collect([
          truncated,
          Uint8Array.of(0xc0),
          flipped,
          Uint8Array.of(0xc0),
          wire(next),
        ]);
        expect(frames[frames.length - 1]).toEqual(next);
        for (const f of frames.slice(0, -1)) expect(f).toEqual(damaged);
      }),
      { numRuns: 300 },
    );
  });

  it('an endless stream without END is bounded: dropped, not buffered, and the reader recovers', () => {
    const frame = { type: 0x81, seq: 7, payload: Uint8Array.of(1, 2, 3) };
    const noise = new Uint8Array(64 * 1024).fill(0x41);
    const { frames, reader } = collect([noise, noise, noise, Uint8Array.of(0xc0), wire(frame)]);
    expect(frames).toEqual([frame]);
    expect(reader.stats.rejected.oversized).toBe(1);
  });

  it('a reader fed random bytes finishes in linear time', () => {
    const random = new Uint8Array(1 << 20);
    for (let i = 0; i < random.length; i++) random[i] = (i * 2654435761) >>> 24;
    const started = performance.now();
    collect([random]);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
