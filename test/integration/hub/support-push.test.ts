/**
 * The station's after-sales work through the hub (docs/sync.md §10.7), from two station stores
 * (the support service over SQLite with its station outbox, as the app has it) through their sync
 * queues to a hub on real PostgreSQL: a case taken in at A makes B's intake of the same unit wait in
 * B's attention list with words naming A; A's scrap reaches B's registry check; a step and its
 * outbox row commit together and a repeated hand-over queues it once; work done before the station
 * enrolled stays local; what a station enrolled before the outbox left past its cursors goes once.
 */
import { DeviceRegistry } from '../../../electron/services/devices/registry/device-registry';
import { scrapCase } from '../../../electron/services/support/refurbish/scrap';
import { hubRegistryCheck } from '../../../electron/services/sync/registry-check';
import { StationOutbox } from '../../../electron/services/sync/station-outbox';
import { SupportCursorDrain } from '../../../electron/services/sync/support-push';
import { unitHistoryAtHub } from '../../../electron/services/sync/unit-history';
import { intakeAskingHub, openCaseElsewhere } from '../../../electron/services/sync/intake-check';
import { HubUnavailable } from '../../../electron/services/sync/hub-client';
import { createSupportHandlers } from '../../../electron/services/support/handlers';
import { hubUnitHistorySchema } from '../../../electron/contract/sync-devices';
import { supportFixture, support1, support2, type SupportFixture } from '../../unit/support/fixture';
import {
  createTestDatabase,
  startTestHub,
  type TestDatabase,
  type TestHub,
  type TestStation,
} from './harness';

let tdb: TestDatabase;
let t: TestHub;

beforeAll(async () => {
  tdb = await createTestDatabase('postgres');
  t = await startTestHub(tdb.db);
  await t.operator('support1', 'support');
  await t.operator('support2', 'support');
}, 60_000);
afterAll(async () => {
  await t?.dispose();
  await tdb?.dispose();
});

/** A station's store, its outbox and its link to the hub, as station.ts assembles them. */
interface Counter {
  readonly fx: SupportFixture;
  readonly hub: TestStation;
  readonly outbox: StationOutbox;
  /** Whether the station counts as enrolled (the outbox writes only then). */
  enrolled: boolean;
}

async function counter(name: string, enrolled = true): Promise<Counter> {
  const hub = await t.station(name);
  let outbox: StationOutbox | undefined;
  const c = { hub, enrolled } as Counter & { fx: SupportFixture; outbox: StationOutbox };
  c.fx = supportFixture(undefined, undefined, (db) => (outbox = new StationOutbox(db, () => c.enrolled)));
  c.outbox = outbox!;
  return c;
}

/** One round as the engine runs it with the outbox taking part: hand over, push, settle. */
async function round(c: Counter) {
  c.outbox.beforePush(c.hub.queue);
  await c.hub.engine.syncNow();
  c.outbox.settle(c.hub.queue);
}
const outboxKinds = (c: Counter) =>
  c.fx.db.prepare('SELECT kind FROM station_outbox ORDER BY seq').pluck().all() as string[];

const queuedKinds = (c: Counter) => c.hub.queue.open().map((m) => m.kind);

