import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LIVE_DELAY_MS, liveDelay, SyncEngine } from '../../../electron/services/sync/engine';
import type { HubClient } from '../../../electron/services/sync/hub-client';
import { SyncQueue } from '../../../electron/services/sync/queue';

/**
 * The station's random wait before pulling after a live notice: bounded, and a burst of notices
 * costs one pull. Timers are faked and the random source is a list, so nothing here sleeps.
 */

let dir: string;
let queue: SyncQueue;
beforeEach(() => {
  vi.useFakeTimers();
  dir = mkdtempSync(join(tmpdir(), 'live-delay-'));
  queue = new SyncQueue(join(dir, 'sync.sqlite'));
});
afterEach(() => {
  queue.close();
  rmSync(dir, { recursive: true, force: true });
  vi.useRealTimers();
});

/** A hub that answers every pull with nothing new and hands the test its live channel. */
function fakeHub() {
  const pulls: number[] = [];
  let tell: ((event: string, data: string) => void) | null = null;
  const client: HubClient = {
    get: <T>(path: string) => {
      if (path.startsWith('/v1/pull')) pulls.push(Date.now());
      return Promise.resolve({
        hubTime: new Date().toISOString(),
        changes: [],
        cursor: '0:0',
        more: false,
      } as T);
    },
    post: () => Promise.reject(new Error('nothing is pushed here')),
    events(onEvent) {
      tell = onEvent;
      return () => {
        tell = null;
      };
    },
    close: () => undefined,
  } as HubClient;
  return {
    client,
    pulls,
    changed: () => tell!('changed', '{"head":"1:1"}'),
  };
}

/** Random numbers from a list, in turn (the engine also draws them for backoff: none fail here). */
const drawing = (values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};

async function startedEngine(hub: ReturnType<typeof fakeHub>, random: () => number, liveDelayMs?: number) {
  const engine = new SyncEngine({
    queue,
    client: hub.client,
    random,
    clock: () => Date.now(),
    idleMs: 30_000,
    ...(liveDelayMs === undefined ? {} : { liveDelayMs }),
  });
  engine.start();
  await vi.advanceTimersByTimeAsync(0); // the first round at start
  expect(hub.pulls).toHaveLength(1);
  hub.pulls.length = 0;
  return engine;
}

describe('the wait before pulling after a live notice', () => {
  it('is a whole number of ms from 0 to the bound, over the whole range of the random source', () => {
    expect(liveDelay(() => 0, 250)).toBe(0);
    expect(liveDelay(() => 0.999_999_9, 250)).toBe(250);
    expect(liveDelay(() => 0.5, 250)).toBe(125);
    // A source that breaks its promise ([0, 1)) still gives a wait inside the bound.
    expect(liveDelay(() => 1, 250)).toBe(250);
    expect(liveDelay(() => -0.2, 250)).toBe(0);
    expect(liveDelay(() => 0.7, 0)).toBe(0);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const d = liveDelay(() => i / 1000, 250);
      expect(Number.isInteger(d) && d >= 0 && d <= 250).toBe(true);
      seen.add(d);
    }
    expect(Math.min(...seen)).toBe(0);
    expect(Math.max(...seen)).toBe(250);
  });

  it('a notice pulls after the drawn wait, not before and not later', async () => {
    const hub = fakeHub();
    const engine = await startedEngine(hub, drawing([0.6]));
    const at = Date.now();
    hub.changed();
    await vi.advanceTimersByTimeAsync(LIVE_DELAY_MS * 0.6 - 1);
    expect(hub.pulls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(hub.pulls).toEqual([at + LIVE_DELAY_MS * 0.6]);
    engine.stop();
  });

  it('never waits past the bound, whatever the source draws', async () => {
    const hub = fakeHub();
    const engine = await startedEngine(hub, () => 1, 40);
    const at = Date.now();
    hub.changed();
    await vi.advanceTimersByTimeAsync(40);
    expect(hub.pulls).toEqual([at + 40]);
    engine.stop();
  });

  it('a burst of notices while one waits costs one pull, at the earliest drawn time', async () => {
    const hub = fakeHub();
    // waits of 225, 100, 250, 25 (at +10 ms), 200 ms: the pull goes at +35 ms, once
    const engine = await startedEngine(hub, drawing([0.9, 0.4, 0.999, 0.1, 0.8]));
    const at = Date.now();
    hub.changed();
    hub.changed();
    hub.changed();
    await vi.advanceTimersByTimeAsync(10);
    hub.changed();
    await vi.advanceTimersByTimeAsync(20);
    hub.changed(); // at +30: its 200 ms is after the pull due at +35, which will carry it
    await vi.advanceTimersByTimeAsync(LIVE_DELAY_MS * 2);
    expect(hub.pulls).toEqual([at + 35]);
    engine.stop();
  });

  it('with the wait set to 0 a notice pulls at once; the idle timer is not put off by a notice', async () => {
    const hub = fakeHub();
    const engine = await startedEngine(hub, drawing([0.5]), 0);
    const at = Date.now();
    hub.changed();
    await vi.advanceTimersByTimeAsync(0);
    expect(hub.pulls).toEqual([at]);
    // the next round is the idle one, 30 s after that pull
    await vi.advanceTimersByTimeAsync(30_000);
    expect(hub.pulls).toEqual([at, at + 30_000]);
    engine.stop();
  });

  it('a pushed mutation is not held back by a notice that waits', async () => {
    const hub = fakeHub();
    const engine = await startedEngine(hub, drawing([0.999]));
    const at = Date.now();
    hub.changed(); // waits 250 ms
    engine.wake(); // something for the hub: a round now
    await vi.advanceTimersByTimeAsync(0);
    expect(hub.pulls).toEqual([at]);
    engine.stop();
  });
});
