/**
 * A station whose live stream drops pulls when the stream is back: a freeze made at the hub while
 * it was cut off reaches it within the reconnect pause and the live wait, not with its next
 * scheduled round — set to ten minutes here, so only the reconnection can explain the pull. The
 * faults: the station's link cut (a proxy destroys every socket and refuses new ones) while another
 * station's stream keeps the hub's live channel looking, so the hub has looked past the freeze
 * before the station is back and never tells it; the hub restarted, so it starts past the freeze;
 * and a stream cut again each time it opens. On both engines.
 */
import { join } from 'node:path';
import { startHub, type RunningHub } from '../../../server/app';
import { logAdapter } from '../../../server/outbox/adapters';
import { atOrPast } from '../../../electron/services/sync/change-position';
import { LIVE_DELAY_MS, SyncEngine } from '../../../electron/services/sync/engine';
import { createHubClient, type HubClient } from '../../../electron/services/sync/hub-client';
import { ENGINES, startHubOnFreshDatabase, type HubOnFreshDatabase, type TestStation } from './harness';
import { LinkProxy } from './link-proxy';

/** Longer than any test here: a pull within it is the live channel's doing, not the timer's. */
const ROUND_MS = 600_000;
/** The most a reconnection may take to bring the change: the reopen pause (≤ 1 s), the wait (≤ 250 ms), the pull. */
const RECONNECT_PULL_MS = 2_500;
/** Timers late on a loaded machine. */
const SLACK_MS = 150;

/** Station B's engine over its client, counting what it asks and hears (times in ms). */
interface Watched {
  readonly engine: SyncEngine;
  readonly pulls: number[];
  readonly hellos: number[];
  readonly notices: number[];
  /** Runs on every hello, after the engine heard it (a fault to inject right then). */
  onHello: () => void;
}

