/**
 * The push path decides a chunk with a handful of set-based statements and no per-mutation
 * savepoint, falling back to savepoints only when a refusal comes after its mutation wrote
 * (server/mutations/push.ts). These check the guarantees of docs/sync.md §3 on that path, on both
 * databases: a refusal keeps none of its effects and never blocks the mutations around it, one id
 * twice in a request is one mutation, a resent batch is answered from what was stored.
 */
import { randomUUID } from 'node:crypto';
import { upsertOperator } from '../../../server/admin';
import { recordChange } from '../../../server/changes';
import { KINDS, pushBatch } from '../../../server/mutations/push';
import type { KindHandler, MutationIn } from '../../../server/mutations/types';
import { refuse } from '../../../server/refusals';
import { createTestDatabase, ENGINES, type TestDatabase } from './harness';

const CONFIG = { leaseSeconds: 600, builtInRoots: [] };

/** A kind that writes a device row and a change, then refuses: only a savepoint can undo it. */
const writeThenRefuse: KindHandler = {
  roles: ['support'],
  async apply(ctx, m) {
    const serial = (m.payload as { serial: string }).serial;
    await ctx.q.query(`INSERT INTO hub_devices (serial, status, changed_by) VALUES ($1, 'frozen', 'test')`, [
      serial,
    ]);
    await recordChange(ctx.q, 'device', serial, { serial });
    throw refuse.badMutation('payload', 'refused after writing');
  },
};
const kinds = { ...KINDS, 'test.write-then-refuse': writeThenRefuse };

const freeze = (serial: string): MutationIn => ({
  id: randomUUID(),
  kind: 'device.freeze',
  operator: 'sun',
  payload: { serial, reason: 'lost' },
});

