import type { Sql } from './db/db';
import type { Json } from './mutations/types';

export interface PendingChange {
  readonly entity: string;
  readonly key: string;
  readonly data: Json;
  readonly scope: string | null;
}

/**
 * Change rows a push transaction holds back and writes in one statement at its end
 * (flushChanges), instead of one INSERT per change. Keyed by the transaction's Sql object.
 */
const heldBack = new WeakMap<Sql, PendingChange[]>();

/** From now on recordChange on `q` collects into the returned list (the caller flushes it). */
export function holdChanges(q: Sql): PendingChange[] {
  const held: PendingChange[] = [];
  heldBack.set(q, held);
  return held;
}

/**
 * Records that an entity changed, in the caller's transaction: the row carries the transaction id
 * (xid8) the pull cursor orders by, so it becomes visible to pulls exactly when it commits.
 * `data` is the entity's whole current state, so applying a change twice is harmless.
 */
export async function recordChange(
  q: Sql,
  entity: string,
  key: string,
  data: Json,
  scope: string | null = null,
) {
  const held = heldBack.get(q);
  if (held) held.push({ entity, key, data, scope });
  else await flushChanges(q, [{ entity, key, data, scope }]);
}

/** Writes changes in the order given (their seq follows it), one statement for all. */
export async function flushChanges(q: Sql, changes: readonly PendingChange[]): Promise<void> {
  if (changes.length === 0) return;
  const append = changesAppend(changes, 1);
  await q.query(`WITH ${append.ctes} SELECT 1`, append.params);
}

/**
 * The change rows as a data-modifying CTE for one statement (parameters numbered from `first`),
 * inserted in the order given: their seq follows it.
 */
export function changesAppend(
  changes: readonly PendingChange[],
  first: number,
): { ctes: string; params: unknown[] } {
  const $ = (n: number) => `$${first + n}`;
  return {
    ctes: `changes_appended AS (
       INSERT INTO hub_changes (entity, key, data, scope)
       SELECT c.entity, c.key, c.data::jsonb, c.scope::uuid
         FROM unnest(${$(0)}::text[], ${$(1)}::text[], ${$(2)}::text[], ${$(3)}::text[])
              WITH ORDINALITY AS c(entity, key, data, scope, n)
        ORDER BY c.n)`,
    params: [
      changes.map((c) => c.entity),
      changes.map((c) => c.key),
      changes.map((c) => JSON.stringify(c.data)),
      changes.map((c) => c.scope),
    ],
  };
}

export interface Change {
  readonly entity: string;
  readonly key: string;
  readonly data: Json;
  /** The row's seq: for one entity, the order its writers held its row (see pull). */
  readonly seq: string;
}

export interface PullPage {
  readonly changes: Change[];
  readonly cursor: string;
  readonly more: boolean;
}

const CURSOR = /^(\d{1,20}):(\d{1,20})$/;

export function parseCursor(cursor: string): { xid: string; seq: string } | null {
  const m = CURSOR.exec(cursor);
  return m ? { xid: m[1]!, seq: m[2]! } : null;
}

/**
 * Whether a change row reaches a station, as SQL over the row's `scope` column and the station's id:
 * a row without a scope goes to every station, a scoped one to that station only. The one rule the
 * pull and the live channel's notifications both use (a station is told of what it would pull).
 */
const reaches = (scope: string, station: string) => `(${scope} IS NULL OR ${scope} = ${station})`;

/**
 * (ORDER BY names the table's columns: the bare names would be the text aliases in the select
 * list, and '10000' sorts before '9999'.)
 * Changes after the cursor, only from transactions older than the oldest one still in flight
 * (`pg_snapshot_xmin`): all of those have finished, so nothing can later commit behind the cursor.
 * Transaction order is not the order two writers of one entity wrote it in: a transaction that got
 * its xid first may wait for the entity's row behind a later one and write after it. Each change
 * carries its `seq`, drawn while the writer holds the entity's row (recordChange runs after the
 * write), so for one entity the highest seq is the newest state: stations keep that one.
 */
export async function pull(q: Sql, stationId: string, cursor: string, limit: number): Promise<PullPage> {
  const at = parseCursor(cursor);
  if (!at) throw new Error('cursor must look like <xid>:<seq>');
  const rows = await q.query<{ xid: string; seq: string; entity: string; key: string; data: Json }>(
    `SELECT xid::text AS xid, seq::text AS seq, entity, key, data
       FROM hub_changes
      WHERE (xid, seq) > ($1::text::xid8, $2::bigint)
        AND xid < pg_snapshot_xmin(pg_current_snapshot())
        AND ${reaches('scope', '$3')}
      ORDER BY hub_changes.xid, hub_changes.seq
      LIMIT $4`,
    [at.xid, at.seq, stationId, limit + 1],
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    changes: page.map((r) => ({ entity: r.entity, key: r.key, data: r.data, seq: r.seq })),
    cursor: last ? `${last.xid}:${last.seq}` : cursor,
    more: rows.length > limit,
  };
}