function watched(s: TestStation, client: HubClient, random: () => number): Watched {
  const w: Watched = {
    engine: undefined as unknown as SyncEngine,
    pulls: [],
    hellos: [],
    notices: [],
    onHello: () => undefined,
  };
  const counted: HubClient = {
    ...client,
    get: <T>(path: string) => {
      if (path.startsWith('/v1/pull')) w.pulls.push(Date.now());
      return client.get<T>(path);
    },
    events: (onEvent, onEnd) =>
      client.events((event, data) => {
        if (event === 'changed') w.notices.push(Date.now());
        onEvent(event, data);
        if (event === 'hello') {
          w.hellos.push(Date.now());
          w.onHello();
        }
      }, onEnd),
  };
  return Object.assign(w, {
    engine: new SyncEngine({ queue: s.queue, client: counted, random, idleMs: ROUND_MS }),
  });
}

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(ENGINES)('pulling when the live stream comes back (%s)', (engine) => {
  let fresh: HubOnFreshDatabase;
  let a: TestStation;
  const stops: (() => unknown)[] = [];

  beforeAll(async () => {
    fresh = await startHubOnFreshDatabase(engine, { operators: [['sun', 'support']] });
    a = await fresh.t.station('Counter A');
  });
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });
  afterAll(async () => {
    await fresh?.dispose();
  });

  /** Support freezes a device at station A (straight to the hub); returns the change's position. */
  async function freeze(serial: string): Promise<string> {
    const answer = await a.client.post<{ results: { status: string }[] }>('/v1/push', {
      mutations: [
        {
          id: crypto.randomUUID(),
          kind: 'device.freeze',
          operator: 'sun',
          payload: { serial, reason: 'lost' },
        },
      ],
    });
    expect(answer.results[0]!.status).toBe('accepted');
    const [row] = await fresh.t.db.query<{ at: string }>(
      `SELECT xid::text || ':' || seq::text AS at FROM hub_changes WHERE entity = 'device' AND key = $1`,
      [serial],
    );
    return row!.at;
  }

  /** A station named `name` reaching the hub through a link the test can cut. */
  async function behindLink(name: string): Promise<{ link: LinkProxy; b: TestStation }> {
    const link = new LinkProxy(fresh.t.hub.port);
    await link.listen();
    stops.push(() => link.close());
    return { link, b: await fresh.t.station(name, { hubUrl: link.url }) };
  }

  const frozenAt = (s: TestStation, serial: string) =>
    s.queue.mirror<{ status: string }>('device', serial)?.status === 'frozen';

  /**
   * Opens A's stream for the rest of the test: the hub's live channel keeps looking at the head (it
   * does not while it has no stream), so it moves past a change made while B is cut off, and B's
   * stream, once back, is never told of it. Returns the heads A is told, once the hub has looked.
   */
  async function keepHubLooking(): Promise<string[]> {
    const heads: string[] = [];
    let open = false;
    stops.push(
      a.client.events(
        (event, data) => {
          if (event === 'hello') open = true;
          if (event === 'changed') heads.push((JSON.parse(data) as { head: string }).head);
        },
        () => undefined,
      ),
    );
    await until("A's stream", () => open);
    await pause(300); // three looks: the hub's head is the database's
    return heads;
  }

  /**
   * Starts B's engine and waits for its start-up round and its stream: one pull and no notice — the
   * hub has looked already, and the hello's head is the one the start-up round pulled to.
   */
  async function started(w: Watched): Promise<void> {
    w.engine.start();
    stops.push(() => w.engine.stop());
    await until(
      'the start-up round and the stream',
      () => w.engine.status().lastSyncAt !== null && w.hellos.length > 0,
    );
    await pause(500);
    expect(w.pulls).toHaveLength(1);
    expect(w.notices).toEqual([]);
    w.pulls.length = 0;
  }

  it('a freeze made while the link was cut arrives with the reconnection', async () => {
    const { link, b } = await behindLink('Counter B');
    // The largest draws: the longest reopen pause and the longest wait.
    const w = watched(b, b.client, () => 0.999);
    const heads = await keepHubLooking();
    await started(w);

    link.down();
    const hellosBefore = w.hellos.length;
    const serial = `SN-CUT-${engine}`;
    const at = await freeze(serial);
    await until('A told of the freeze', () => heads.some((h) => atOrPast(h, at)));
    await pause(300); // more looks of the live channel while B is still cut off
    expect(frozenAt(b, serial)).toBe(false);
    expect(w.pulls).toHaveLength(0);

    const upAt = Date.now();
    link.up();
    await until('the freeze at B', () => frozenAt(b, serial), RECONNECT_PULL_MS);
    expect(Date.now() - upAt).toBeLessThan(RECONNECT_PULL_MS);
    expect(w.hellos.length).toBe(hellosBefore + 1);
    expect(w.notices.filter((t) => t >= upAt)).toEqual([]); // the hub never told B of it
    expect(w.pulls).toHaveLength(1);
    // after the drawn wait (250 ms), not at once
    const waited = w.pulls[0]! - w.hellos.at(-1)!;
    expect(waited).toBeGreaterThanOrEqual(LIVE_DELAY_MS - 10);
    expect(waited).toBeLessThan(LIVE_DELAY_MS + SLACK_MS);
  });

  it('a freeze made while the hub was down arrives when it is back', async () => {
    const { t } = fresh;
    /** This hub's process, on the test hub's database and CA: closed and started again on its port. */
    const serve = (port: number) =>
      startHub({
        db: t.db,
        pki: t.pki,
        config: { leaseSeconds: 600, builtInRoots: [] },
        adapter: logAdapter(join(t.dir, 'sms-restart.log')),
        notifyMs: 100,
        requestsPerSecond: 1000,
        port,
      });
    let hub: RunningHub = await serve(0);
    stops.push(() => hub.close());
    const b = await t.station('Counter C');
    const client = createHubClient({ ...b.identity, hubUrl: `https://localhost:${hub.port}` });
    stops.push(() => client.close());
    const w = watched(b, client, () => 0.999);
    await started(w);

    await hub.close();
    const serial = `SN-DOWN-${engine}`;
    await freeze(serial); // through the other hub, on the same database
    await pause(300);
    expect(frozenAt(b, serial)).toBe(false);
    const hellosBefore = w.hellos.length;
    const upAt = Date.now();
    hub = await serve(hub.port); // starts with the head past the freeze: it will tell nobody of it
    await until('the freeze at B', () => frozenAt(b, serial), RECONNECT_PULL_MS);
    expect(Date.now() - upAt).toBeLessThan(RECONNECT_PULL_MS);
    expect(w.hellos.length).toBe(hellosBefore + 1);
    expect(w.notices.filter((n) => n >= upAt)).toEqual([]);
  });

  it('a stream cut each time it opens costs at most one pull per reconnection', async () => {
    const { link, b } = await behindLink('Counter D');
    // reopen after 500 ms, pull 125 ms after each hello: each pull is over before the next cut
    const w = watched(b, b.client, () => 0.5);
    const heads = await keepHubLooking();
    await started(w);

    // Five times: the stream opens, and its connection (with every other) is cut at once.
    const serial = `SN-FLAP-${engine}`;
    const firstHello = w.hellos.length;
    let cuts = 0;
    w.onHello = () => {
      if (cuts++ === 5) return;
      link.down();
      link.up();
    };
    link.down();
    link.up();
    await until('two reconnections', () => w.hellos.length >= firstHello + 2);
    const freezing = Date.now();
    const at = await freeze(serial);
    await until('A told of the freeze', () => heads.some((h) => atOrPast(h, at)));
    await until('five cuts and the stream open again', () => cuts === 6, 15_000);
    await until('the freeze at B', () => frozenAt(b, serial), RECONNECT_PULL_MS);
    await pause(1_000);

    const hellos = w.hellos.slice(firstHello);
    expect(hellos).toHaveLength(6);
    expect(w.pulls.length).toBeLessThanOrEqual(hellos.length);
    // A reconnection with nothing new (its hello's head already pulled) costs no pull: only the
    // first one after the freeze pulls.
    expect(w.pulls.filter((p) => p < freezing)).toEqual([]);
    expect(w.pulls).toHaveLength(1);
    // Each pull answers a reconnection or a notice of its own: between two pulls, one came.
    const reasons = [...hellos, ...w.notices];
    for (let i = 1; i < w.pulls.length; i++)
      expect(reasons.some((h) => h > w.pulls[i - 1]! && h <= w.pulls[i]!)).toBe(true);
    // Nothing after the last reconnection's pull.
    expect(w.pulls.filter((p) => p > hellos.at(-1)! + LIVE_DELAY_MS + SLACK_MS)).toEqual([]);
  });
});
