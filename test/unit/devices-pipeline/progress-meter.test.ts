import {
  PROGRESS_MIN_INTERVAL_MS,
  ProgressMeter,
  Throttle,
} from '../../../electron/services/devices/pool/progress-meter';

describe('progress meter', () => {
  it('measures speed over the sliding window, not since the start', () => {
    const meter = new ProgressMeter(3000);
    meter.sample(0, 0, 100_000);
    meter.sample(1000, 10_000, 100_000);
    // A stall: no bytes for four seconds. The speed falls to what the last 3 s saw.
    meter.sample(2000, 20_000, 100_000);
    const stalled = meter.sample(6000, 20_000, 100_000);
    expect(stalled.bytesPerSec).toBe(0);
    expect(stalled.etaSeconds).toBeNull();
    meter.sample(7000, 30_000, 100_000);
    const moving = meter.sample(8000, 40_000, 100_000);
    // Window from 6000 to 8000: 20,000 bytes in 2 s.
    expect(moving.bytesPerSec).toBe(10_000);
    expect(moving.etaSeconds).toBe(6);
  });

  it('starts again when a transfer restarts from a lower count (resume), and ends at ETA 0', () => {
    const meter = new ProgressMeter();
    meter.sample(0, 0, 50_000);
    meter.sample(1000, 40_000, 50_000);
    const restarted = meter.sample(1500, 1000, 20_000);
    expect(restarted.bytesPerSec).toBe(0);
    const later = meter.sample(2500, 11_000, 20_000);
    expect(later.bytesPerSec).toBe(10_000);
    expect(meter.sample(3000, 20_000, 20_000).etaSeconds).toBe(0);
  });
});

describe('progress throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends at most one update per 250 ms and never loses the last one', () => {
    let now = 0;
    const sent: { at: number; value: number }[] = [];
    const throttle = new Throttle<number>(
      (value) => sent.push({ at: now, value }),
      () => now,
    );
    for (let i = 1; i <= 100; i++) {
      throttle.push(i);
      now += 10;
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(PROGRESS_MIN_INTERVAL_MS);
    now += PROGRESS_MIN_INTERVAL_MS;
    for (let i = 1; i < sent.length; i++)
      expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(PROGRESS_MIN_INTERVAL_MS);
    expect(sent[0]!.value).toBe(1);
    expect(sent[sent.length - 1]!.value).toBe(100);
    // 1,000 ms of updates every 10 ms: about four a second.
    expect(sent.length).toBeLessThanOrEqual(6);
  });

  it('stop drops what is pending', () => {
    const sent: number[] = [];
    const throttle = new Throttle<number>(
      (v) => sent.push(v),
      () => 0,
    );
    throttle.push(1);
    throttle.push(2);
    throttle.stop();
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([1]);
  });
});
