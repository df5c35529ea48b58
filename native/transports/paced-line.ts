/**
 * One direction of a serial line: bytes leave at most at baud/10 bytes per second (8N1: start bit,
 * 8 data bits, stop bit). A pseudo-terminal ignores baud rates, so the simulator times the line itself.
 * Rate accounting is against a monotonic clock from the moment the line went busy, so timer jitter
 * never makes the long-run rate drift.
 */
export class PacedLine {
  private queue: Uint8Array[] = [];
  private queued = 0;
  private busySince = 0;
  private releasedSinceBusy = 0;
  private timer: NodeJS.Timeout | undefined;
  private pausedUntil = 0;
  private drainWaiters: (() => void)[] = [];
  private roomWaiters: { below: number; resolve: () => void }[] = [];
  private stopped = false;

  constructor(
    private baud: number,
    private readonly deliver: (bytes: Uint8Array) => void,
    private readonly tickMs = 4,
  ) {}

  setBaud(baud: number): void {
    this.baud = baud;
    this.busySince = performance.now();
    this.releasedSinceBusy = 0;
  }

  /** Nothing is released for `ms` (a stalled device); bytes keep queueing. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, performance.now() + ms);
    this.schedule();
  }

  push(bytes: Uint8Array): void {
    if (this.stopped || bytes.length === 0) return;
    if (this.queued === 0) {
      this.busySince = performance.now();
      this.releasedSinceBusy = 0;
    }
    this.queue.push(bytes);
    this.queued += bytes.length;
    this.schedule(0);
  }

  get pending(): number {
    return this.queued;
  }

  whenDrained(): Promise<void> {
    if (this.queued === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Resolves once at most `bytes` are queued: a writer with a bounded buffer waits for room here. */
  whenAtMost(bytes: number): Promise<void> {
    if (this.queued <= bytes || this.stopped) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push({ below: bytes, resolve }));
  }

  /** Drops everything queued (a power cut loses bytes on the wire). */
  clear(): void {
    this.queue = [];
    this.queued = 0;
    this.settleDrained();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.clear();
  }

  private schedule(delay = this.tickMs): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.release();
    }, delay);
  }

  private release(): void {
    const now = performance.now();
    if (now < this.pausedUntil) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.busySince = performance.now();
        this.releasedSinceBusy = 0;
        this.release();
      }, this.pausedUntil - now);
      return;
    }
    let allowance =
      this.baud > 0
        ? Math.floor(((now - this.busySince) * this.baud) / 10_000) - this.releasedSinceBusy
        : this.queued;
    const out: Uint8Array[] = [];
    while (allowance > 0 && this.queue.length > 0) {
      const head = this.queue[0]!;
      if (head.length <= allowance) {
        out.push(head);
        this.queue.shift();
        allowance -= head.length;
      } else {
        out.push(head.subarray(0, allowance));
        this.queue[0] = head.subarray(allowance);
        allowance = 0;
      }
    }
    const released = out.reduce((n, b) => n + b.length, 0);
    this.queued -= released;
    this.releasedSinceBusy += released;
    if (released > 0) this.deliver(out.length === 1 ? out[0]! : Buffer.concat(out));
    if (this.queued > 0) this.schedule();
    else this.settleDrained();
    this.settleRoom();
  }

  private settleDrained(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
    this.settleRoom();
  }

  private settleRoom(): void {
    if (this.roomWaiters.length === 0) return;
    const ready = this.roomWaiters.filter((w) => this.stopped || this.queued <= w.below);
    this.roomWaiters = this.roomWaiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }
}
