/**
 * The pull cursor cannot skip a row committed late (docs/sync.md §5). Two transactions write
 * changes; the one that started first (lower xid, lower seq) commits last. A plain sequence cursor
 * would hand out the later row, move past the earlier one and never see it. The hub holds the
 * cursor back to the oldest transaction in flight, so every station gets both, each once.
 */
import pg from 'pg';
import {
  startHubOnFreshDatabase,
  type HubOnFreshDatabase,
  type TestDatabase,
  type TestStation,
} from './harness';

let fresh: HubOnFreshDatabase;
let tdb: TestDatabase;
let s: TestStation;

beforeAll(async () => {
  fresh = await startHubOnFreshDatabase('postgres');
  tdb = fresh.tdb;
  s = await fresh.t.station('Counter A');
});
afterAll(() => fresh?.dispose());

async function client(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: tdb.url! });
  await c.connect();
  return c;
}

const insertChange = (c: pg.Client, key: string) =>
  c.query(
    "INSERT INTO hub_changes (entity, key, data) VALUES ('probe', $1, '{}') RETURNING xid::text AS xid, seq::text AS seq",
    [key],
  );

it('a transaction that commits after a later one was read is still delivered, once', async () => {
  const early = await client();
  const late = await client();
  const seen: string[] = [];
  s.engine.on('changes', (changes) =>
    seen.push(...changes.filter((c) => c.entity === 'probe').map((c) => c.key)),
  );
  try {
    await early.query('BEGIN');
    const e = await insertChange(early, 'early');
    await late.query('BEGIN');
    const l = await insertChange(late, 'late');
    await late.query('COMMIT');
    // The interleaving this test is about: early has the lower position and is not committed yet.
    expect(BigInt(e.rows[0].xid)).toBeLessThan(BigInt(l.rows[0].xid));
    expect(BigInt(e.rows[0].seq)).toBeLessThan(BigInt(l.rows[0].seq));

    // What a plain sequence cursor would do here: hand out "late" now and move past "early".
    const naive = await tdb.db.query<{ key: string }>(
      "SELECT key FROM hub_changes WHERE entity = 'probe' ORDER BY seq",
    );
    expect(naive.map((r) => r.key)).toEqual(['late']);

    await s.engine.syncNow();
    expect(seen).toEqual([]); // held back behind the transaction still in flight

    await early.query('COMMIT');
    await s.engine.syncNow();
    await s.engine.syncNow();
    expect(seen).toEqual(['early', 'late']);
    expect(s.queue.mirror('probe', 'early')).toEqual({});
  } finally {
    await early.end();
    await late.end();
  }
});

it('an aborted transaction holds nothing back once it ends', async () => {
  const open = await client();
  const seen: string[] = [];
  s.engine.on('changes', (changes) =>
    seen.push(...changes.filter((c) => c.entity === 'probe').map((c) => c.key)),
  );
  try {
    await open.query('BEGIN');
    await insertChange(open, 'aborted');
    await tdb.db.query("INSERT INTO hub_changes (entity, key, data) VALUES ('probe', 'after', '{}')");
    await s.engine.syncNow();
    expect(seen).toEqual([]);
    await open.query('ROLLBACK');
    await s.engine.syncNow();
    expect(seen).toEqual(['after']);
  } finally {
    await open.end();
  }
});

it('two writers of one entity: the station keeps the state written last, though its transaction is older', async () => {
  const older = await client();
  const younger = await client();
  const seen: unknown[] = [];
  s.engine.on('changes', (changes) =>
    seen.push(...changes.filter((c) => c.entity === 'probe' && c.key === 'one').map((c) => c.data)),
  );
  const write = (c: pg.Client, v: string) =>
    c.query(
      "INSERT INTO hub_changes (entity, key, data) VALUES ('probe', 'one', jsonb_build_object('v', $1::text)) RETURNING xid::text AS xid, seq::text AS seq",
      [v],
    );
  try {
    // The older transaction takes its xid first, then waits (as for the entity's row) while the
    // younger one writes the entity and commits; then it writes the entity's newer state.
    await older.query('BEGIN');
    await older.query('SELECT pg_current_xact_id()');
    await younger.query('BEGIN');
    const first = await write(younger, 'first');
    await younger.query('COMMIT');
    const last = await write(older, 'last');
    await older.query('COMMIT');
    expect(BigInt(last.rows[0].xid)).toBeLessThan(BigInt(first.rows[0].xid));
    expect(BigInt(last.rows[0].seq)).toBeGreaterThan(BigInt(first.rows[0].seq));

    await s.engine.syncNow();
    await s.engine.syncNow();
    // Pulled in transaction order ("last", then "first"); the older state does not overwrite.
    expect(s.queue.mirror('probe', 'one')).toEqual({ v: 'last' });
    expect(seen).toEqual([{ v: 'last' }]);
  } finally {
    await older.end();
    await younger.end();
  }
});
