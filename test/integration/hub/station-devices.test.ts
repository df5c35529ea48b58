/**
 * The hub's device side in two stations assembled as the app assembles them (createStation),
 * enrolled through Settings' call, against a real hub on PostgreSQL. Station B is a demo station
 * with simulated terminals on real ptys, its link to the hub a proxy the test cuts and slows;
 * station A holds the same manufacturer manifest and no units. A freeze made at A refuses
 * provisioning of that serial at B — online within 2 s (the live channel), offline at B's next
 * sync — and binding at B while online never uses a stale answer. Runs at B reach A's view of the
 * unit's history through the hub. An after-sales case taken in at A reaches the hub with the call,
 * and B's intake of the same unit is refused at once, asking the hub (docs/sync.md §10.7).
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEnrolmentCode } from '../../../server/admin';
import { createStation, type SessionSlot, type Station } from '../../../electron/services/station/station';
import type { Logger } from '../../../electron/services/station/logger';
import {
  FAST_SCRYPT,
  setHubPassword,
  startHubOnFreshDatabase,
  type HubOnFreshDatabase,
  type TestHub,
} from './harness';
import { LinkProxy } from './link-proxy';
import { useBundledSimulator } from './simulator-bundle';

let fresh: HubOnFreshDatabase;
let t: TestHub;
let linkB: LinkProxy;
let a: TestedStation;
let b: TestedStation;
/** B's genuine demo units, and its test unit (in both registries, never provisioned here). */
let units: string[];
let testUnit: string;

const PASSWORD = 'long-enough-pass-9';

interface TestedStation {
  readonly station: Station;
  readonly dir: string;
  readonly errors: string[];
  /** A contract call as this operator (each operator keeps its own session). */
  call(operator: string, name: string, input: unknown): Promise<Record<string, unknown>>;
}

async function openStation(label: string, demo: boolean): Promise<TestedStation> {
  const dir = mkdtempSync(join(tmpdir(), `hub-devices-${label}-`));
  const errors: string[] = [];
  const log: Logger = {
    info() {},
    warn() {},
    error: (message) => void errors.push(message),
  };
  const station = await createStation({
    dataDir: dir,
    demo,
    shell: 'browser',
    version: 'test',
    log,
    scrypt: FAST_SCRYPT,
    // Two genuine units (and the demo's test unit and counterfeit): simulators start slowly under load.
    ...(demo ? { demoUnits: 4 } : {}),
  });
  const slots = new Map<string, SessionSlot>();
  for (const [username, role] of [
    ['boss', 'admin'],
    ['desk', 'support'],
    ['store', 'warehouse'],
  ] as const)
    await station.accounts.addUser(
      { username, displayName: username, role, password: PASSWORD, mustChangePassword: false },
      'test',
    );
  return {
    station,
    dir,
    errors,
    async call(operator, name, input) {
      let slot = slots.get(operator);
      if (!slot) {
        slot = { token: null };
        slots.set(operator, slot);
        const signedIn = await station.invoke(
          'session.signIn',
          { username: operator, password: PASSWORD },
          slot,
          'host',
        );
        if (!signedIn.ok) throw new Error(`sign-in ${operator}: ${signedIn.error.message}`);
      }
      const envelope = await station.invoke(name, input, slot, 'host');
      if (!envelope.ok) throw Object.assign(new Error(`${name}: ${envelope.error.message}`), envelope.error);
      return envelope.value as Record<string, unknown>;
    },
  };
}

async function until<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const registryStatus = (s: TestedStation, serial: string) =>
  s.station.devices.registry.lookup(serial)?.status;
const portOf = (serial: string) => b.station.devices.board().units.find((u) => u.serial === serial)!.portId;
const provisionAtB = async (serial: string, applicationId: string) => {
  const { outcomes } = await b.station.devices.provision(
    { portId: portOf(serial), applicationId, skipFlash: true },
    'store',
  );
  return (await outcomes[0])!;
};
async function hubStatus(serial: string): Promise<string | undefined> {
  const rows = await t.db.query<{ status: string }>('SELECT status FROM hub_devices WHERE serial = $1', [
    serial,
  ]);
  return rows[0]?.status;
}

