/**
 * The hub's audit: every accepted mutation is appended to its station's hash chain in the same
 * transaction; `verifyHubAudit` (behind `hub audit verify`) names the first broken record and its
 * station after an edit, a removal or a cut-off tail.
 */
import { verifyHubAudit } from '../../../server/audit-verify';
import {
  inDays,
  pushOne,
  startHubOnFreshDatabase,
  type HubOnFreshDatabase,
  type TestHub,
  type TestStation,
} from './harness';

let fresh: HubOnFreshDatabase;
let t: TestHub;
let a: TestStation;

beforeAll(async () => {
  fresh = await startHubOnFreshDatabase('postgres', {
    operators: [['kiosk', 'warehouse']],
  });
  t = fresh.t;
  [a] = await t.stations('Counter A');
  for (let i = 0; i < 4; i++)
    await pushOne(a, {
      kind: 'application.submit',
      operator: 'kiosk',
      payload: { caseId: `AU-${i}`, phone: '13600136000', slaDue: inDays(2) },
    });
  // A refused mutation is not in the chain: only what the hub accepted.
  await pushOne(a, { kind: 'device.freeze', operator: 'kiosk', payload: { serial: 'SN-AU', reason: 'x' } });
});
afterAll(() => fresh?.dispose());

const chainOfA = async () => (await verifyHubAudit(t.db)).find((v) => v.chain === a.identity.stationId)!;

it('an intact hub verifies: the station chain holds the accepted mutations, the hub chain its enrolments', async () => {
  const verdicts = await verifyHubAudit(t.db);
  expect(verdicts.every((v) => v.broken === null)).toBe(true);
  expect(await chainOfA()).toMatchObject({ station: 'Counter A', count: 4 });
  expect(verdicts.find((v) => v.station === 'hub')!.count).toBeGreaterThanOrEqual(2);
});

it('names the first edited record and its station', async () => {
  await t.db.query("UPDATE hub_audit SET actor = 'mallory' WHERE chain = $1 AND seq = 2", [
    a.identity.stationId,
  ]);
  expect(await chainOfA()).toMatchObject({ station: 'Counter A', broken: { seq: 2, problem: 'edited' } });
  await t.db.query("UPDATE hub_audit SET actor = 'kiosk' WHERE chain = $1 AND seq = 2", [
    a.identity.stationId,
  ]);
  expect((await chainOfA()).broken).toBeNull();
});

it('names a removed record, and a cut-off tail', async () => {
  const saved = await t.db.query<Record<string, unknown>>(
    'SELECT * FROM hub_audit WHERE chain = $1 AND seq = 4',
    [a.identity.stationId],
  );
  await t.db.query('DELETE FROM hub_audit WHERE chain = $1 AND seq = 4', [a.identity.stationId]);
  expect(await chainOfA()).toMatchObject({ broken: { seq: 4, problem: 'truncated' } });
  await t.db.query('DELETE FROM hub_audit WHERE chain = $1 AND seq = 2', [a.identity.stationId]);
  expect(await chainOfA()).toMatchObject({ broken: { seq: 2, problem: 'removed' } });
  expect(saved).toHaveLength(1);
});