describe.each(ENGINES)('push batches on %s', (engine) => {
  let tdb: TestDatabase;
  const station = randomUUID();

  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    await tdb.db.query(`INSERT INTO hub_stations (id, name, cert_fingerprint) VALUES ($1, 'T', 'x')`, [
      station,
    ]);
    await upsertOperator(tdb.db, 'sun', 'sun', 'support');
  });
  afterAll(() => tdb?.dispose());

  const count = async (sql: string, params: unknown[] = []) =>
    (await tdb.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0]!.n;

  it('a refusal after its mutation wrote leaves none of its effects and blocks nothing', async () => {
    const batch = [
      freeze('SN-WR-1'),
      { id: randomUUID(), kind: 'test.write-then-refuse', operator: 'sun', payload: { serial: 'SN-WR-X' } },
      freeze('SN-WR-2'),
      { ...freeze('SN-WR-3'), operator: 'nobody' },
      freeze('SN-WR-4'),
    ];
    const { answers } = await pushBatch(tdb.db, station, batch, CONFIG, kinds);
    expect(answers.map((a) => [a.status, 'code' in a ? a.code : null])).toEqual([
      ['accepted', null],
      ['refused', 'BAD_MUTATION'],
      ['accepted', null],
      ['refused', 'OPERATOR_UNKNOWN'],
      ['accepted', null],
    ]);
    expect(await count(`hub_devices WHERE serial LIKE 'SN-WR-%'`)).toBe(3);
    expect(await count(`hub_devices WHERE serial = 'SN-WR-X'`)).toBe(0);
    expect(await count(`hub_changes WHERE key LIKE 'SN-WR-%'`)).toBe(3);
    expect(await count(`hub_audit WHERE chain = $1`, [station])).toBe(3);
    const stored = await tdb.db.query<{ status: string }>(
      'SELECT status FROM hub_mutations WHERE station_id = $1 AND mutation_id = ANY($2::uuid[]) ORDER BY status',
      [station, batch.map((m) => m.id)],
    );
    expect(stored.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'refused', 'refused']);
  });

  it('changes of one chunk keep the order they were made in', async () => {
    const batch = Array.from({ length: 60 }, (_, i) => freeze(`SN-ORD-${String(i).padStart(2, '0')}`));
    await pushBatch(tdb.db, station, batch, CONFIG);
    const keys = await tdb.db.query<{ key: string }>(
      `SELECT key FROM hub_changes WHERE key LIKE 'SN-ORD-%' ORDER BY xid, seq`,
    );
    expect(keys.map((k) => k.key)).toEqual(batch.map((m) => (m.payload as { serial: string }).serial));
  });

  it('a run of freezes is decided together exactly as one at a time', async () => {
    await tdb.db.query(
      `INSERT INTO hub_devices (serial, status, changed_by) VALUES ('SN-RUN-R', 'revoked', 'x')`,
    );
    const again = { ...freeze('SN-RUN-A'), payload: { serial: 'SN-RUN-A', reason: 'found stolen' } };
    const batch = [
      freeze('SN-RUN-A'),
      freeze('SN-RUN-R'),
      { ...freeze('SN-RUN-X'), payload: { serial: 'SN-RUN-X' } },
      { ...freeze('SN-RUN-Y'), operator: 'nobody' },
      again,
      freeze('SN-RUN-B'),
    ];
    const auditBefore = await count(`hub_audit WHERE chain = $1`, [station]);
    const { answers } = await pushBatch(tdb.db, station, batch, CONFIG);
    expect(answers.map((a) => [a.status, 'code' in a ? a.code : null])).toEqual([
      ['accepted', null],
      ['accepted', null],
      ['refused', 'BAD_MUTATION'],
      ['refused', 'OPERATOR_UNKNOWN'],
      ['accepted', null],
      ['accepted', null],
    ]);
    const result = (i: number) => (answers[i] as { result: unknown }).result;
    expect(result(0)).toMatchObject({ status: 'frozen', reason: 'lost' });
    expect(result(1)).toMatchObject({ status: 'revoked' });
    expect(result(4)).toMatchObject({ status: 'frozen', reason: 'found stolen' });
    const keys = await tdb.db.query<{ key: string; reason: string }>(
      `SELECT key, data->>'reason' AS reason FROM hub_changes WHERE key LIKE 'SN-RUN-%' ORDER BY xid, seq`,
    );
    expect(keys).toEqual([
      { key: 'SN-RUN-A', reason: 'lost' },
      { key: 'SN-RUN-A', reason: 'found stolen' },
      { key: 'SN-RUN-B', reason: 'lost' },
    ]);
    expect(await count(`hub_devices WHERE serial IN ('SN-RUN-X', 'SN-RUN-Y')`)).toBe(0);
    expect(await count(`hub_devices WHERE serial = 'SN-RUN-R' AND status = 'revoked'`)).toBe(1);
    expect(await count(`hub_audit WHERE chain = $1`, [station])).toBe(auditBefore + 4);
  });

  it('one id twice in a request is one mutation; a resent batch gets the stored answers', async () => {
    const m = freeze('SN-DUP-1');
    const changed = { ...m, payload: { serial: 'SN-DUP-2', reason: 'lost' } };
    const { answers: first } = await pushBatch(
      tdb.db,
      station,
      [m, { ...m, id: m.id.toUpperCase() }, changed],
      CONFIG,
    );
    expect(first.map((a) => a.status)).toEqual(['accepted', 'accepted', 'refused']);
    expect(first[2]).toMatchObject({ code: 'MUTATION_ID_REUSED' });
    expect(first[1]).toMatchObject({ status: 'accepted', result: (first[0] as { result: unknown }).result });
    const { answers: again } = await pushBatch(tdb.db, station, [m, changed], CONFIG);
    expect(again[0]).toEqual(first[0]);
    expect(again[1]).toMatchObject({ status: 'refused', code: 'MUTATION_ID_REUSED' });
    expect(await count(`hub_changes WHERE key = 'SN-DUP-1'`)).toBe(1);
    expect(await count(`hub_devices WHERE serial = 'SN-DUP-2'`)).toBe(0);
  });
});