it('a unit taken in at A: B takes it in too, and its case waits in B’s attention list naming A', async () => {
  const a = await counter('Counter A');
  const b = await counter('Counter B');
  const serial = 'PSP0000000001';
  const atA = a.fx.service.cases.intake({ scanned: serial, symptom: 'screen', accessories: [] }, support1);
  await round(a);
  expect(a.hub.queue.attention()).toEqual([]);
  expect(a.hub.queue.pending(10)).toEqual([]);

  // B works offline on its own store: the intake is taken locally, the hub refuses it.
  b.fx.service.cases.intake({ scanned: serial, symptom: 'no_power', accessories: [] }, support2);
  await round(b);
  const [refused] = b.hub.queue.attention();
  expect(refused).toMatchObject({ kind: 'support.case', code: 'SUPPORT_CASE_OPEN_ELSEWHERE' });
  expect(refused!.message).toContain(`case ${atA.id} at station "Counter A"`);
  expect(refused!.messageZh).toContain('工作站“Counter A”');

  // A's steps travel as A makes them: diagnosing, awaiting the decision, returned after repair.
  a.fx.service.cases.move(atA.id, 'diagnosing', undefined, support1);
  a.fx.service.cases.move(atA.id, 'awaiting_decision', undefined, support1);
  a.fx.service.cases.decide(atA.id, 'repair', 'wear', undefined, support1);
  a.fx.service.cases.move(atA.id, 'returned', undefined, support1);
  await round(a);
  expect(a.hub.queue.attention()).toEqual([]);
  const cases = await t.db.query<{ state: string; closed_by: string }>(
    'SELECT state, closed_by FROM hub_support_cases WHERE serial = $1',
    [serial],
  );
  expect(cases).toEqual([{ state: 'returned', closed_by: 'support1' }]);

  // B's case page: A's case among the other stations' cases, its steps in the history; B's own
  // refused case is not there (the hub never took it), times in Shanghai wall-clock text, people by
  // the names the hub knows them by (B never saw support1 sign in).
  await t.db.query("UPDATE hub_operators SET display_name = '刘售后' WHERE username = 'support1'");
  const seenAtB = await unitHistoryAtHub(
    { enrolled: true, stationId: b.hub.identity.stationId, hubGet: (path) => b.hub.client.get(path) },
    serial,
  );
  expect(hubUnitHistorySchema.parse(seenAtB)).toEqual(seenAtB);
  expect(seenAtB.otherCases).toEqual([
    expect.objectContaining({
      station: 'Counter A',
      caseId: atA.id,
      state: 'returned',
      open: false,
      openedBy: '刘售后',
    }),
  ]);
  expect(new Set(seenAtB.entries.map((e) => e.operator))).toEqual(new Set(['刘售后']));
  expect(seenAtB.entries.map((e) => [e.kind, e.station, e.state])).toEqual([
    ['case', 'Counter A', 'received'],
    ['case', 'Counter A', 'diagnosing'],
    ['case', 'Counter A', 'awaiting_decision'],
    ['case', 'Counter A', 'repairing'],
    ['case', 'Counter A', 'returned'],
  ]);
  expect(seenAtB.entries[0]!.recordedAt).toMatch(/\+08:00$/);

  // B's author retries once A closed it: accepted.
  b.hub.queue.retry(refused!.id);
  await b.hub.engine.syncNow();
  expect(b.hub.queue.attention()).toEqual([]);
  expect(
    await t.db.query('SELECT 1 FROM hub_support_cases WHERE serial = $1 AND closed_at IS NULL', [serial]),
  ).toHaveLength(1);
  // A now sees B's open case as another station's, and its own steps are left to its own page.
  const seenAtA = await unitHistoryAtHub(
    { enrolled: true, stationId: a.hub.identity.stationId, hubGet: (path) => a.hub.client.get(path) },
    serial,
  );
  expect(seenAtA.otherCases).toEqual([expect.objectContaining({ station: 'Counter B', open: true })]);
  expect(seenAtA.entries.map((e) => e.station)).toEqual(['Counter B']);
});

