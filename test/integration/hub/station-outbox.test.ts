/**
 * What an enrolled station tells the hub of its own devices travels by one path whoever made it —
 * the window or the CLI: the station outbox, written in the change's own transaction (a freeze, a
 * revocation, a run's end); and what a station held before it enrolled is pushed once
 * (docs/sync.md §10.4, §10.6); against a real hub on PostgreSQL. Station A is a data directory the
 * CLI works on; B is a station assembled as the app assembles it (createStation); C's link to the
 * hub is a proxy the test holds while it kills a CLI process mid-push; D is a data directory that
 * froze and provisioned before it enrolled; F a station process killed right after a run's commit.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { createEnrolmentCode } from '../../../server/admin';
import { cliRoleOption } from '../../../electron/cli/cli-actor';
import type { OpenStore } from '../../../electron/cli/store-handle';
import { DEVICES_EXIT, registerDevicesCommands } from '../../../electron/cli/devices';
import { registerSupportCommands } from '../../../electron/cli/support';
import { FREEZE_EXIT } from '../../../electron/cli/support-freeze';
import type { Operator } from '../../../electron/contract/context';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import { systemClock } from '../../../electron/services/audit/clock';
import { EvidenceStore } from '../../../electron/services/devices/evidence/evidence-store';
import { DeviceRegistry } from '../../../electron/services/devices/registry/device-registry';
import { createFreezes } from '../../../electron/services/devices/registry/freezes';
import { registryAuditRecorder } from '../../../electron/services/devices/registry/registry-audit';
import { databaseFile } from '../../../electron/services/station/data-dir';
import type { Logger } from '../../../electron/services/station/logger';
import { createStation, type Station } from '../../../electron/services/station/station';
import { SyncEngine } from '../../../electron/services/sync/engine';
import { createHubClient, HubUnavailable, type HubClient } from '../../../electron/services/sync/hub-client';
import { enrol, loadIdentity, saveIdentity } from '../../../electron/services/sync/identity';
import { SyncQueue } from '../../../electron/services/sync/queue';
import {
  backfillProgress,
  RunBackfill,
  stationBackfillSource,
} from '../../../electron/services/sync/run-backfill';
import { StationOutbox } from '../../../electron/services/sync/station-outbox';
import { openDatabase } from '../../../electron/store/database';
import { capturedIo } from '../../unit/captured-io';
import { createTestDatabase, FAST_SCRYPT, startTestHub, type TestDatabase, type TestHub } from './harness';
import { finishedRun } from './finished-run';
import { LinkProxy } from './link-proxy';

const SERIALS = Array.from({ length: 12 }, (_, i) => `PS20000000${String(i).padStart(2, '0')}`);
const MANIFEST = JSON.stringify(
  SERIALS.map((serial, i) => ({
    serial,
    key_fingerprint: i.toString(16).repeat(64),
    model: 'PS-M1',
    batch: 'B1',
    mode: 'production',
  })),
);
const desk: Operator = { id: 'op-desk', username: 'desk', displayName: 'desk', role: 'support' };
const lead: Operator = { id: 'op-lead', username: 'lead', displayName: 'lead', role: 'support_lead' };
const ROOT = join(__dirname, '..', '..', '..');
const RUNNER = join(__dirname, 'run-support-cli.ts');
const DIES_AFTER_RUN = join(__dirname, 'finish-run-and-die.ts');

let tdb: TestDatabase;
let t: TestHub;
let work: string;
let b: Station;
const bErrors: string[] = [];

/** A station store as the CLI opens it, with the registry holding the manifest; the outbox when given. */
function storeAt(dir: string, outbox?: (db: ReturnType<typeof openDatabase>) => StationOutbox) {
  const db = openDatabase({ file: databaseFile(dir) });
  const audit = createAuditLog(db, systemClock);
  const registry = new DeviceRegistry(db, { record: registryAuditRecorder(audit) });
  const hub = outbox?.(db);
  const freezes = createFreezes({
    db,
    audit,
    clock: systemClock,
    registry,
    signingKey: () => null,
    ...(hub ? { hub } : {}),
  });
  return { db, registry, freezes, evidence: new EvidenceStore(db, audit, systemClock), outbox: hub };
}

