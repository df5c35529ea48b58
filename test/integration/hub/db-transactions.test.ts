/**
 * The hub's transaction helper (server/db/db.ts) saves round trips: BEGIN goes out with the first
 * statement, the last statement with its COMMIT (queryAndCommit), statements are prepared once per
 * connection. None of that may change what a transaction means, on either database: nothing of a
 * failed transaction stays, a transaction the server rolled back is never reported committed, and
 * a migration that changes a table does not leave a connection failing for good.
 */
import pg from 'pg';
import { isRetryable, openHubDb } from '../../../server/db/db';
import { createTestDatabase, ENGINES, type TestDatabase } from './harness';

describe.each(ENGINES)('hub transactions on %s', (engine) => {
  let tdb: TestDatabase;

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    await tdb.db.exec('CREATE TABLE tx_probe (id int PRIMARY KEY, note text NOT NULL)');
  });
  afterAll(() => tdb?.dispose());

  const notes = async () =>
    (await tdb.db.query<{ id: number }>('SELECT id FROM tx_probe ORDER BY id')).map((r) => r.id);

  it('the last statement and its COMMIT: its rows come back and everything before it is stored', async () => {
    const before = await notes();
    const rows = await tdb.db.tx(async (q) => {
      await q.query('INSERT INTO tx_probe (id, note) VALUES ($1, $2)', [1, 'first']);
      return q.queryAndCommit<{ id: number }>(
        'INSERT INTO tx_probe (id, note) VALUES ($1, $2) RETURNING id',
        [2, 'last'],
      );
    });
    expect(rows).toEqual([{ id: 2 }]);
    expect(await notes()).toEqual([...before, 1, 2]);
  });

  it('a last statement that fails leaves nothing of its transaction', async () => {
    const before = await notes();
    await expect(
      tdb.db.tx(async (q) => {
        await q.query('INSERT INTO tx_probe (id, note) VALUES ($1, $2)', [10, 'kept?']);
        return q.queryAndCommit('INSERT INTO tx_probe (id, note) VALUES ($1, $2)', [11, null]);
      }),
    ).rejects.toMatchObject({ code: '23502' });
    expect(await notes()).toEqual(before);
  });

  it('a first statement that fails leaves nothing either (it ran inside the BEGIN sent with it)', async () => {
    const before = await notes();
    await expect(
      tdb.db.tx(async (q) => {
        await q.query('INSERT INTO tx_probe (id, note) VALUES ($1, $2)', [20, 'first']);
        await q.query('INSERT INTO tx_probe (id, note) VALUES ($1, NULL)', [21]);
      }),
    ).rejects.toMatchObject({ code: '23502' });
    expect(await notes()).toEqual(before);
  });

  it('a transaction whose statement failed is never reported committed, even if the error was caught', async () => {
    const before = await notes();
    await expect(
      tdb.db.tx(async (q) => {
        await q.query('INSERT INTO tx_probe (id, note) VALUES ($1, $2)', [30, 'before']);
        await q.query('INSERT INTO tx_probe (id, note) VALUES ($1, NULL)', [31]).catch(() => undefined);
        return 'done';
      }),
    ).rejects.toThrow(/not committed|rolled back/);
    expect(await notes()).toEqual(before);
  });

  it('nothing may be sent on a transaction after its COMMIT went out', async () => {
    if (engine === 'pglite') return; // PGlite commits when the function returns: there is no "after"
    const before = await notes();
    await expect(
      tdb.db.tx(async (q) => {
        await q.queryAndCommit('INSERT INTO tx_probe (id, note) VALUES ($1, $2)', [40, 'last']);
        await q.query('INSERT INTO tx_probe (id, note) VALUES ($1, $2)', [41, 'too late']);
      }),
    ).rejects.toThrow(/committed/);
    expect(await notes()).toEqual([...before, 40]);
  });
});

describe('prepared statements after a migration (PostgreSQL)', () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase('postgres');
  });
  afterAll(() => tdb?.dispose());

  it('a table that gains a column: at most one retryable refusal per connection, then the new shape', async () => {
    const db = await openHubDb({ url: tdb.url! }, 1);
    try {
      await db.exec(`CREATE TABLE shape (id int PRIMARY KEY); INSERT INTO shape VALUES (1)`);
      const read = () => db.query<Record<string, unknown>>('SELECT * FROM shape WHERE id = $1', [1]);
      expect(await read()).toEqual([{ id: 1 }]);
      // Another process migrates the table while this one's connection holds the prepared statement.
      const other = new pg.Client({ connectionString: tdb.url! });
      await other.connect();
      await other.query(`ALTER TABLE shape ADD COLUMN note text NOT NULL DEFAULT 'new'`);
      await other.end();
      const first = await read().then(
        (rows) => ({ rows }),
        (error: unknown) => ({ error }),
      );
      if ('error' in first) expect(isRetryable(first.error)).toBe(true);
      expect(await read()).toEqual([{ id: 1, note: 'new' }]);
      expect(await read()).toEqual([{ id: 1, note: 'new' }]);
    } finally {
      await db.close();
    }
  });
});