it('a scrap at A reaches B’s check before binding; each step is queued once, even when the hand-over repeats', async () => {
  const a = await counter('Counter C');
  const b = await counter('Counter D');
  const serial = 'PSP0000000002';
  a.fx.register(serial);
  const c = a.fx.service.cases.intake(
    { scanned: serial, symptom: 'dropped_or_wet', accessories: [] },
    support1,
  );
  a.fx.service.cases.move(c.id, 'diagnosing', undefined, support1);
  a.fx.service.cases.move(c.id, 'awaiting_decision', undefined, support1);
  a.fx.service.cases.decide(c.id, 'scrap', 'user_damage', undefined, support1);
  scrapCase(
    {
      db: a.fx.db,
      evidence: a.fx.service.evidence,
      registry: new DeviceRegistry(a.fx.db, { now: () => Date.now() }),
      cases: a.fx.service.cases,
      stationId: 'station-c',
    },
    { caseId: c.id, reason: 'board corroded by water', operator: support1 },
  );
  // Open, 3 advances, then the scrap and the close (one transaction, in that order): each written with its step.
  const made = [
    'support.case',
    'support.case',
    'support.case',
    'support.case',
    'device.scrap',
    'support.case',
  ];
  expect(outboxKinds(a)).toEqual(made);
  a.outbox.beforePush(a.hub.queue);
  // A crash between the queue's commit and the outbox's mark: handed over again, queued once.
  a.fx.db.prepare('UPDATE station_outbox SET handed_over_at = NULL').run();
  a.outbox.beforePush(a.hub.queue);
  expect(queuedKinds(a)).toEqual(made);
  await round(a);
  expect(a.hub.queue.attention()).toEqual([]);

  expect(await hubRegistryCheck(b.hub.client, b.hub.queue).beforeBinding(serial)).toEqual({
    status: 'revoked',
    reason: 'board corroded by water',
    scrapped: true,
    source: 'hub',
  });
  const history = await b.hub.client.get<{ history: { kind: string; record: { state?: string } }[] }>(
    `/v1/devices/${serial}/history`,
  );
  expect(history.history.map((h) => h.record.state ?? h.kind)).toEqual([
    'received',
    'diagnosing',
    'awaiting_decision',
    'scrapping',
    'scrap',
    'scrapped',
  ]);
});

it('work done before the station enrolled stays local; the case reaches the hub with its next step', async () => {
  const a = await counter('Counter E', false);
  const serial = 'PSP0000000003';
  const c = a.fx.service.cases.intake({ scanned: serial, symptom: 'printer', accessories: [] }, support1);
  expect(outboxKinds(a)).toEqual([]);
  a.enrolled = true;
  a.fx.service.cases.move(c.id, 'diagnosing', undefined, support1);
  expect(outboxKinds(a)).toEqual(['support.case']);
  await round(a);
  expect(a.hub.queue.attention()).toEqual([]);
  expect(outboxKinds(a)).toEqual([]);
  const cases = await t.db.query<{ state: string }>('SELECT state FROM hub_support_cases WHERE serial = $1', [
    serial,
  ]);
  expect(cases).toEqual([{ state: 'diagnosing' }]);
});

it('no outbox row, no step: a case change and its push commit together', async () => {
  const a = await counter('Counter H');
  a.fx.db.exec('DROP TABLE station_outbox');
  expect(() =>
    a.fx.service.cases.intake({ scanned: 'PSP0000000004', symptom: 'printer', accessories: [] }, support1),
  ).toThrow(/station_outbox/);
  expect(a.fx.db.prepare('SELECT count(*) FROM support_cases').pluck().get()).toBe(0);
});

it('a station enrolled before the outbox: what lies past its old cursors goes once, then the outbox carries on', async () => {
  // Made by the version before the outbox: in the store, past the cursors set at enrolment, never queued.
  const a = await counter('Counter I', false);
  const serial = 'PSP0000000007';
  a.fx.service.cases.intake({ scanned: serial, symptom: 'screen', accessories: [] }, support1);
  const cursor = a.fx.db.prepare('SELECT max(seq) FROM support_case_steps').pluck().get() as number;
  const c = a.fx.service.cases.intake(
    { scanned: 'PSP0000000008', symptom: 'printer', accessories: [] },
    support1,
  );
  a.fx.service.cases.move(c.id, 'diagnosing', undefined, support1);
  a.hub.queue.setState('support:steps', String(cursor));
  a.hub.queue.setState('support:restocks', '0');
  // Upgraded: the next step goes by the outbox, and the drain takes what the cursor had not.
  a.enrolled = true;
  a.fx.service.cases.move(c.id, 'awaiting_decision', undefined, support1);
  const drain = new SupportCursorDrain(a.fx.db);
  drain.beforePush(a.hub.queue);
  drain.beforePush(a.hub.queue); // drained once: nothing more
  await round(a);
  expect(a.hub.queue.attention()).toEqual([]);
  expect(queuedKinds(a)).toEqual([]);
  const states = await t.db.query<{ serial: string; state: string }>(
    'SELECT serial, state FROM hub_support_cases WHERE serial IN ($1, $2)',
    [serial, 'PSP0000000008'],
  );
  // The case before the cursor stayed local; the other reached the hub, each step once.
  expect(states).toEqual([{ serial: 'PSP0000000008', state: 'awaiting_decision' }]);
  const steps = await t.db.query<{ n: string }>(
    "SELECT count(*) AS n FROM hub_device_history WHERE serial = 'PSP0000000008' AND kind = 'case'",
  );
  expect(Number(steps[0]!.n)).toBe(3);
  expect(a.hub.queue.getState('support:steps')).toBe('drained');
});