function newStation(label: string): string {
  const dir = mkdtempSync(join(work, `${label}-`));
  const { db, registry } = storeAt(dir);
  expect(
    registry.importManifest({ text: MANIFEST, format: 'json', source: 'm.json', actor: 'test' }).ok,
  ).toBe(true);
  db.close();
  return dir;
}

async function enrolDir(dir: string, name: string, hubUrl = t.hub.url): Promise<void> {
  saveIdentity(dir, await enrol(hubUrl, await createEnrolmentCode(t.db, t.pki, name)));
}

/** A new station enrolled through a link proxy the test holds, to hold or cut its link to the hub. */
async function stationBehindLink(label: string, name: string): Promise<{ dir: string; link: LinkProxy }> {
  const link = new LinkProxy(Number(new URL(t.hub.url).port));
  await link.listen();
  try {
    const dir = newStation(label);
    await enrolDir(dir, name, link.url);
    return { dir, link };
  } catch (error) {
    await link.close();
    throw error;
  }
}

async function cli(dir: string, ...args: string[]) {
  const io = capturedIo();
  const openStore: OpenStore = () => {
    const db = openDatabase({ file: databaseFile(dir) });
    return { db, dataDir: dir, close: () => db.close() };
  };
  const program = new Command('pos-station')
    .addOption(cliRoleOption())
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} });
  registerSupportCommands(program, openStore, { io });
  registerDevicesCommands(program, openStore, io);
  await program.parseAsync(args, { from: 'user' });
  return io;
}

/** The CLI's arguments for `support freeze` at an enrolled station: as support, in a hub operator's name. */
function freezeArgs(serial: string, reason: string, operator: string): string[] {
  return ['--as', 'support', 'support', 'freeze', serial, '--reason', reason, '--operator', operator];
}

async function hubDevice(serial: string) {
  const rows = await t.db.query<{ status: string; changed_by: string }>(
    'SELECT status, changed_by FROM hub_devices WHERE serial = $1',
    [serial],
  );
  return rows[0];
}
/** How many times the hub applied a change to this unit (each applied freeze or lift writes one). */
async function appliedAtHub(serial: string): Promise<number> {
  const rows = await t.db.query<{ n: string }>(
    "SELECT count(*) AS n FROM hub_changes WHERE entity = 'device' AND key = $1",
    [serial],
  );
  return Number(rows[0]!.n);
}
/** The unit's history at the hub, oldest first. */
function historyAt(serial: string) {
  return t.db.query<{ kind: string; operator: string }>(
    'SELECT kind, operator FROM hub_device_history WHERE serial = $1 ORDER BY id',
    [serial],
  );
}
function queueOf(dir: string): SyncQueue {
  return new SyncQueue(join(dir, 'sync.sqlite'));
}
/** The mutations about a serial in a station's sync queue. */
function queuedAbout(dir: string, serial: string) {
  const queue = queueOf(dir);
  try {
    return queue.sqlite
      .prepare("SELECT kind, state, code FROM sync_mutations WHERE json_extract(payload, '$.serial') = ?")
      .all(serial) as { kind: string; state: string; code: string | null }[];
  } finally {
    queue.close();
  }
}
function outboxRows(dir: string): number {
  const db = openDatabase({ file: databaseFile(dir) });
  try {
    return db.prepare('SELECT count(*) FROM station_outbox').pluck().get() as number;
  } finally {
    db.close();
  }
}

/** A freeze by desk that reached the hub once: accepted in the queue, gone from the outbox, frozen there. */
async function expectPushedOnce(dir: string, serial: string): Promise<void> {
  expect(queuedAbout(dir, serial)).toEqual([{ kind: 'device.freeze', state: 'accepted', code: null }]);
  expect(outboxRows(dir)).toBe(0);
  expect(await hubDevice(serial)).toEqual({ status: 'frozen', changed_by: 'desk' });
  expect(await appliedAtHub(serial)).toBe(1);
}

