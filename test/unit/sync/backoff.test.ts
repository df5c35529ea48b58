import { backoffMs } from '../../../electron/services/sync/backoff';
import { retryDelaySeconds } from '../../../server/outbox/worker';
import { RateLimiter } from '../../../server/rate-limit';

describe('station round backoff (full jitter)', () => {
  it('doubles its ceiling from 1 s and stops at 5 minutes', () => {
    const top = () => 0.999_999;
    expect(backoffMs(1, top)).toBe(1000);
    expect(backoffMs(2, top)).toBe(2000);
    expect(backoffMs(5, top)).toBe(16_000);
    expect(backoffMs(30, top)).toBe(300_000);
  });

  it('spreads stations over the whole window, so they do not return at once', () => {
    expect(backoffMs(4, () => 0)).toBe(0);
    expect(backoffMs(4, () => 0.5)).toBe(4000);
    const draws = new Set(Array.from({ length: 50 }, () => backoffMs(6)));
    expect(draws.size).toBeGreaterThan(25);
    for (const d of draws) expect(d).toBeLessThanOrEqual(32_000);
  });
});

describe('hub outbox retry delay', () => {
  it('5 s doubling, capped at 10 minutes', () => {
    expect([1, 2, 3, 4].map(retryDelaySeconds)).toEqual([5, 10, 20, 40]);
    expect(retryDelaySeconds(20)).toBe(600);
  });
});

describe('hub rate limiter (per station, per process)', () => {
  it('lets a burst through, then refuses until tokens refill', () => {
    let now = 0;
    const limiter = new RateLimiter(10, 20, () => now);
    const burst = Array.from({ length: 25 }, () => limiter.take('station-a'));
    expect(burst.filter(Boolean)).toHaveLength(20);
    expect(limiter.take('station-b')).toBe(true); // another station has its own bucket
    now += 500; // half a second: five more
    expect(Array.from({ length: 8 }, () => limiter.take('station-a')).filter(Boolean)).toHaveLength(5);
  });
});
