import { encodeFrame } from '../framing/frame';
import { FrameReader } from '../framing/frame-reader';
import { slipEncode } from '../framing/slip';
import type { Transport } from '../transports/transport';
import { damage, seededRandom, type LineFaults } from './line-faults';
import { PacedLine } from '../transports/paced-line';
import type { BreakFlag } from './break-flags';
import type { Terminal } from './terminal';

export interface RuntimeOptions {
  /** Simulated line speed, 8N1; 0 = as fast as the transport goes. */
  readonly baud?: number;
  /**
   * The speed of a line that paces the bytes itself (a UART-like link, createUartPair), which the unit
   * reports in HELLO_ACK; defaults to `baud`.
   */
  readonly lineBaud?: number;
  readonly faults?: LineFaults;
  readonly seed?: number;
  /** How long a restart keeps the unit off the link. */
  readonly rebootMs?: number;
  /** Conformance clauses of the link broken on purpose: answer-bad-crc, answer-overlong, no-resync. */
  readonly breaks?: ReadonlySet<BreakFlag>;
  /** Called when the fault injection disconnects the unit. */
  readonly onDisconnect?: () => void;
}

const END = Uint8Array.of(0xc0);

/**
 * Puts a Terminal on a transport the way hardware would be: bytes paced at the line rate in both
 * directions, faults applied on the wire, restarts that take the unit off the link for a moment.
 */
export class DeviceRuntime {
  private readonly input: PacedLine;
  private readonly output: PacedLine;
  private readonly reader: FrameReader;
  private readonly random: () => number;
  private received = 0;
  private stalled = false;
  private offline = false;
  private disconnected = false;
  private invalidEscapesSeen = 0;
  private readonly defaultBaud: number;

  constructor(
    private readonly terminal: Terminal,
    private readonly transport: Transport,
    private readonly options: RuntimeOptions = {},
  ) {
    this.defaultBaud = options.baud ?? 0;
    this.random = seededRandom(options.seed ?? Date.now());
    this.terminal.currentBaud = options.lineBaud ?? this.defaultBaud;
    this.reader = new FrameReader((frame) => this.onFrame(frame));
    this.input = new PacedLine(this.defaultBaud, (bytes) => this.onWireBytes(bytes));
    this.output = new PacedLine(this.defaultBaud, (bytes) => {
      if (!this.disconnected) this.transport.write(bytes).catch(() => this.dropOff());
    });
    transport.onData((bytes) => {
      if (!this.offline && !this.disconnected)
        this.input.push(damage(bytes, this.options.faults ?? {}, this.random));
    });
    transport.onClose(() => this.stop());
  }

  get bytesReceived(): number {
    return this.received;
  }

  stop(): void {
    this.disconnected = true;
    this.input.stop();
    this.output.stop();
  }

  private onWireBytes(bytes: Uint8Array): void {
    const faults = this.options.faults ?? {};
    let chunk = bytes;
    const limit = faults.disconnectAfterBytes;
    if (limit !== undefined && this.received + chunk.length >= limit) {
      chunk = chunk.subarray(0, Math.max(0, limit - this.received));
      this.received += chunk.length;
      this.reader.push(chunk);
      this.dropOff();
      return;
    }
    this.received += chunk.length;
    if (!this.stalled && faults.stallMs && this.received >= (faults.stallAfterBytes ?? 65_536)) {
      this.stalled = true;
      this.input.pause(faults.stallMs);
    }
    const before = this.reader.stats.rejected;
    this.reader.push(chunk);
    this.breakLink(before);
  }

  /** answer-bad-crc, answer-overlong: a unit that answers what §1.1/§1.2 say to drop. */
  private breakLink(before: FrameReader['stats']['rejected']): void {
    const breaks = this.options.breaks;
    if (!breaks?.size) return;
    const after = this.reader.stats.rejected;
    const answer = () =>
      this.output.push(
        Uint8Array.from([
          0xc0,
          ...slipEncode(encodeFrame({ type: 0x7f, seq: 0, payload: new Uint8Array(4) })),
        ]),
      );
    if (breaks.has('answer-bad-crc') && after.bad_crc > before.bad_crc) answer();
    if (
      breaks.has('answer-overlong') &&
      after.too_long + after.oversized > before.too_long + before.oversized
    )
      answer();
  }

  private dropOff(): void {
    if (this.disconnected) return;
    this.stop();
    this.options.onDisconnect?.();
  }

  private onFrame(frame: Parameters<Terminal['handle']>[0]): void {
    if (this.offline || this.disconnected) return;
    // no-resync: after an invalid escape the unit also loses the next frame. Checked as each frame
    // comes out of the reader, so it does not matter whether noise and frame came in one chunk.
    const invalid = this.reader.stats.rejected.invalidEscapes;
    if (this.options.breaks?.has('no-resync') && invalid > this.invalidEscapesSeen) {
      this.invalidEscapesSeen = invalid;
      return;
    }
    const { answers, after } = this.terminal.handle(frame);
    for (const answer of answers) {
      const slip = slipEncode(encodeFrame(answer));
      const bytes = new Uint8Array(slip.length + 1);
      bytes.set(END, 0);
      bytes.set(slip, 1);
      this.output.push(damage(bytes, this.options.faults ?? {}, this.random));
    }
    if (after.kind === 'reboot') void this.restart();
    if (after.kind === 'baud') void this.switchBaud(after.baud);
  }

  private async switchBaud(baud: number): Promise<void> {
    await this.output.whenDrained();
    this.input.setBaud(baud);
    this.output.setBaud(baud);
    this.terminal.currentBaud = baud;
  }

  private async restart(): Promise<void> {
    await this.output.whenDrained();
    this.offline = true;
    this.input.clear();
    await new Promise((resolve) => setTimeout(resolve, this.options.rebootMs ?? 300));
    this.terminal.boot();
    this.input.setBaud(this.defaultBaud);
    this.output.setBaud(this.defaultBaud);
    this.terminal.currentBaud = this.options.lineBaud ?? this.defaultBaud;
    this.offline = false;
  }
}
