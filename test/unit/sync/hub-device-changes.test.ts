/**
 * Pulled device states onto a station's registry and freeze records (docs/sync.md §10.4), on a real
 * SQLite store and sync queue: each state applied once (again is a no-op), a lifted freeze closes
 * the open record, revocation stays final, an unknown serial is left alone, a freeze made here and
 * still waiting for the hub is not undone by an older pulled state, and a start catches up with
 * what was pulled but never applied.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Operator } from '../../../electron/contract/context';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import type { HubDeviceState } from '../../../electron/services/devices/hub-link';
import { DeviceRegistry } from '../../../electron/services/devices/registry/device-registry';
import { importProductionUnits } from '../devices/production-units';
import { createFreezes, type Freezes } from '../../../electron/services/devices/registry/freezes';
import { registryAuditRecorder } from '../../../electron/services/devices/registry/registry-audit';
import { HubDeviceChanges } from '../../../electron/services/sync/hub-devices';
import { SyncQueue } from '../../../electron/services/sync/queue';
import { DEVICE_STATUS_KINDS } from '../../../electron/services/sync/station-sync';
import type { HubClient } from '../../../electron/services/sync/hub-client';
import { openDatabase } from '../../../electron/store/database';

const SERIALS = ['PS1000000001', 'PS1000000002', 'PS1000000003'];
const desk: Operator = { id: 'op-d', username: 'desk', displayName: 'desk', role: 'support' };

let dir: string;
let queue: SyncQueue;
let registry: DeviceRegistry;
let freezes: Freezes;
let changes: HubDeviceChanges;
let errors: string[];

const state = (
  serial: string,
  status: HubDeviceState['status'],
  reason: string | null = null,
  changedBy = 'sun',
) => ({
  entity: 'device',
  key: serial,
  data: { serial, status, reason, changedBy } satisfies HubDeviceState,
});
/** A pulled page as the engine hands it over: applied to the mirror, then to the participant. */
async function pull(...page: ReturnType<typeof state>[]) {
  queue.applyPage(page, `c${Math.random()}`);
  await changes.afterPull({} as HubClient, page);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hub-device-changes-'));
  queue = new SyncQueue(join(dir, 'sync.sqlite'));
  const db = openDatabase({ file: ':memory:' });
  const clock = { now: () => Date.now() };
  const audit = createAuditLog(db, clock);
  registry = new DeviceRegistry(db, { now: clock.now, record: registryAuditRecorder(audit) });
  expect(importProductionUnits(registry, SERIALS).ok).toBe(true);
  freezes = createFreezes({ db, audit, clock, registry, signingKey: () => null });
  errors = [];
  changes = new HubDeviceChanges(
    {
      devicePending: (serial) => queue.pendingAboutSerial(DEVICE_STATUS_KINDS, serial),
      mirrored: (entity) => queue.mirrorAll(entity),
    },
    { applyHubState: async (s) => freezes.fromHub(s.serial, { ...s, by: s.changedBy }) },
    (message, error) => errors.push(`${message}: ${String(error)}`),
  );
});
afterEach(() => {
  queue.close();
  rmSync(dir, { recursive: true, force: true });
});

it('a pulled freeze, lift and revocation move the registry and the freeze records once each', async () => {
  const [serial] = SERIALS as [string];
  await pull(state(serial, 'frozen', 'lost by courier'));
  expect(registry.lookup(serial)).toMatchObject({ status: 'frozen', statusReason: 'lost by courier' });
  expect(freezes.latest(serial)).toMatchObject({
    frozenBy: 'hub:sun',
    frozenByName: 'sun',
    unfrozenAt: null,
  });
  await pull(state(serial, 'frozen', 'lost by courier'));
  expect(freezes.list().filter((f) => f.serial === serial)).toHaveLength(1);

  // Lifted at the hub by a second person (the hub refuses the one who froze it).
  await pull(state(serial, 'active', null, 'lead'));
  expect(errors).toEqual([]);
  expect(registry.lookup(serial)?.status).toBe('genuine');
  expect(freezes.latest(serial)).toMatchObject({
    unfrozenBy: 'hub:lead',
    unfreezeReason: 'freeze lifted at the hub',
  });
  // The lifted freeze lets the unit be unfrozen on the device when it next connects.
  expect(freezes.pendingFor(serial, true)).toBe('unfreeze');

  await pull(state(serial, 'revoked', 'cloned key'));
  expect(registry.lookup(serial)?.status).toBe('revoked');
  await pull(state(serial, 'active'));
  expect(registry.lookup(serial)?.status).toBe('revoked');

  await pull(state('PS9999999999', 'frozen', 'not ours'));
  expect(registry.lookup('PS9999999999')).toBeUndefined();
  expect(errors).toEqual([]);
});

it('a freeze made here and not yet answered by the hub is not undone by an older pulled state', async () => {
  const serial = SERIALS[1]!;
  freezes.freeze(serial, 'left in a taxi', desk);
  const queued = queue.enqueue({
    kind: 'device.freeze',
    operator: 'desk',
    payload: { serial, reason: 'left in a taxi' },
  });
  await pull(state(serial, 'active'));
  expect(registry.lookup(serial)?.status).toBe('frozen');

  // Once the hub has answered, its state is the truth again.
  queue.recordAnswers([{ id: queued.id, status: 'accepted', result: null }]);
  await pull(state(serial, 'active'));
  expect(registry.lookup(serial)?.status).toBe('genuine');
});

it('a start applies what was pulled but never reached the registry', async () => {
  const serial = SERIALS[2]!;
  queue.applyPage([state(serial, 'frozen', 'stolen')], 'c1'); // pulled; the station stopped before applying
  expect(registry.lookup(serial)?.status).toBe('genuine');
  await changes.catchUp();
  expect(registry.lookup(serial)).toMatchObject({ status: 'frozen', statusReason: 'stolen' });
});