async function until<T>(what: string, probe: () => T | Promise<T>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let aDir: string;

/** The test CLI in a child process, to its end. */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', RUNNER, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  tdb = await createTestDatabase('postgres');
  t = await startTestHub(tdb.db);
  await t.operator('desk', 'support');
  await t.operator('lead', 'support_lead');
  await t.operator('store', 'warehouse');
  await t.operator('boss', 'admin');
  work = mkdtempSync(join(tmpdir(), 'hub-outbox-'));
  aDir = newStation('a');
  await enrolDir(aDir, 'Counter A');

  // B froze a unit before it enrolled: the backfill pushes it at its first sync.
  const bDir = mkdtempSync(join(work, 'b-'));
  const log: Logger = { info() {}, warn() {}, error: (message) => void bErrors.push(message) };
  b = await createStation({
    dataDir: bDir,
    demo: false,
    shell: 'browser',
    version: 'test',
    log,
    scrypt: FAST_SCRYPT,
  });
  b.devices.registry.importManifest({ text: MANIFEST, format: 'json', source: 'm.json', actor: 'test' });
  b.devices.freezes.freeze(SERIALS[7]!, 'left in a taxi', desk);
  await b.sync.enrol(t.hub.url, await createEnrolmentCode(t.db, t.pki, 'Counter B'));
}, 120_000);

afterAll(async () => {
  await b?.close();
  await t?.dispose();
  await tdb?.dispose();
  if (work) rmSync(work, { recursive: true, force: true });
});

it('a station that froze before enrolling pushes it once at its first sync, and says how far', async () => {
  const serial = SERIALS[7]!;
  await until('the backfilled freeze at the hub', async () => (await hubDevice(serial))?.status === 'frozen');
  expect(await hubDevice(serial)).toEqual({ status: 'frozen', changed_by: 'desk' });
  await until('the backfill answered', () => b.sync.status().backfill?.done === 1);
  expect(b.sync.status().backfill).toEqual({ done: 1, total: 1 });
  await b.sync.syncNow();
  expect(await appliedAtHub(serial)).toBe(1);
  expect(bErrors).toEqual([]);
}, 60_000);

it('`support freeze` at A goes to the hub as a window freeze does; provisioning at B refuses the unit after its sync', async () => {
  const serial = SERIALS[0]!;
  const io = await cli(aDir, ...freezeArgs(serial, 'lost in transit', 'desk'));
  expect(io.stderr).toBe('');
  expect(io.exitCode).toBeUndefined();
  expect(io.stdout).toContain('accepted at the hub');
  expect(await hubDevice(serial)).toEqual({ status: 'frozen', changed_by: 'desk' });
  expect(outboxRows(aDir)).toBe(0);
  expect(queuedAbout(aDir, serial)).toEqual([{ kind: 'device.freeze', state: 'accepted', code: null }]);

  b.devices.registry.importManifest({ text: MANIFEST, format: 'json', source: 'm.json', actor: 'test' });
  await until('the freeze at B after its sync', async () => {
    await b.sync.syncNow();
    return b.devices.registry.lookup(serial)?.status === 'frozen';
  });
  expect(b.devices.freezes.latest(serial)).toMatchObject({ frozenBy: 'hub:desk', reason: 'lost in transit' });
  // What provisioning asks before binding: the hub, fresh — frozen.
  expect(await b.sync.registryCheck()!.beforeBinding(serial)).toEqual({
    status: 'frozen',
    reason: 'lost in transit',
    source: 'hub',
  });
  expect(await appliedAtHub(serial)).toBe(1);
}, 60_000);

it('at an enrolled station the CLI needs --operator: exit 2 with words, nothing changed', async () => {
  const serial = SERIALS[1]!;
  const io = await cli(aDir, 'support', 'freeze', serial, '--reason', 'lost in transit');
  expect(io.exitCode).toBe(FREEZE_EXIT.operatorMissing);
  expect(FREEZE_EXIT.operatorMissing).toBe(2);
  expect(io.stderr).toContain('enrolled with a hub');
  expect(io.stderr).toContain('--operator NAME');
  const { db, registry } = storeAt(aDir);
  expect(registry.lookup(serial)?.status).toBe('genuine');
  db.close();
  expect(outboxRows(aDir)).toBe(0);
  // A standalone station needs no --operator (the change stays there).
  const alone = newStation('alone');
  const local = await cli(alone, 'support', 'freeze', serial, '--reason', 'lost in transit');
  expect(local.exitCode).toBeUndefined();
  expect(local.stdout).not.toContain('hub');
});

