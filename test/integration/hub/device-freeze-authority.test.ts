/**
 * The hub keeps the station's rule for lifting a freeze (docs/sync.md §7): a second person must —
 * the operator who froze a unit is refused, another support operator is accepted. Real PostgreSQL.
 */
import { createTestDatabase, pushOne, startTestHub, type TestDatabase, type TestHub } from './harness';

let tdb: TestDatabase;
let t: TestHub;

beforeAll(async () => {
  tdb = await createTestDatabase('postgres');
  t = await startTestHub(tdb.db);
  await t.operator('sun', 'support');
  await t.operator('zhao', 'support');
}, 60_000);
afterAll(async () => {
  await t?.dispose();
  await tdb?.dispose();
});

it('the operator who froze a unit cannot lift the freeze; a second person can', async () => {
  const a = await t.station('Counter A');
  const serial = 'PS1000000077';
  await pushOne(a, { kind: 'device.freeze', operator: 'sun', payload: { serial, reason: 'lost' } });
  const same = await pushOne(a, { kind: 'device.unfreeze', operator: 'sun', payload: { serial } });
  expect(same).toMatchObject({ state: 'refused', code: 'DEVICE_UNFREEZE_SAME_PERSON' });
  expect(same.messageZh).toContain('由 sun 冻结');
  const other = await pushOne(a, { kind: 'device.unfreeze', operator: 'zhao', payload: { serial } });
  expect(other).toMatchObject({ state: 'accepted', result: { status: 'active', changedBy: 'zhao' } });
  expect(a.queue.mirror('device', serial)).toMatchObject({ status: 'active' });
});
