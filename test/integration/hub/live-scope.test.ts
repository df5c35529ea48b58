/**
 * The live channel tells a station only of changes it would pull (the `scope` rule of
 * server/changes.ts): counted over the stations' own event streams, on both engines. A change with
 * no scope (a freeze) reaches every station.
 */
import { atOrPast } from '../../../electron/services/sync/change-position';
import { headMoves, recordChange } from '../../../server/changes';
import { ENGINES, startHubOnFreshDatabase, type HubOnFreshDatabase, type TestStation } from './harness';

/** The heads of the `changed` notices one station's stream received, in order. */
interface Listening {
  readonly heads: string[];
  hello: boolean;
  stop(): void;
}

function listen(s: TestStation): Listening {
  const l: Listening = {
    heads: [],
    hello: false,
    stop: () => undefined,
  };
  l.stop = s.client.events(
    (event, data) => {
      if (event === 'hello') l.hello = true;
      if (event === 'changed') l.heads.push((JSON.parse(data) as { head: string }).head);
    },
    () => undefined,
  );
  return l;
}

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(ENGINES)('live notifications by scope (%s)', (engine) => {
  let fresh: HubOnFreshDatabase;
  let a: TestStation;
  let b: TestStation;
  let c: TestStation;
  const streams: Listening[] = [];

  beforeAll(async () => {
    fresh = await startHubOnFreshDatabase(engine, { operators: [['sun', 'support']] });
    [a, b, c] = await fresh.t.stations('Counter A', 'Counter B', 'Counter C');
  });
  afterAll(async () => {
    for (const s of streams) s.stop();
    await fresh?.dispose();
  });

  /** Records a change in its own transaction and returns its position. */
  async function change(key: string, scope: string | null): Promise<string> {
    await recordChange(fresh.t.db, 'probe', key, { key }, scope);
    const [row] = await fresh.t.db.query<{ at: string }>(
      `SELECT xid::text || ':' || seq::text AS at FROM hub_changes WHERE entity = 'probe' AND key = $1`,
      [key],
    );
    return row!.at;
  }

  const pulledKeys = async (s: TestStation) =>
    (
      await s.client.get<{ changes: { entity: string; key: string }[] }>('/v1/pull?cursor=0:0&limit=1000')
    ).changes
      .filter((ch) => ch.entity === 'probe')
      .map((ch) => ch.key);

  it('a change scoped to one station tells that station only; a freeze then tells all three', async () => {
    const [la, lb, lc] = [listen(a), listen(b), listen(c)];
    streams.push(la, lb, lc);
    await until('every stream open', () => la.hello && lb.hello && lc.hello);
    // Changes from before the streams opened (the operators) are told to all first: past them.
    const warm = await change('warm', null);
    await until('the streams past the older changes', () =>
      [la, lb, lc].every((l) => l.heads.some((h) => atOrPast(h, warm))),
    );
    for (const l of [la, lb, lc]) l.heads.length = 0;

    const forA = await change('for-a', a.identity.stationId);
    await until('A told of its change', () => la.heads.some((h) => atOrPast(h, forA)));
    // Two more of A's, in separate looks of the live channel: still nobody else is told.
    await change('for-a-2', a.identity.stationId);
    await new Promise((r) => setTimeout(r, 250));
    const forA3 = await change('for-a-3', a.identity.stationId);
    await until('A told of its third change', () => la.heads.some((h) => atOrPast(h, forA3)));

    const freeze = await a.client.post<{ results: { status: string }[] }>('/v1/push', {
      mutations: [
        {
          id: crypto.randomUUID(),
          kind: 'device.freeze',
          operator: 'sun',
          payload: { serial: 'SN-LIVE-1', reason: 'lost' },
        },
      ],
    });
    expect(freeze.results[0]!.status).toBe('accepted');
    const [frozen] = await fresh.t.db.query<{ at: string; scope: string | null }>(
      `SELECT xid::text || ':' || seq::text AS at, scope FROM hub_changes WHERE entity = 'device' AND key = 'SN-LIVE-1'`,
    );
    expect(frozen!.scope).toBeNull();
    const all = [la, lb, lc];
    await until('every station told of the freeze', () =>
      all.every((l) => l.heads.some((h) => atOrPast(h, frozen!.at))),
    );

    // B and C were told once — of the freeze — and never of A's changes before it.
    for (const l of [lb, lc]) {
      expect(l.heads).toHaveLength(1);
      expect(atOrPast(l.heads[0]!, frozen!.at)).toBe(true);
    }
    expect(la.heads.length).toBeGreaterThanOrEqual(3);
    // What each was told agrees with what each pulls (the same rule).
    expect(await pulledKeys(a)).toEqual(['warm', 'for-a', 'for-a-2', 'for-a-3']);
    expect(await pulledKeys(b)).toEqual(['warm']);
    expect(await pulledKeys(c)).toEqual(['warm']);
  });

  it('a change scoped to B, written while C reconnects, tells B and not A or C', async () => {
    const [la, lb] = [listen(a), listen(b)];
    streams.push(la, lb);
    // C's stream is cut and opened again (a restart, a network drop): it is told as before.
    const lc = listen(c);
    streams.push(lc);
    await until('streams open', () => la.hello && lb.hello && lc.hello);
    lc.stop();
    const lc2 = listen(c);
    streams.push(lc2);
    await until('C back', () => lc2.hello);

    const forB = await change('for-b', b.identity.stationId);
    await until('B told', () => lb.heads.some((h) => atOrPast(h, forB)));
    const global = await change('for-all', null);
    await until('every open stream told of the global change', () =>
      [la, lb, lc2].every((l) => l.heads.some((h) => atOrPast(h, global))),
    );
    expect(la.heads).toHaveLength(1);
    expect(lc2.heads).toHaveLength(1);
    expect(lc.heads).toHaveLength(0); // the closed stream heard nothing more
    expect(await pulledKeys(b)).toContain('for-b');
    expect(await pulledKeys(c)).not.toContain('for-b');
  });

  it('more new changes than it reads scopes of tells every station without reading them', async () => {
    const [head0] = await fresh.t.db.query<{ h: string }>(
      `SELECT xid::text || ':' || seq::text AS h FROM hub_changes ORDER BY xid DESC, seq DESC LIMIT 1`,
    );
    await change('many-1', a.identity.stationId);
    const last = await change('many-2', a.identity.stationId);
    const ids = [a, b, c].map((s) => s.identity.stationId);
    const read = await headMoves(fresh.t.db, head0!.h, ids, 10);
    expect(read.head).toBe(last);
    expect([...read.told]).toEqual([a.identity.stationId]);
    const capped = await headMoves(fresh.t.db, head0!.h, ids, 2);
    expect(capped.head).toBe(last);
    expect([...capped.told].sort()).toEqual([...ids].sort());
    // Nothing new: the head stays and nobody is told.
    expect(await headMoves(fresh.t.db, last, ids)).toEqual({ head: last, told: new Set() });
  });
});
