/**
 * Compacting the change log (server/changes.ts compactChanges) loses no station anything: from any
 * cursor a station stood at, pulling after the compaction leaves it with the same state as pulling
 * the whole log would — on both databases. Rows a transaction still in flight could supersede stay.
 */
import fc from 'fast-check';
import pg from 'pg';
import { compactChanges, flushChanges, pull, type Change } from '../../../server/changes';
import { createTestDatabase, ENGINES, startTestHub, type TestDatabase } from './harness';

const HERE = '00000000-0000-4000-8000-0000000000a1';
const ELSEWHERE = '00000000-0000-4000-8000-0000000000b2';

/** A station's mirror: per entity and key, the state with the highest seq (SyncQueue.applyPage). */
function apply(mirror: Map<string, { seq: bigint; data: unknown }>, changes: readonly Change[]) {
  for (const c of changes) {
    const id = `${c.entity}/${c.key}`;
    const held = mirror.get(id);
    if (!held || BigInt(c.seq) > held.seq) mirror.set(id, { seq: BigInt(c.seq), data: c.data });
  }
  return mirror;
}

const change = fc.record({
  entity: fc.constantFrom('case', 'device'),
  key: fc.constantFrom('k1', 'k2', 'k3'),
  scope: fc.constantFrom(null, HERE, ELSEWHERE),
});

describe.each(ENGINES)('change log compaction on %s', (engine) => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
  }, 60_000);
  afterAll(() => tdb?.dispose());

  const pullAll = async (cursor: string) => (await pull(tdb.db, HERE, cursor, 10_000)).changes;
  /**
   * Waits until all `rows` written are behind the pull horizon. The horizon is the whole cluster's:
   * a transaction open in another test's database holds it back for a moment.
   */
  const behindHorizon = (rows: number) =>
    vi.waitFor(
      async () => {
        const [r] = await tdb.db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM hub_changes WHERE xid < pg_snapshot_xmin(pg_current_snapshot())',
        );
        expect(r!.n).toBe(rows);
      },
      { timeout: 30_000, interval: 50 },
    );

  it('from every cursor, a pull after compaction ends in the state the whole log gives', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(change, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 12 }),
        async (txs) => {
          await tdb.db.query('DELETE FROM hub_changes');
          let n = 0;
          for (const tx of txs)
            await tdb.db.tx((q) =>
              flushChanges(
                q,
                tx.map((c) => ({ ...c, data: { n: n++ } })),
              ),
            );
          await behindHorizon(n);
          const log = await pullAll('0:0');
          const whole = apply(new Map(), log);
          // Every cursor a station could hold: before anything, and after each row it was given.
          const cursors = ['0:0', ...(await cursorsOf(log))];
          const before = cursors.map((_, i) => apply(new Map(), log.slice(0, i)));

          await compactChanges(tdb.db, 2); // small batches: the loop runs
          const [left] = await tdb.db.query<{ rows: number }>(
            'SELECT count(*)::int AS rows FROM hub_changes',
          );
          const distinct = new Set(txs.flat().map((c) => `${c.entity}/${c.key}/${c.scope}`)).size;
          expect(left!.rows).toBe(distinct);
          for (const [i, cursor] of cursors.entries())
            expect(apply(before[i]!, await pullAll(cursor))).toEqual(whole);
        },
      ),
      { numRuns: engine === 'postgres' ? 25 : 15 },
    );
  });

  /** The cursor a station holds after each row of a pull from the start (pull's `cursor` per row). */
  async function cursorsOf(log: readonly Change[]): Promise<string[]> {
    const out: string[] = [];
    let cursor = '0:0';
    for (let i = 0; i < log.length; i++) {
      cursor = (await pull(tdb.db, HERE, cursor, 1)).cursor;
      out.push(cursor);
    }
    return out;
  }

  it('a serving hub compacts on its own', async () => {
    await tdb.db.query('DELETE FROM hub_changes');
    for (const v of [1, 2, 3])
      await tdb.db.tx((q) => flushChanges(q, [{ entity: 'device', key: 'k9', data: { v }, scope: null }]));
    const hub = await startTestHub(tdb.db, { compactIntervalMs: 20 });
    try {
      await vi.waitFor(async () => expect((await pullAll('0:0')).map((c) => c.data)).toEqual([{ v: 3 }]), {
        timeout: 30_000,
      });
    } finally {
      await hub.dispose();
    }
  });

  if (engine === 'postgres')
    it('a row a transaction still in flight may supersede is kept until that transaction ends', async () => {
      await tdb.db.query('DELETE FROM hub_changes');
      const open = new pg.Client({ connectionString: tdb.url! });
      await open.connect();
      try {
        await tdb.db.tx((q) => flushChanges(q, [{ entity: 'case', key: 'k1', data: { v: 1 }, scope: null }]));
        await open.query('BEGIN');
        await open.query("INSERT INTO hub_changes (entity, key, data) VALUES ('case', 'k1', '{\"v\": 2}')");
        // Committed after the open one began: above the horizon too.
        await tdb.db.tx((q) => flushChanges(q, [{ entity: 'case', key: 'k1', data: { v: 3 }, scope: null }]));
        expect(await compactChanges(tdb.db)).toBe(0);
        await open.query('COMMIT');
        await behindHorizon(3);
        expect(await compactChanges(tdb.db)).toBe(2);
        expect((await pullAll('0:0')).map((c) => c.data)).toEqual([{ v: 3 }]);
      } finally {
        await open.end();
      }
    });
});