it('intake asks the hub first: a unit open at A is refused at B naming A — from the pulled copy when the hub is out of reach', async () => {
  const a = await counter('Counter F');
  const b = await counter('Counter G');
  const serial = 'PSP0000000005';
  const atA = a.fx.service.cases.intake({ scanned: serial, symptom: 'screen', accessories: [] }, support1);
  const unreachable = () => Promise.reject(new HubUnavailable('connect ECONNREFUSED'));
  const link = (
    c: Counter,
    hubGet: (path: string) => Promise<unknown> = (path) => c.hub.client.get(path),
  ) => ({
    enrolled: true,
    stationId: c.hub.identity.stationId,
    hubGet: hubGet as never,
    mirrored: <T>(entity: string) => c.hub.queue.mirrorAll<T>(entity),
  });
  const intakeAtB = (hubGet?: (path: string) => Promise<unknown>) =>
    intakeAskingHub(createSupportHandlers(b.fx.service), link(b, hubGet))['support.intake'](
      { scanned: serial, symptom: 'no_power', accessories: [] },
      { operator: support2, sessionId: 's', via: 'host' },
    );
  const casesAtB = () => b.fx.service.cases.casesOfSerial(serial);

  // Nothing pushed yet and nothing pulled: the hub knows no case, so B's intake goes on as before.
  expect(await openCaseElsewhere(link(b), serial)).toBeNull();
  await round(a);
  await t.db.query("UPDATE hub_operators SET display_name = '刘售后' WHERE username = 'support1'");

  // Online: the hub's word, named as people know it, before anything is written at B.
  await expect(intakeAtB()).rejects.toMatchObject({
    reason: 'support.case.open_elsewhere',
    field: 'scanned',
    params: {
      station: 'Counter F',
      caseId: atA.id,
      person: '刘售后',
      at: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d$/),
    },
  });
  expect(casesAtB()).toEqual([]);

  // Hub out of reach, nothing pulled yet: taken in locally (the push would be refused later).
  expect(await openCaseElsewhere(link(b, unreachable), serial)).toBeNull();
  // After a pull, out of reach: the pulled copy of A's case answers.
  await b.hub.engine.syncNow();
  await expect(intakeAtB(unreachable)).rejects.toMatchObject({
    reason: 'support.case.open_elsewhere',
    params: { station: 'Counter F', caseId: atA.id, person: 'support1' },
  });
  expect(casesAtB()).toEqual([]);

  // A closes it: B takes the unit in (online).
  a.fx.service.cases.move(atA.id, 'diagnosing', undefined, support1);
  a.fx.service.cases.move(atA.id, 'awaiting_decision', undefined, support1);
  a.fx.service.cases.decide(atA.id, 'repair', 'wear', undefined, support1);
  a.fx.service.cases.move(atA.id, 'returned', undefined, support1);
  await round(a);
  const taken = await intakeAtB();
  expect(taken).toMatchObject({ serial, state: 'received' });
});
