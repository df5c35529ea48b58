/** Speed over the last few seconds, not since the start: a stall or a resumed transfer shows at once. */
export const SPEED_WINDOW_MS = 3000;

export interface ProgressFigures {
  readonly bytesDone: number;
  readonly bytesTotal: number;
  /** Payload bytes per second over the sliding window; 0 until two samples span time. */
  readonly bytesPerSec: number;
  /** Seconds left at the current speed; null while the speed is unknown. */
  readonly etaSeconds: number | null;
}

/** Sliding-window speed and ETA of one transfer. */
export class ProgressMeter {
  private samples: { at: number; bytes: number }[] = [];

  constructor(private readonly windowMs = SPEED_WINDOW_MS) {}

  reset(): void {
    this.samples = [];
  }

  sample(at: number, bytesDone: number, bytesTotal: number): ProgressFigures {
    const last = this.samples[this.samples.length - 1];
    // A transfer that starts again (resume, second pass) counts from its new base.
    if (last && bytesDone < last.bytes) this.samples = [];
    this.samples.push({ at, bytes: bytesDone });
    while (this.samples.length > 2 && this.samples[0]!.at < at - this.windowMs) this.samples.shift();
    const first = this.samples[0]!;
    const span = at - first.at;
    const bytesPerSec = span > 0 ? ((bytesDone - first.bytes) * 1000) / span : 0;
    const remaining = Math.max(0, bytesTotal - bytesDone);
    return {
      bytesDone,
      bytesTotal,
      bytesPerSec: Math.round(bytesPerSec),
      etaSeconds: remaining === 0 ? 0 : bytesPerSec > 0 ? Math.ceil(remaining / bytesPerSec) : null,
    };
  }
}

/** At most 4 progress events a second per unit. */
export const PROGRESS_MIN_INTERVAL_MS = 250;

/**
 * Rate-limits a stream of updates: the first goes out at once, later ones at most every
 * `intervalMs`, and the last one is never lost (it goes out when the interval ends).
 */
export class Throttle<T> {
  private lastAt = Number.NEGATIVE_INFINITY;
  private pending: T | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly emit: (value: T) => void,
    private readonly now: () => number = () => performance.now(),
    private readonly intervalMs = PROGRESS_MIN_INTERVAL_MS,
  ) {}

  push(value: T): void {
    const wait = this.lastAt + this.intervalMs - this.now();
    if (wait <= 0 && !this.timer) {
      this.send(value);
      return;
    }
    this.pending = value;
    this.timer ??= setTimeout(
      () => {
        this.timer = undefined;
        const next = this.pending;
        this.pending = undefined;
        if (next !== undefined) this.send(next);
      },
      Math.max(0, wait),
    );
  }

  /** Drops what is pending and stops the timer (the pool is closing). */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }

  private send(value: T): void {
    this.lastAt = this.now();
    this.emit(value);
  }
}