it('a freeze the hub refuses exits 24 with its words; it stands here and waits in the attention list', async () => {
  const serial = SERIALS[1]!;
  // `store` is a warehouse operator at the hub: not allowed to freeze there.
  const io = await cli(aDir, ...freezeArgs(serial, 'lost in transit', 'store'));
  expect(io.exitCode).toBe(FREEZE_EXIT.hubRefused);
  expect(FREEZE_EXIT.hubRefused).toBe(24);
  expect(io.stderr).toContain('the hub refused it');
  expect(io.stderr).toContain('ROLE_FORBIDDEN');
  expect(io.stderr).toContain('中心拒绝');
  expect(queuedAbout(aDir, serial)).toEqual([
    { kind: 'device.freeze', state: 'refused', code: 'ROLE_FORBIDDEN' },
  ]);
  expect(await hubDevice(serial)).toBeUndefined();
  const { db, registry } = storeAt(aDir);
  expect(registry.lookup(serial)?.status).toBe('frozen');
  db.close();
  expect(outboxRows(aDir)).toBe(0);
});

it('a push that throws after the freeze, and a hand-over repeated after a crash, lose nothing and push once', async () => {
  const serial = SERIALS[2]!;
  const identity = loadIdentity(aDir)!;
  const client = createHubClient(identity);
  const store = storeAt(aDir, (db) => new StationOutbox(db, () => true));
  const queue = queueOf(aDir);
  try {
    store.freezes.freeze(serial, 'dropped at the market', desk);
    expect(outboxRows(aDir)).toBe(1);
    const dying: HubClient = { ...client, post: () => Promise.reject(new Error('the process dies here')) };
    await expect(
      new SyncEngine({ queue, client: dying, participants: [store.outbox!] }).push(),
    ).rejects.toThrow('the process dies here');
    // As if the process had died between the queue's commit and the outbox's: handed over again.
    store.db.prepare('UPDATE station_outbox SET handed_over_at = NULL').run();
    const engine = new SyncEngine({ queue, client, participants: [store.outbox!] });
    await engine.push();
    store.outbox!.settle(queue);
    await engine.push();
  } finally {
    queue.close();
    client.close();
    store.db.close();
  }
  await expectPushedOnce(aDir, serial);
}, 60_000);

it('a CLI killed while its push hangs loses nothing: the next sync pushes the freeze once', async () => {
  const serial = SERIALS[3]!;
  const { dir: cDir, link } = await stationBehindLink('c', 'Counter C');
  link.hold();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', RUNNER, '--data-dir', cDir, ...freezeArgs(serial, 'stolen at the fair', 'desk')],
    { cwd: ROOT, stdio: 'ignore' },
  );
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  try {
    // The freeze committed and its push is on the wire (held): kill the process there.
    await until('the freeze handed to the queue', () => queuedAbout(cDir, serial).length === 1, 60_000);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(await hubDevice(serial)).toBeUndefined();
    link.release();
    const killed = storeAt(cDir);
    expect(killed.registry.lookup(serial)?.status).toBe('frozen');
    killed.db.close();
    // The next sync — here `pos-station sync now` — sends it.
    // (Not spawnSync: the hub serves from this process and must keep answering.)
    const next = await run(['--data-dir', cDir, 'sync', 'now']);
    expect(next.stderr).toBe('');
    expect(next.code).toBe(0);
    expect(next.stdout).toContain('pushed 1 (accepted 1, refused 0)');
  } finally {
    child.kill('SIGKILL');
    await link.close();
  }
  await expectPushedOnce(cDir, serial);
}, 120_000);

