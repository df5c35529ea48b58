import { parseFrame, type Frame, type FrameRejection } from './frame';
import { SlipReader } from './slip';

export interface FrameReaderStats {
  readonly frames: number;
  readonly rejected: Readonly<Record<FrameRejection | 'oversized' | 'invalidEscapes', number>>;
}

/** Bytes in, valid frames out; everything else is counted and dropped. Never throws on input. */
export class FrameReader {
  private frames = 0;
  private readonly rejected: Record<FrameRejection, number> = {
    too_short: 0,
    too_long: 0,
    bad_version: 0,
    bad_length: 0,
    bad_crc: 0,
  };
  private readonly slip: SlipReader;

  constructor(onFrame: (frame: Frame) => void) {
    this.slip = new SlipReader((packet) => {
      const parsed = parseFrame(packet);
      if (parsed.ok) {
        this.frames++;
        onFrame(parsed.frame);
      } else {
        this.rejected[parsed.reason]++;
      }
    });
  }

  push(bytes: Uint8Array): void {
    this.slip.push(bytes);
  }

  get stats(): FrameReaderStats {
    return { frames: this.frames, rejected: { ...this.rejected, ...this.slip.stats } };
  }
}
