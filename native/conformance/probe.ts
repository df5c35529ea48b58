import { encodeFrame, type Frame } from '../framing/frame';
import { FrameReader } from '../framing/frame-reader';
import { slipEncode } from '../framing/slip';
import { decodeMessage, encodeMessage } from '../protocol/codec';
import type { Message, Request } from '../protocol/messages';
import type { Transport } from '../transports/transport';

/** One exchange as it went over the wire: what the evidence of a failed clause shows. */
export interface Exchange {
  readonly sentHex: string;
  readonly receivedHex: string;
  readonly ms: number;
}

export interface ExchangeResult extends Exchange {
  readonly frames: Frame[];
}

const END = 0xc0;
/** How much of a long exchange (a whole flash) the evidence keeps: its last bytes each way. */
export const EVIDENCE_TAIL_BYTES = 4096;

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const tailHex = (bytes: Uint8Array): string =>
  hex(bytes.subarray(Math.max(0, bytes.length - EVIDENCE_TAIL_BYTES)));

/** A frame on the wire: a leading END (flushes noise, §1.1), the SLIP-encoded frame, its END. */
export function wireOf(frame: Frame): Uint8Array {
  return Uint8Array.from([END, ...slipEncode(encodeFrame(frame))]);
}

/** The frame bytes of a request, before SLIP (for clauses that damage them on purpose). */
export function frameOf(message: Request, seq: number): Frame {
  const { type, payload } = encodeMessage(message);
  return { type, seq, payload };
}

/**
 * Raw frame I/O over the same Transport the station's client uses, without its retries: the
 * conformance runner must see exactly what the terminal sent, and whether it sent anything at all.
 * Every exchange is recorded for the report.
 */
export class Probe {
  private readonly reader: FrameReader;
  private frames: Frame[] = [];
  private received: number[] = [];
  private wake: (() => void) | null = null;
  private seq: number;
  /** What the station's client writes while traffic() records it. */
  private tapped: Uint8Array[] | null = null;
  readonly log: Exchange[] = [];
  /**
   * The port as the station's own client sees it (the clauses that flash, reboot or unfreeze reuse
   * the station's code): its writes are recorded by traffic(), and it never closes the port the
   * run owns.
   */
  readonly clientTransport: Transport;

  constructor(readonly transport: Transport) {
    this.clientTransport = {
      get name() {
        return transport.name;
      },
      get closed() {
        return transport.closed;
      },
      get baud() {
        return transport.baud;
      },
      write: (bytes) => {
        this.tapped?.push(Uint8Array.from(bytes));
        return transport.write(bytes);
      },
      onData: (listener) => transport.onData(listener),
      onClose: (listener) => transport.onClose(listener),
      ...(transport.setBaud ? { setBaud: (baud: number) => transport.setBaud!(baud) } : {}),
      close: () => Promise.resolve(),
    };
    this.seq = Math.floor(Math.random() * 0x8000) + 1;
    this.reader = new FrameReader((frame) => {
      this.frames.push(frame);
      this.wake?.();
    });
    transport.onData((bytes) => {
      for (const b of bytes) this.received.push(b);
      this.reader.push(bytes);
    });
  }

  nextSeq(): number {
    this.seq = (this.seq + 1) & 0xffff;
    return this.seq;
  }

  /**
   * Sends raw bytes and collects what comes back: until a frame with `untilSeq` arrives (then a short
   * settle for strays), or for the whole `waitMs` when a clause expects silence.
   */
  async exchange(bytes: Uint8Array, waitMs: number, untilSeq?: number): Promise<ExchangeResult> {
    this.frames = [];
    this.received = [];
    const started = Date.now();
    await this.transport.write(bytes);
    let answeredAt: number | undefined;
    const deadline = started + waitMs;
    while (Date.now() < deadline) {
      if (untilSeq !== undefined && this.frames.some((f) => f.seq === untilSeq)) {
        answeredAt ??= Date.now();
        break;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
    if (answeredAt !== undefined) await new Promise((r) => setTimeout(r, 30));
    const result: ExchangeResult = {
      sentHex: hex(bytes),
      receivedHex: hex(Uint8Array.from(this.received)),
      ms: (answeredAt ?? Date.now()) - started,
      frames: [...this.frames],
    };
    this.log.push(result);
    return result;
  }

  /** One request with a fresh (or given) seq; its decoded answer, or undefined when none came in time. */
  async request(
    message: Request,
    options: { seq?: number; waitMs?: number } = {},
  ): Promise<{ answer: Message | undefined; frame: Frame | undefined; exchange: ExchangeResult }> {
    const seq = options.seq ?? this.nextSeq();
    const exchange = await this.exchange(wireOf(frameOf(message, seq)), options.waitMs ?? 3000, seq);
    const frame = exchange.frames.find((f) => f.seq === seq);
    const decoded = frame ? decodeMessage(frame.type, frame.payload) : undefined;
    return { answer: decoded?.ok ? decoded.message : undefined, frame, exchange };
  }

  /**
   * Runs steps of the station's own client (flash, reboot, unfreeze) and records what went over the
   * wire meanwhile as one exchange: the last EVIDENCE_TAIL_BYTES each way.
   */
  async traffic<T>(steps: () => Promise<T>): Promise<T> {
    this.received = [];
    this.tapped = [];
    const started = Date.now();
    try {
      return await steps();
    } finally {
      const sent = Buffer.concat(this.tapped);
      this.tapped = null;
      this.log.push({
        sentHex: tailHex(sent),
        receivedHex: tailHex(Uint8Array.from(this.received.slice(-EVIDENCE_TAIL_BYTES))),
        ms: Date.now() - started,
      });
    }
  }
}