it('the backfill pushes pre-enrolment freezes and runs once, and goes on after a restart mid-way', async () => {
  const [frozen, lifted, provisioned] = [SERIALS[4]!, SERIALS[5]!, SERIALS[6]!];
  const dDir = newStation('d');
  {
    const { db, freezes, evidence } = storeAt(dDir);
    freezes.freeze(frozen, 'reported stolen', desk);
    freezes.freeze(lifted, 'misplaced', desk);
    freezes.unfreeze(lifted, 'found on the shelf', lead);
    finishedRun(evidence, 'run0001', provisioned);
    db.close();
  }
  await enrolDir(dDir, 'Counter D');
  const client = createHubClient(loadIdentity(dDir)!);
  const round = async (hub: HubClient) => {
    const store = storeAt(dDir, (db) => new StationOutbox(db, () => true));
    const queue = queueOf(dDir);
    try {
      const backfill = new RunBackfill(stationBackfillSource(store.db, store.freezes, store.evidence));
      await new SyncEngine({ queue, client: hub, participants: [store.outbox!, backfill] }).push();
      return backfillProgress(queue);
    } finally {
      queue.close();
      store.db.close();
    }
  };
  try {
    // First sync after enrolment: planned and queued, then the hub cannot be reached — and the station stops.
    const unreachable: HubClient = {
      ...client,
      post: () => Promise.reject(new HubUnavailable('no route to the hub')),
    };
    await expect(round(unreachable)).rejects.toThrow('no route to the hub');
    const queue = queueOf(dDir);
    expect(backfillProgress(queue)).toEqual({ done: 0, total: 2 });
    queue.close();
    // Restarted: the same mutations go, answered once.
    expect(await round(client)).toEqual({ done: 2, total: 2 });
    // Pushed again (a later round, a repeated plan): nothing new reaches the hub.
    expect(await round(client)).toEqual({ done: 2, total: 2 });
  } finally {
    client.close();
  }
  expect(await hubDevice(frozen)).toEqual({ status: 'frozen', changed_by: 'desk' });
  expect(await appliedAtHub(frozen)).toBe(1);
  // A freeze lifted before enrolment is history here, not something the hub must stop.
  expect(await hubDevice(lifted)).toBeUndefined();
  expect(await historyAt(provisioned)).toEqual([{ kind: 'evidence', operator: 'store' }]);
  expect(queuedAbout(dDir, provisioned)).toEqual([
    { kind: 'device.evidence', state: 'accepted', code: null },
  ]);
}, 60_000);

it('with the hub out of reach the CLI freeze stands and waits in the queue: exit 0, said in words', async () => {
  const serial = SERIALS[1]!;
  const { dir: eDir, link } = await stationBehindLink('e', 'Counter E');
  try {
    link.down();
    const io = await cli(eDir, ...freezeArgs(serial, 'lost on the bus', 'desk'));
    expect(io.exitCode).toBeUndefined();
    expect(io.stderr).toBe('');
    expect(io.stdout).toContain('not yet at the hub');
    expect(io.stdout).toContain('pos-station sync now');
    expect(queuedAbout(eDir, serial)).toEqual([{ kind: 'device.freeze', state: 'pending', code: null }]);
    // Kept in the outbox until the hub answers: a state pulled meanwhile does not undo it.
    expect(outboxRows(eDir)).toBe(1);
  } finally {
    await link.close();
  }
}, 60_000);

it("a station killed right after a run's final commit loses nothing: the next sync pushes the run once", async () => {
  const serial = SERIALS[8]!;
  const fDir = newStation('f');
  await enrolDir(fDir, 'Counter F');
  const child = spawn(process.execPath, ['--import', 'tsx', DIES_AFTER_RUN, fDir, 'runF1', serial], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, sig) => resolve(sig)),
  );
  expect(stderr).toBe('');
  expect(signal).toBe('SIGKILL');
  // Committed with the run, never handed over: in the outbox, not in the queue, not at the hub.
  expect(outboxRows(fDir)).toBe(2);
  expect(queuedAbout(fDir, serial)).toEqual([]);
  expect(await historyAt(serial)).toEqual([]);

  // The next sync sends it. The backfill plans the same run (finished before its first push): same ids, queued once.
  const next = await run(['--data-dir', fDir, 'sync', 'now']);
  expect(next.stderr).toBe('');
  expect(next.code).toBe(0);
  expect(next.stdout).toContain('pushed 2 (accepted 2, refused 0)');
  const again = await run(['--data-dir', fDir, 'sync', 'now']);
  expect(again.code).toBe(0);
  expect(again.stdout).toContain('pushed 0 (accepted 0, refused 0)');

  expect(await historyAt(serial)).toEqual([
    { kind: 'evidence', operator: 'store' },
    { kind: 'shipment', operator: 'store' },
  ]);
  expect(queuedAbout(fDir, serial)).toEqual([
    { kind: 'device.evidence', state: 'accepted', code: null },
    { kind: 'device.shipment', state: 'accepted', code: null },
  ]);
  expect(outboxRows(fDir)).toBe(0);
  const queue = queueOf(fDir);
  try {
    expect(backfillProgress(queue)).toEqual({ done: 1, total: 1 });
  } finally {
    queue.close();
  }
}, 120_000);

/** The CLI's arguments for `devices revoke` at an enrolled station, in a hub operator's name. */
function revokeArgs(serial: string, reason: string, operator: string): string[] {
  return ['devices', 'revoke', serial, '--reason', reason, '--operator', operator];
}
function registryStatus(dir: string, serial: string): string | undefined {
  const { db, registry } = storeAt(dir);
  try {
    return registry.lookup(serial)?.status;
  } finally {
    db.close();
  }
}