beforeAll(async () => {
  useBundledSimulator();
  const operators = [
    ['boss', 'admin'],
    ['desk', 'support'],
    ['store', 'warehouse'],
  ] as const;
  fresh = await startHubOnFreshDatabase('postgres', { operators });
  t = fresh.t;
  for (const [name] of operators) await setHubPassword(t.db, name, PASSWORD);
  linkB = new LinkProxy(Number(new URL(t.hub.url).port));
  await linkB.listen();

  a = await openStation('a', false);
  b = await openStation('b', true);
  await a.call('boss', 'sync.enrol', {
    hubUrl: t.hub.url,
    code: await createEnrolmentCode(t.db, t.pki, 'Counter A'),
  });
  await b.call('boss', 'sync.enrol', {
    hubUrl: linkB.url,
    code: await createEnrolmentCode(t.db, t.pki, 'Counter B'),
  });

  // Every operator signs in online once at each enrolled station (the hub decides there now), so the
  // offline test below finds the verifier an offline sign-in needs.
  for (const s of [a, b])
    for (const operator of ['desk', 'store']) await s.call(operator, 'session.current', {});

  // Both sites hold the manufacturer's manifest; only B has the units on its ports.
  type Fleet = { manifestJsonFile: string; units: { serial: string }[] };
  const fleets = JSON.parse(readFileSync(join(b.dir, 'demo', 'fleets.json'), 'utf8')) as {
    genuine: Fleet;
    testUnit: Fleet;
  };
  for (const fleet of [fleets.genuine, fleets.testUnit])
    await a.call('boss', 'devices.importManifest', { path: fleet.manifestJsonFile });
  units = fleets.genuine.units.map((u) => u.serial);
  testUnit = fleets.testUnit.units[0]!.serial;
  expect(units).toHaveLength(2);
  await until('B to identify its units', () =>
    units.every((s) => b.station.devices.board().units.some((u) => u.serial === s)),
  );
}, 300_000);

afterAll(async () => {
  await a?.station.close();
  await b?.station.close();
  await linkB?.close();
  await fresh?.dispose();
  for (const s of [a, b]) if (s) rmSync(s.dir, { recursive: true, force: true });
});

it('binding at B while online never uses a stale answer: a freeze landing after the local check refuses it', async () => {
  const serial = units[0]!;
  expect(registryStatus(b, serial)).toBe('genuine');
  // B's link slows to a stop (nothing it sends reaches the hub): its copy of the registry stays as
  // it was while the run passes every local check; then the run asks the hub before binding.
  linkB.hold();
  const run = provisionAtB(serial, 'DEMO-0001');
  await a.call('desk', 'devices.freeze', { serial, reason: 'reported stolen' });
  await until('the freeze at the hub', async () => (await hubStatus(serial)) === 'frozen');
  await until('the run to reach the bind step', () => {
    const runId = b.station.devices.evidenceStore.runs({ serial, limit: 1 })[0]?.id;
    return runId && b.station.devices.evidenceStore.evidence(runId).some((e) => e.step === 'flash');
  });
  expect(registryStatus(b, serial)).toBe('genuine'); // B's own copy is stale…
  linkB.release();
  const outcome = await run;
  // …and not used: the hub, asked fresh, refused the binding; nothing was written to the unit.
  expect(outcome).toMatchObject({ status: 'refused', failure: { step: 'bind', code: 'hub_frozen' } });
  expect(outcome.failure!.en).toContain('reported stolen; asked: hub');
  expect(outcome.shipment).toBeNull();
  // The freeze itself arrives with B's next sync (rounds sent while held may have timed out).
  await until('the freeze at B after its next sync', async () => {
    await b.call('store', 'sync.now', {});
    return registryStatus(b, serial) === 'frozen';
  });
  expect(b.errors).toEqual([]);
}, 90_000);

it('a freeze lifted at A (by a second person) is lifted at B, on the registry and on the unit', async () => {
  const serial = units[0]!;
  await a.call('boss', 'devices.unfreeze', { serial, reason: 'found at the depot' });
  const liftedAt = Date.now();
  await until('the unfreeze at B', () => registryStatus(b, serial) === 'genuine', 5_000);
  expect(Date.now() - liftedAt).toBeLessThan(2_000);
  expect(b.station.devices.freezes.latest(serial)).toMatchObject({
    reason: 'reported stolen',
    frozenBy: 'hub:desk',
    unfrozenBy: 'hub:boss',
  });
  // B holds the demo registry key: the unit took UNFREEZE with a token for its own nonce.
  await until('the unit to take UNFREEZE', () => b.station.devices.freezes.latest(serial)?.unitUnfrozenAt);
  expect(b.errors).toEqual([]);
}, 60_000);