/**
 * The newest position a pull could reach now (behind the in-flight horizon, like pull itself): the
 * live channel tells stations to pull when it moves.
 */
export async function changeHead(q: Sql): Promise<string> {
  const [row] = await q.query<{ xid: string; seq: string }>(
    `SELECT xid::text AS xid, seq::text AS seq FROM hub_changes
      WHERE xid < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY hub_changes.xid DESC, hub_changes.seq DESC LIMIT 1`,
  );
  return row ? `${row.xid}:${row.seq}` : '0:0';
}

export interface HeadMove {
  /** The newest position a pull could reach now (as changeHead), or `since` when nothing came. */
  readonly head: string;
  /** Those of the given stations that a change between `since` and `head` reaches. */
  readonly told: ReadonlySet<string>;
}

/**
 * Past this many new changes in one look, every station is told without reading their scopes (a
 * live channel that has had no stream for a while would otherwise read the whole stretch).
 */
export const SCOPE_READ_LIMIT = 10_000;

/**
 * What the live channel tells its streams: how far the change head moved since `since` (a head this
 * function or changeHead returned: nothing can later commit behind it) and which of `stations`
 * would pull any of the changes that came (the rule `reaches`). One statement, so the head and the
 * changes are read behind the same in-flight horizon.
 */
export async function headMoves(
  q: Sql,
  since: string,
  stations: readonly string[],
  readLimit = SCOPE_READ_LIMIT,
): Promise<HeadMove> {
  const at = parseCursor(since);
  if (!at) throw new Error('head must look like <xid>:<seq>');
  const [row] = await q.query<{ head: string | null; many: boolean; told: string[] }>(
    `WITH horizon AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS x),
     fresh AS (
       SELECT c.scope FROM hub_changes c, horizon
        WHERE (c.xid, c.seq) > ($1::text::xid8, $2::bigint) AND c.xid < horizon.x
        ORDER BY c.xid, c.seq LIMIT $4),
     scopes AS (SELECT DISTINCT scope FROM fresh)
     SELECT (SELECT c.xid::text || ':' || c.seq::text FROM hub_changes c, horizon
              WHERE (c.xid, c.seq) > ($1::text::xid8, $2::bigint) AND c.xid < horizon.x
              ORDER BY c.xid DESC, c.seq DESC LIMIT 1) AS head,
            (SELECT count(*) FROM fresh) >= $4 AS many,
            ARRAY(SELECT s.id::text FROM unnest($3::uuid[]) AS s(id)
                   WHERE EXISTS (SELECT 1 FROM scopes WHERE ${reaches('scopes.scope', 's.id')})) AS told`,
    [at.xid, at.seq, stations, readLimit],
  );
  return { head: row!.head ?? since, told: new Set(row!.many ? stations : row!.told) };
}

/** Rows dropped by one compaction statement at most: each is its own short transaction. */
export const COMPACT_BATCH = 20_000;

/**
 * Drops the change rows a newer row of the same entity, key and scope supersedes (a higher seq, see
 * pull), both behind the pull horizon. A change carries the entity's whole state, so a station
 * pulling from any cursor still ends with every entity's newest state; only states in between go.
 * The log then grows with the entities, not with their changes, and a new station's first pull is
 * the snapshot. Returns how many rows were dropped; in batches, so pulls wait on no long transaction.
 */
export async function compactChanges(q: Sql, batch = COMPACT_BATCH): Promise<number> {
  let dropped = 0;
  for (;;) {
    const [row] = await q.query<{ n: number }>(
      `WITH ranked AS (
         SELECT xid, seq, row_number() OVER (PARTITION BY entity, key, scope ORDER BY seq DESC) AS newer
           FROM hub_changes
          WHERE xid < pg_snapshot_xmin(pg_current_snapshot())),
       doomed AS (SELECT xid, seq FROM ranked WHERE newer > 1 LIMIT $1),
       gone AS (DELETE FROM hub_changes h USING doomed d WHERE h.xid = d.xid AND h.seq = d.seq RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [batch],
    );
    dropped += row!.n;
    if (row!.n < batch) return dropped;
  }
}
