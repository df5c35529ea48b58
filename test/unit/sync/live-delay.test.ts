import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LIVE_DELAY_MS, liveDelay, SyncEngine } from '../../../electron/services/sync/engine';
import { HubUnavailable, type HubClient } from '../../../electron/services/sync/hub-client';
import { SyncQueue } from '../../../electron/services/sync/queue';

/**
 * The station's random wait before pulling after a live notice: bounded, and a burst of notices
 * costs one pull; the live stream's (re)opening pulls the same way. Timers are faked and the random source is a list, so nothing here sleeps.
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

/**
 * A hub that answers every pull with nothing new (at cursor `at`, 0:0 unless moved) and hands the
 * test its live channel: `connect` says hello with a head as the hub does when a stream opens (1:1,
 * past 0:0, unless told), `drop` ends the stream (the engine reopens it),
 * `hold` keeps pull answers back until `release`, `down` fails every request as unreachable.
 */
function fakeHub() {
  const pulls: number[] = [];
  let tell: ((event: string, data: string) => void) | null = null;
  let end: (() => void) | null = null;
  let opens = 0;
  let held: (() => void)[] | null = null;
  let unreachable = false;
  let at = '0:0';
  const answer = <T>() => ({ hubTime: new Date().toISOString(), changes: [], cursor: at, more: false }) as T;
  const client: HubClient = {
    get: <T>(path: string) => {
      if (unreachable) return Promise.reject(new HubUnavailable('hub unreachable: cut'));
      if (path.startsWith('/v1/pull')) pulls.push(Date.now());
      if (!held) return Promise.resolve(answer<T>());
      const waiting = held;
      return new Promise<T>((resolve) => waiting.push(() => resolve(answer<T>())));
    },
    post: () => Promise.reject(new Error('nothing is pushed here')),
    events(onEvent, onEnd) {
      opens++;
      tell = onEvent;
      end = () => onEnd();
      return () => {
        tell = null;
        end = null;
      };
    },
    close: () => undefined,
  } as HubClient;
  return {
    client,
    pulls,
    changed: () => tell!('changed', '{"head":"1:1"}'),
    connect: (head = '1:1') => tell!('hello', JSON.stringify({ head })),
    moveTo: (cursor: string) => {
      at = cursor;
    },
    drop: () => {
      const ended = end!;
      tell = null;
      end = null;
      ended();
    },
    opens: () => opens,
    hold: () => {
      held = [];
    },
    release: () => {
      const waiting = held ?? [];
      held = null;
      for (const answerNow of waiting) answerNow();
    },
    down: (cut: boolean) => {
      unreachable = cut;
    },
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

describe('pulling when the live stream opens again', () => {
  it('a reconnection pulls after the drawn wait, like a notice', async () => {
    const hub = fakeHub();
    // every draw 0.6: the wait 150 ms, the pause before reopening a stream 600 ms
    const engine = await startedEngine(hub, drawing([0.6]));
    const at = Date.now();
    hub.connect(); // after the start-up round's pull: it may have missed what came before the stream
    await vi.advanceTimersByTimeAsync(149);
    expect(hub.pulls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(hub.pulls).toEqual([at + 150]);
    hub.drop();
    await vi.advanceTimersByTimeAsync(600);
    expect(hub.opens()).toBe(2);
    hub.connect();
    await vi.advanceTimersByTimeAsync(LIVE_DELAY_MS);
    expect(hub.pulls).toEqual([at + 150, at + 750 + 150]);
    // and then nothing until the idle round
    await vi.advanceTimersByTimeAsync(29_000);
    expect(hub.pulls).toHaveLength(2);
    engine.stop();
  });

  it('the first connection costs no second pull when the start-up round pulls after it', async () => {
    const hub = fakeHub();
    const engine = new SyncEngine({ queue, client: hub.client, random: () => 0.5, clock: () => Date.now() });
    engine.start();
    hub.connect(); // before the start-up round has run: it is due now
    await vi.advanceTimersByTimeAsync(LIVE_DELAY_MS * 4);
    expect(hub.pulls).toHaveLength(1);
    engine.stop();
  });

  it('a stream opened while a round waits for its last page pulls again after the wait', async () => {
    const hub = fakeHub();
    const engine = new SyncEngine({ queue, client: hub.client, random: () => 0.5, clock: () => Date.now() });
    hub.hold();
    engine.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(hub.pulls).toHaveLength(1); // asked, not answered
    hub.connect(); // the hub counted the stream in after that pull was read
    await vi.advanceTimersByTimeAsync(10);
    const at = Date.now();
    hub.release();
    await vi.advanceTimersByTimeAsync(LIVE_DELAY_MS * 4);
    expect(hub.pulls).toEqual([at - 10, at + 125]);
    engine.stop();
  });

  it('a stream that flaps costs one pull per wait, not one per reconnection', async () => {
    const hub = fakeHub();
    // hello: wait 225 ms; end: reopen after 50 ms — four reconnections inside one wait
    const engine = await startedEngine(hub, drawing([0.9, 0.05]));
    const at = Date.now();
    hub.connect();
    for (let i = 0; i < 3; i++) {
      hub.drop();
      await vi.advanceTimersByTimeAsync(50);
      hub.connect(); // its own wait (225 ms) ends after the one pending: that pull carries it
    }
    expect(hub.opens()).toBe(4);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(hub.pulls).toEqual([at + 225]);
    engine.stop();
  });

  it('after failed rounds a reconnection pulls at the drawn wait, not at the end of the backoff', async () => {
    const hub = fakeHub();
    const engine = await startedEngine(hub, () => 0.9);
    hub.down(true);
    hub.drop(); // the stream reopens after 0.9 s
    engine.wake(); // fails, and again after 0.9 s: the next round 1.8 s later
    await vi.advanceTimersByTimeAsync(900);
    expect(hub.opens()).toBe(2);
    expect(engine.status().lastError).toMatch(/unreachable/);
    hub.down(false);
    await vi.advanceTimersByTimeAsync(100);
    const at = Date.now();
    hub.connect(); // the hub answered: no need to sit out the backoff
    await vi.advanceTimersByTimeAsync(LIVE_DELAY_MS);
    expect(hub.pulls).toEqual([at + 225]);
    engine.stop();
  });

  it('a notice during a round still pulls after its wait when the round ends first', async () => {
    const hub = fakeHub();
    const engine = await startedEngine(hub, drawing([0.6]));
    hub.hold();
    engine.wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(hub.pulls).toHaveLength(1);
    const at = Date.now();
    hub.changed(); // may be about changes that pull has already looked past
    await vi.advanceTimersByTimeAsync(10);
    hub.release();
    await vi.advanceTimersByTimeAsync(LIVE_DELAY_MS);
    expect(hub.pulls).toEqual([at, at + 150]);
    engine.stop();
  });
});

describe('a reconnection the station has already pulled past', () => {
  it('costs no pull when the hello gives a head at or behind the cursor; a head past it pulls', async () => {
    const hub = fakeHub();
    hub.moveTo('7:3');
    const engine = await startedEngine(hub, drawing([0.6]));
    expect(queue.cursor()).toBe('7:3');
    hub.connect('7:3');
    hub.drop();
    await vi.advanceTimersByTimeAsync(600);
    hub.connect('6:9'); // a hub process that has looked less far
    await vi.advanceTimersByTimeAsync(LIVE_DELAY_MS * 4);
    expect(hub.pulls).toHaveLength(0);
    hub.drop();
    await vi.advanceTimersByTimeAsync(600);
    const at = Date.now();
    hub.connect('7:10'); // a change came while the stream was down
    await vi.advanceTimersByTimeAsync(LIVE_DELAY_MS);
    expect(hub.pulls).toEqual([at + 150]);
    // that pull asked after the hello: even a cursor that stays behind the head (changes for other
    // stations) does not pull again
    await vi.advanceTimersByTimeAsync(29_000);
    expect(hub.pulls).toHaveLength(1);
    engine.stop();
  });

  it('the first connection, while the start-up round pulls past its head, costs no second pull', async () => {
    const hub = fakeHub();
    const engine = new SyncEngine({ queue, client: hub.client, random: () => 0.5, clock: () => Date.now() });
    hub.moveTo('4:1');
    hub.hold();
    engine.start();
    await vi.advanceTimersByTimeAsync(0);
    hub.connect('4:1'); // after the pull was asked for, at the head it will answer with
    await vi.advanceTimersByTimeAsync(10);
    hub.release();
    await vi.advanceTimersByTimeAsync(LIVE_DELAY_MS * 4);
    expect(hub.pulls).toHaveLength(1);
    engine.stop();
  });
});