it('a freeze made at A reaches B within 2 s (live channel) and refuses provisioning there', async () => {
  const serial = units[0]!;
  const frozen = await a.call('desk', 'devices.freeze', { serial, reason: 'lost by courier' });
  const frozenAt = Date.now();
  expect(frozen).toMatchObject({ entry: { status: 'frozen' } });

  await until(
    'the new freeze at B',
    () =>
      registryStatus(b, serial) === 'frozen' &&
      b.station.devices.freezes.latest(serial)?.reason === 'lost by courier',
    5_000,
  );
  expect(Date.now() - frozenAt).toBeLessThan(2_000);
  expect(b.station.devices.freezes.latest(serial)).toMatchObject({
    frozenBy: 'hub:desk',
    frozenByName: 'desk',
    unfrozenAt: null,
  });
  // The unit was idle on its port: B froze the unit itself too.
  await until('the unit to take FREEZE', () => b.station.devices.freezes.latest(serial)?.unitFrozenAt);

  const outcome = await provisionAtB(serial, 'DEMO-0002');
  expect(outcome.status).toBe('refused');
  expect(['registry_frozen', 'device_frozen']).toContain(outcome.failure!.code);
  expect(outcome.shipment).toBeNull();
  expect(b.errors).toEqual([]);
}, 60_000);

it('B offline: the local copy decides and says so; a freeze made meanwhile applies at its next sync', async () => {
  const serial = units[1]!;
  // Everything earlier (the refused run's evidence) has reached the hub before the link goes.
  await until('B to have pushed everything', async () => {
    const status = await b.call('store', 'sync.now', {});
    return status.online === true && status.pending === 0;
  });
  linkB.down();
  await a.call('desk', 'devices.freeze', { serial: testUnit, reason: 'stolen from the van' });
  await until('the freeze at the hub', async () => (await hubStatus(testUnit)) === 'frozen');

  // Offline, B binds on its local copy — and its evidence says where the answer came from.
  const offline = await provisionAtB(serial, 'DEMO-0003');
  expect(offline.status).toBe('succeeded');
  const bind = b.station.devices.evidenceStore.evidence(offline.runId).find((e) => e.step === 'bind');
  expect(bind!.data).toMatchObject({ hubCheck: { source: 'local copy' } });
  expect(registryStatus(b, testUnit)).toBe('genuine');
  expect(await b.call('store', 'sync.status', {})).toMatchObject({ online: false, pending: 2 });

  // Back online: the next sync pushes the run and its shipment, and pulls the freeze.
  linkB.up();
  // (A pull may come back without a change committed a moment ago while the hub holds its cursor
  // behind transactions still in flight; the round after brings it.)
  await until('the freeze at B after its next sync', async () => {
    await b.call('store', 'sync.now', {});
    return registryStatus(b, testUnit) === 'frozen';
  });
  // (The demo's own lost unit, frozen by the demo seed before enrolment, is training data: not pushed.)
  expect(await b.call('store', 'sync.status', {})).toMatchObject({ online: true, pending: 0, attention: 0 });
  expect(b.station.devices.freezes.latest(testUnit)).toMatchObject({
    reason: 'stolen from the van',
    frozenByName: 'desk',
  });

  // The offline run is now part of the unit's history at the hub, as any site sees it.
  const seen = await a.call('desk', 'sync.unitHistory', { serial });
  expect(seen).toMatchObject({
    enrolled: true,
    status: 'unknown',
    entries: [
      {
        kind: 'evidence',
        station: 'Counter B',
        operator: 'store',
        runId: offline.runId,
        outcome: 'succeeded',
      },
      { kind: 'shipment', station: 'Counter B', operator: 'store', applicationId: 'DEMO-0003' },
    ],
  });
  expect(b.errors).toEqual([]);
}, 90_000);

it('a case taken in at A travels to the hub at once; B taking in the same unit is refused at once naming A', async () => {
  const serial = 'PSM1Z0000077';
  const opened = await a.call('desk', 'support.intake', {
    scanned: serial,
    symptom: 'screen',
    accessories: [],
  });
  // Written to the station outbox by the call itself and handed over at once; the live engine pushes it.
  const atHub = await until('the case at the hub', async () => {
    const rows = await t.db.query<{ case_id: string; opened_by: string; state: string }>(
      'SELECT case_id, opened_by, state FROM hub_support_cases WHERE serial = $1',
      [serial],
    );
    return rows.length > 0 && rows;
  });
  expect(atHub).toEqual([{ case_id: opened.id, opened_by: 'desk', state: 'received' }]);

  // B's intake asks the hub first (intake-check.ts): refused before anything is written at B.
  await expect(
    b.call('desk', 'support.intake', { scanned: serial, symptom: 'no_power', accessories: [] }),
  ).rejects.toMatchObject({
    reason: 'support.case.open_elsewhere',
    params: { station: 'Counter A', caseId: opened.id },
  });
  const { mutations } = (await b.call('desk', 'sync.mutations', {})) as {
    mutations: { kind: string }[];
  };
  expect(mutations.filter((m) => m.kind === 'support.case')).toEqual([]);
}, 60_000);
