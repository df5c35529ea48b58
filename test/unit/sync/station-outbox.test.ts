/**
 * The station outbox (docs/sync.md §10.4) on a real SQLite store and sync queue: a row only while
 * enrolled, written in the change's own transaction — a freeze, a revocation, a run's end (no row,
 * no change) — handed to the queue under its own id, kept until the hub answers; until then a
 * pulled state does not undo a freeze or lift, even one made by another process (the CLI) that this
 * one never queued. Runs and revocations do not hold a serial's pulled state back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Operator } from '../../../electron/contract/context';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import { DeviceRegistry } from '../../../electron/services/devices/registry/device-registry';
import { importProductionUnits } from '../devices/production-units';
import { createFreezes, type Freezes } from '../../../electron/services/devices/registry/freezes';
import { registryAuditRecorder } from '../../../electron/services/devices/registry/registry-audit';
import { EvidenceStore } from '../../../electron/services/devices/evidence/evidence-store';
import { revokeUnit } from '../../../electron/services/devices/registry/revoke';
import { fixedMutationId } from '../../../electron/services/sync/fixed-mutation-id';
import { StationOutbox } from '../../../electron/services/sync/station-outbox';
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
let outbox: StationOutbox;
let evidence: EvidenceStore;
let enrolled: boolean;

const rows = () =>
  db
    .prepare(
      'SELECT kind, serial, operator, handed_over_at IS NOT NULL AS handed FROM station_outbox ORDER BY seq',
    )
    .all();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hub-outbox-'));
  queue = new SyncQueue(join(dir, 'sync.sqlite'));
  db = openDatabase({ file: ':memory:' });
  const clock = { now: () => Date.now() };
  const audit = createAuditLog(db, clock);
  registry = new DeviceRegistry(db, { now: clock.now, record: registryAuditRecorder(audit) });
  importProductionUnits(registry, SERIALS);
  enrolled = true;
  outbox = new StationOutbox(db, () => enrolled);
  freezes = createFreezes({ db, audit, clock, registry, signingKey: () => null, hub: outbox });
  evidence = new EvidenceStore(db, audit, clock, outbox);
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
  db.exec('DROP TABLE station_outbox');
  expect(() => freezes.freeze(SERIALS[0]!, 'lost by courier', desk)).toThrow(/station_outbox/);
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
  db.prepare('UPDATE station_outbox SET handed_over_at = NULL').run(); // a crash before the mark
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

/** A run on a unit, up to its last step: shipped when `ship`, then finished (its final transaction). */
function provisionRun(
  id: string,
  serial: string,
  opts: { ship?: boolean; kind?: 'provision' | 'refurbish' } = {},
) {
  evidence.startRun({
    id,
    port: 'p1',
    usbLocation: null,
    operator: 'store',
    stationId: 's1',
    applicationId: null,
    ...(opts.kind ? { kind: opts.kind } : {}),
  });
  evidence.record(id, {
    step: 'identify',
    outcome: 'ok',
    actor: 'store',
    data: {},
    summary: {},
    set: { serial },
  });
  if (opts.ship)
    evidence.ship({
      id: `${id}ship`,
      runId: id,
      serial,
      applicationId: null,
      settlementCardMasked: null,
      limitProfile: null,
      imageSha256: 'ab'.repeat(32),
      operator: 'store',
    });
  evidence.finish(id, 'store', 'succeeded');
}

it("a run's evidence and shipment are written by its final transaction, as its operator, under the backfill's ids", () => {
  enrolled = false;
  provisionRun('run1', SERIALS[0]!);
  expect(rows()).toEqual([]);
  enrolled = true;
  provisionRun('run2', SERIALS[1]!, { ship: true });
  provisionRun('run3', SERIALS[0]!, { kind: 'refurbish' }); // a refurbish travels as device.restock, not here
  expect(rows()).toEqual([
    { kind: 'device.evidence', serial: SERIALS[1], operator: 'store', handed: 0 },
    { kind: 'device.shipment', serial: SERIALS[1], operator: 'store', handed: 0 },
  ]);
  outbox.beforePush(queue);
  const queued = queue.pending(10);
  expect(queued.map((m) => m.id)).toEqual([
    fixedMutationId('run:run2:evidence'),
    fixedMutationId('run:run2:shipment'),
  ]);
  expect(queued[0]!.payload).toMatchObject({
    serial: SERIALS[1],
    record: { runId: 'run2', status: 'succeeded', steps: [{ step: 'identify', outcome: 'ok' }] },
  });
  expect((queued[0]!.payload as { record: { finishedAt: string | null } }).record.finishedAt).not.toBeNull();
  // A run's push is no freeze: a state pulled for the unit meanwhile still applies.
  expect(outbox.waiting(SERIALS[1]!)).toBe(false);
});

it('no outbox row, no finished run: the run stays open (and is ended as interrupted at the next start)', () => {
  db.exec('DROP TABLE station_outbox');
  expect(() => provisionRun('run1', SERIALS[0]!)).toThrow(/station_outbox/);
  expect(evidence.run('run1')).toMatchObject({ status: 'running', finishedAt: null });
  expect(evidence.openRuns().map((r) => r.id)).toEqual(['run1']);
});

it('a revocation and its outbox row commit together; revoking a revoked unit tells nobody again', () => {
  const serial = SERIALS[0]!;
  revokeUnit(db, registry, serial, { operator: 'boss', reason: 'key extracted' }, outbox);
  revokeUnit(db, registry, serial, { operator: 'boss', reason: 'key extracted' }, outbox);
  expect(rows()).toEqual([{ kind: 'device.revoke', serial, operator: 'boss', handed: 0 }]);
  expect(registry.lookup(serial)).toMatchObject({ status: 'revoked', statusReason: 'key extracted' });
  outbox.beforePush(queue);
  expect(queue.pending(10)).toMatchObject([
    {
      id: fixedMutationId(`device.revoke:${serial}`),
      kind: 'device.revoke',
      operator: 'boss',
      payload: { serial, reason: 'key extracted' },
    },
  ]);
  expect(outbox.waiting(serial)).toBe(false);

  db.exec('DROP TABLE station_outbox');
  expect(() =>
    revokeUnit(db, registry, SERIALS[1]!, { operator: 'boss', reason: 'key extracted' }, outbox),
  ).toThrow(/station_outbox/);
  expect(registry.lookup(SERIALS[1]!)?.status).toBe('genuine');
});
