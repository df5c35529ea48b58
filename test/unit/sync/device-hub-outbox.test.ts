/**
 * The station outbox of freezes (docs/sync.md §10.4) on a real SQLite store and sync queue: a row
 * only while enrolled, written in the freeze's own transaction (no row, no freeze), handed to the
 * queue under its own id, kept until the hub answers — and until then a pulled state does not undo
 * the change, even one made by another process (the CLI) that this one never queued.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Operator } from '../../../electron/contract/context';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import { DeviceRegistry } from '../../../electron/services/devices/registry/device-registry';
import { createFreezes, type Freezes } from '../../../electron/services/devices/registry/freezes';
import { registryAuditRecorder } from '../../../electron/services/devices/registry/registry-audit';
import { DeviceHubOutbox } from '../../../electron/services/sync/device-hub-outbox';
import { SyncQueue } from '../../../electron/services/sync/queue';
import { openDatabase, type Db } from '../../../electron/store/database';

const SERIALS = ['PS1000000001', 'PS1000000002'];
const desk: Operator = { id: 'op-d', username: 'desk', displayName: 'desk', role: 'support' };
const lead: Operator = { id: 'op-l', username: 'lead', displayName: 'lead', role: 'support_lead' };

let dir: string;
let db: Db;
let queue: SyncQueue;
let registry: DeviceRegistry;
let freezes: Freezes;
let outbox: DeviceHubOutbox;
let enrolled: boolean;

const rows = () =>
  db
    .prepare(
      'SELECT kind, serial, operator, handed_over_at IS NOT NULL AS handed FROM device_hub_outbox ORDER BY seq',
    )
    .all();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hub-outbox-'));
  queue = new SyncQueue(join(dir, 'sync.sqlite'));
  db = openDatabase({ file: ':memory:' });
  const clock = { now: () => Date.now() };
  const audit = createAuditLog(db, clock);
  registry = new DeviceRegistry(db, { now: clock.now, record: registryAuditRecorder(audit) });
  const manifest = SERIALS.map((serial, i) => ({
    serial,
    key_fingerprint: String(i).repeat(64),
    model: 'PS-M1',
    batch: 'B1',
    mode: 'production',
  }));
  registry.importManifest({ text: JSON.stringify(manifest), format: 'json', source: 'm', actor: 't' });
  enrolled = true;
  outbox = new DeviceHubOutbox(db, () => enrolled);
  freezes = createFreezes({ db, audit, clock, registry, signingKey: () => null, hub: outbox });
});
afterEach(() => {
  queue.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

it('a standalone station writes nothing; an enrolled one writes each freeze and lift as it is made', () => {
  enrolled = false;
  freezes.freeze(SERIALS[0]!, 'lost by courier', desk);
  expect(rows()).toEqual([]);
  enrolled = true;
  freezes.freeze(SERIALS[1]!, 'left in a taxi', desk);
  freezes.freeze(SERIALS[1]!, 'left in a taxi', desk); // already frozen: nothing new to tell
  freezes.unfreeze(SERIALS[1]!, 'found at the depot', lead);
  expect(rows()).toEqual([
    { kind: 'device.freeze', serial: SERIALS[1], operator: 'desk', handed: 0 },
    { kind: 'device.unfreeze', serial: SERIALS[1], operator: 'lead', handed: 0 },
  ]);
});

it('no outbox row, no freeze: both commit in one transaction', () => {
  db.exec('DROP TABLE device_hub_outbox');
  expect(() => freezes.freeze(SERIALS[0]!, 'lost by courier', desk)).toThrow(/device_hub_outbox/);
  expect(registry.lookup(SERIALS[0]!)?.status).toBe('genuine');
  expect(freezes.latest(SERIALS[0]!)).toBeUndefined();
});

it('handed over under its own id (again: a no-op), kept until the hub answers; meanwhile a pulled state does not undo it', () => {
  const serial = SERIALS[0]!;
  freezes.freeze(serial, 'lost by courier', desk);
  // Made by another process and not queued yet: an older state pulled now is not applied.
  expect(freezes.fromHub(serial, { status: 'active', reason: null, by: 'sun' })).toBeNull();
  expect(registry.lookup(serial)?.status).toBe('frozen');

  outbox.beforePush(queue);
  db.prepare('UPDATE device_hub_outbox SET handed_over_at = NULL').run(); // a crash before the mark
  outbox.beforePush(queue);
  const queued = queue.pending(10);
  expect(queued).toHaveLength(1);
  expect(queued[0]).toMatchObject({
    kind: 'device.freeze',
    operator: 'desk',
    payload: { serial, reason: 'lost by courier' },
  });

  outbox.settle(queue); // not answered yet: kept
  expect(outbox.waiting(serial)).toBe(true);
  queue.recordAnswers([{ id: queued[0]!.id, status: 'accepted', result: null }]);
  outbox.settle(queue);
  expect(rows()).toEqual([]);
  // Answered: the hub's word is the truth again.
  expect(freezes.fromHub(serial, { status: 'active', reason: null, by: 'lead' })).toBe('unfroze');
});