it('`devices revoke` at an enrolled station needs --operator (exit 2) and goes to the hub as theirs', async () => {
  const serial = SERIALS[9]!;
  const missing = await cli(aDir, 'devices', 'revoke', serial, '--reason', 'key extracted');
  expect(missing.exitCode).toBe(DEVICES_EXIT.enrolled);
  expect(DEVICES_EXIT.enrolled).toBe(2);
  expect(missing.stderr).toContain('enrolled with a hub');
  expect(missing.stderr).toContain('--operator NAME');
  expect(registryStatus(aDir, serial)).toBe('genuine');
  expect(outboxRows(aDir)).toBe(0);

  const io = await cli(aDir, ...revokeArgs(serial, 'key extracted', 'boss'));
  expect(io.stderr).toBe('');
  expect(io.exitCode).toBeUndefined();
  expect(io.stdout).toContain(`${serial}: revoked`);
  expect(io.stdout).toContain('accepted at the hub');
  expect(await hubDevice(serial)).toEqual({ status: 'revoked', changed_by: 'boss' });
  expect(queuedAbout(aDir, serial)).toEqual([{ kind: 'device.revoke', state: 'accepted', code: null }]);
  expect(outboxRows(aDir)).toBe(0);
  // Recorded here as the hub operator's.
  const { db } = storeAt(aDir);
  try {
    const actor = db
      .prepare("SELECT actor FROM audit_log WHERE action = 'device.revoked' AND subject = ?")
      .pluck()
      .all(`device:${serial}`);
    expect(actor).toEqual(['boss']);
  } finally {
    db.close();
  }
  // Again: revoked is final and nothing new goes to the hub.
  const twice = await cli(aDir, ...revokeArgs(serial, 'key extracted', 'boss'));
  expect(twice.exitCode).toBeUndefined();
  expect(queuedAbout(aDir, serial)).toHaveLength(1);
  expect(await appliedAtHub(serial)).toBe(1);
}, 60_000);

it('a revocation the hub refuses exits 24 with its words; it stands here and waits in the attention list', async () => {
  const serial = SERIALS[10]!;
  // `desk` is support at the hub: only an admin may revoke there.
  const io = await cli(aDir, ...revokeArgs(serial, 'recalled by the maker', 'desk'));
  expect(io.exitCode).toBe(DEVICES_EXIT.hubRefused);
  expect(DEVICES_EXIT.hubRefused).toBe(24);
  expect(io.stderr).toContain('pos-station devices revoke: the hub refused it');
  expect(io.stderr).toContain('ROLE_FORBIDDEN');
  expect(io.stderr).toContain('中心拒绝');
  expect(queuedAbout(aDir, serial)).toEqual([
    { kind: 'device.revoke', state: 'refused', code: 'ROLE_FORBIDDEN' },
  ]);
  expect(await hubDevice(serial)).toBeUndefined();
  expect(registryStatus(aDir, serial)).toBe('revoked');
  expect(outboxRows(aDir)).toBe(0);
}, 60_000);

it('with the hub out of reach a revocation stands and goes at the next sync: exit 0, said in words', async () => {
  const serial = SERIALS[11]!;
  const { dir: gDir, link } = await stationBehindLink('g', 'Counter G');
  try {
    link.down();
    const io = await cli(gDir, ...revokeArgs(serial, 'destroyed in a fire', 'boss'));
    expect(io.exitCode).toBeUndefined();
    expect(io.stderr).toBe('');
    expect(io.stdout).toContain('not yet at the hub');
    expect(io.stdout).toContain('pos-station sync now');
    expect(registryStatus(gDir, serial)).toBe('revoked');
    expect(queuedAbout(gDir, serial)).toEqual([{ kind: 'device.revoke', state: 'pending', code: null }]);
    expect(outboxRows(gDir)).toBe(1);
    link.up();
    const next = await run(['--data-dir', gDir, 'sync', 'now']);
    expect(next.code).toBe(0);
    expect(next.stdout).toContain('pushed 1 (accepted 1, refused 0)');
  } finally {
    await link.close();
  }
  expect(await hubDevice(serial)).toEqual({ status: 'revoked', changed_by: 'boss' });
  expect(outboxRows(gDir)).toBe(0);
}, 60_000);
