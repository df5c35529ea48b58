/**
 * What a station does with the hub's authority (docs/sync.md §1), against a real hub on PostgreSQL:
 * sign-in against the hub with a bounded offline verifier (clock moved), a disabled operator
 * refused everywhere at the next sync, the station's own audit chain pushed from its store, case
 * documents held only by the station that may hold them, and provisioning asking the hub fresh
 * before binding (a freeze made at station A stops binding at station B within 2 s).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeviceError } from '../../../native/client/device-error';
import { runPipeline } from '../../../electron/services/devices/pipeline/pipeline';
import { AuditPusher, auditSourceOf } from '../../../electron/services/sync/audit-push';
import { CaseDocuments } from '../../../electron/services/sync/case-documents';
import { SyncEngine } from '../../../electron/services/sync/engine';
import { HubUnavailable, type HubClient } from '../../../electron/services/sync/hub-client';
import { OperatorSignIn, SignInRefused } from '../../../electron/services/sync/operator-signin';
import { createOfflineLockout } from '../../../electron/services/accounts/offline-lockout';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import { openDatabase } from '../../../electron/store/database';
import { runMutations } from '../../../electron/services/sync/provisioning-push';
import { hubRegistryCheck } from '../../../electron/services/sync/registry-check';
import { createVault } from '../../../electron/services/vault/vault';
import { disableOperator, setOperatorPassword } from '../../../server/admin';
import { verifyHubAudit } from '../../../server/audit-verify';
import { labUnit, makeLab, type Lab } from '../../unit/devices-pipeline/fixtures';
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
let b: TestStation;

beforeAll(async () => {
  fresh = await startHubOnFreshDatabase('postgres', {
    operators: [
      ['kiosk', 'warehouse'],
      ['wang', 'reviewer', 'wang-secret-1'],
      ['li', 'reviewer', 'li-secret-12'],
      ['sun', 'support'],
      ['zhao', 'support_lead'],
    ],
  });
  t = fresh.t;
  [a, b] = await t.stations('Counter A', 'Counter B');
}, 60_000);
afterAll(() => fresh?.dispose());

/** The station's real client, with a switch that makes the hub unreachable. */
function switchable(real: HubClient): HubClient & { down: boolean } {
  const c = {
    down: false,
    get: <T>(path: string) =>
      c.down ? Promise.reject(new HubUnavailable('hub unreachable: test')) : real.get<T>(path),
    post: <T>(path: string, body: unknown) =>
      c.down ? Promise.reject(new HubUnavailable('hub unreachable: test')) : real.post<T>(path, body),
    events: real.events.bind(real),
    close: () => undefined,
  };
  return c;
}

const DAY = 86_400_000;

/** Like pushOne, through a given engine (one with participants), so they see the round's changes. */
async function pushVia(
  engine: SyncEngine,
  s: TestStation,
  m: Parameters<TestStation['queue']['enqueue']>[0],
) {
  const queued = s.queue.enqueue(m);
  await engine.syncNow();
  return s.queue.get(queued.id)!;
}
const FAST_SCRYPT = { logN: 10, r: 8, p: 1 };

/** The offline lockout a station keeps in its store (an in-memory one here, with its audit chain). */
function offlineLockout() {
  const db = openDatabase({ file: ':memory:' });
  return createOfflineLockout(db, createAuditLog(db, { now: Date.now }));
}

describe('operator sign-in', () => {
  it('online the hub decides; offline the cached verifier works within its bound and not after', async () => {
    let now = Date.now();
    const client = switchable(b.client);
    const signIn = new OperatorSignIn({
      lockout: offlineLockout(),
      queue: b.queue,
      client,
      now: () => now,
      scrypt: FAST_SCRYPT,
    });
    expect(await signIn.signIn('wang', 'wang-secret-1')).toMatchObject({
      role: 'reviewer',
      checkedBy: 'hub',
    });
    const cached = b.queue.sqlite
      .prepare("SELECT verifier FROM sync_operators WHERE username = 'wang'")
      .get() as {
      verifier: string;
    };
    expect(cached.verifier).toMatch(/^\$scrypt\$/);
    expect(cached.verifier).not.toContain('wang-secret-1');

    client.down = true;
    now += 6 * DAY;
    expect(await signIn.signIn('wang', 'wang-secret-1')).toMatchObject({
      role: 'reviewer',
      checkedBy: 'offline',
    });
    await expect(signIn.signIn('wang', 'wrong-password')).rejects.toMatchObject({ code: 'SIGNIN_FAILED' });
    await expect(signIn.signIn('li', 'li-secret-12')).rejects.toMatchObject({
      code: 'OFFLINE_SIGNIN_UNKNOWN',
    });
    now += 1 * DAY + 60_000; // seven days and a minute since the online sign-in
    const late = await signIn.signIn('wang', 'wang-secret-1').catch((e: unknown) => e);
    expect(late).toBeInstanceOf(SignInRefused);
    expect(late).toMatchObject({ code: 'OFFLINE_SIGNIN_EXPIRED' });
    expect((late as SignInRefused).messageZh).toMatch(/联网/);
    // A clock set back before the last online sign-in does not stretch the bound either.
    now -= 30 * DAY;
    await expect(signIn.signIn('wang', 'wang-secret-1')).rejects.toMatchObject({
      code: 'OFFLINE_SIGNIN_EXPIRED',
    });

    // Back online, a fresh online sign-in restarts the bound.
    client.down = false;
    now = Date.now();
    expect(await signIn.signIn('wang', 'wang-secret-1')).toMatchObject({ checkedBy: 'hub' });
    client.down = true;
    expect(await signIn.signIn('wang', 'wang-secret-1')).toMatchObject({ checkedBy: 'offline' });
  });

  it("a lockout at the hub is final at the station, in the hub's words: no offline sign-in instead", async () => {
    await t.operator('zhou', 'reviewer');
    await setOperatorPassword(t.db, 'zhou', 'zhou-secret-1');
    const signIn = new OperatorSignIn({
      lockout: offlineLockout(),
      queue: a.queue,
      client: a.client,
      scrypt: FAST_SCRYPT,
    });
    await signIn.signIn('zhou', 'zhou-secret-1');
    for (let i = 0; i < 4; i++)
      await expect(signIn.signIn('zhou', 'guess')).rejects.toMatchObject({ code: 'SIGNIN_FAILED' });
    await expect(signIn.signIn('zhou', 'guess')).rejects.toMatchObject({ code: 'SIGNIN_LOCKED' });
    const refused = await signIn.signIn('zhou', 'zhou-secret-1').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SignInRefused);
    expect(refused).toMatchObject({ code: 'SIGNIN_LOCKED' });
    expect((refused as SignInRefused).messageZh).toMatch(/已锁定至北京时间/);
    expect(Date.parse((refused as SignInRefused).lockedUntil!)).toBeGreaterThan(Date.now());
    // Not the offline verifier instead: it is gone, as after any refusal by the hub.
    expect(
      a.queue.sqlite.prepare("SELECT count(*) FROM sync_operators WHERE username = 'zhou'").pluck().get(),
    ).toBe(0);
  });

  it('the bound is configurable', async () => {
    let now = Date.now();
    const client = switchable(a.client);
    const signIn = new OperatorSignIn({
      lockout: offlineLockout(),
      queue: a.queue,
      client,
      now: () => now,
      offlineForMs: 3_600_000,
      scrypt: FAST_SCRYPT,
    });
    await signIn.signIn('li', 'li-secret-12');
    client.down = true;
    now += 3_500_000;
    expect(await signIn.signIn('li', 'li-secret-12')).toMatchObject({ checkedBy: 'offline' });
    now += 200_000;
    await expect(signIn.signIn('li', 'li-secret-12')).rejects.toMatchObject({
      code: 'OFFLINE_SIGNIN_EXPIRED',
    });
    expect(
      () => new OperatorSignIn({ lockout: offlineLockout(), queue: a.queue, client, offlineForMs: 0 }),
    ).toThrow(/offlineForMs/);
  });

  it('an operator disabled at the hub is refused everywhere at the next sync', async () => {
    const client = switchable(b.client);
    const signIn = new OperatorSignIn({
      lockout: offlineLockout(),
      queue: b.queue,
      client,
      scrypt: FAST_SCRYPT,
    });
    await signIn.signIn('li', 'li-secret-12');
    client.down = true;
    expect(await signIn.signIn('li', 'li-secret-12')).toMatchObject({ checkedBy: 'offline' });

    await disableOperator(t.db, 'li');
    // Online: the hub says so at once.
    client.down = false;
    await expect(signIn.signIn('li', 'li-secret-12')).rejects.toMatchObject({ code: 'OPERATOR_DISABLED' });
    // A station that had the verifier loses it at its next sync, so offline refuses too.
    const other = new OperatorSignIn({
      lockout: offlineLockout(),
      queue: a.queue,
      client: switchable(a.client),
      scrypt: FAST_SCRYPT,
    });
    expect(other.cached().map((c) => c.username)).toContain('li');
    await a.engine.syncNow();
    expect(other.cached().map((c) => c.username)).not.toContain('li');
    const offlineA = new OperatorSignIn({
      lockout: offlineLockout(),
      queue: a.queue,
      client: Object.assign(switchable(a.client), { down: true }),
      scrypt: FAST_SCRYPT,
    });
    await expect(offlineA.signIn('li', 'li-secret-12')).rejects.toMatchObject({
      code: 'OFFLINE_SIGNIN_UNKNOWN',
    });
    // And whatever they queued offline is refused by the hub's roles check.
    const m = await pushOne(a, { kind: 'claim.next', operator: 'li', payload: {} });
    expect(m).toMatchObject({ state: 'refused', code: 'OPERATOR_DISABLED' });
  });
});

describe("the station's audit chain", () => {
  it('is pushed from the station store each round, and a record changed at the hub is named', async () => {
    const lab = await makeLab(1);
    const pusher = new AuditPusher(auditSourceOf(lab.db));
    const engine = new SyncEngine({
      queue: a.queue,
      client: a.client,
      participants: [pusher],
      random: () => 0.5,
    });
    for (const subject of ['operator:kiosk', 'operator:wang', 'device:SN-1'])
      lab.db.transaction(() => lab.audit.append({ actor: 'admin', action: 'test.recorded', subject }))();
    const count = (lab.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    expect(count).toBeGreaterThanOrEqual(3);
    await engine.syncNow();
    expect(pusher).toMatchObject({ problem: null, pushedSeq: count });
    lab.db.transaction(() => lab.audit.append({ actor: 'kiosk', action: 'test.more', subject: null }))();
    await engine.syncNow();
    expect(pusher.pushedSeq).toBe(count + 1);

    await t.db.query("UPDATE hub_station_audit SET actor = 'mallory' WHERE station_id = $1 AND seq = 2", [
      a.identity.stationId,
    ]);
    const verdict = (await verifyHubAudit(t.db)).find(
      (v) => v.kind === 'station' && v.chain === a.identity.stationId,
    );
    expect(verdict).toMatchObject({ station: 'Counter A', broken: { seq: 2, problem: 'edited' } });
  }, 60_000);
});

describe('case documents (PII minimisation)', () => {
  it('fetched on claim, dropped when the claim or the case leaves the station, kept where it was taken in until decided', async () => {
    const vaultOf = (seed: number) =>
      createVault({ description: 'test', loadKey: () => Buffer.alloc(32, seed) });
    const docsA = new CaseDocuments(a.queue, a.identity.stationId, vaultOf(1));
    const docsB = new CaseDocuments(b.queue, b.identity.stationId, vaultOf(2));
    const engineA = new SyncEngine({
      queue: a.queue,
      client: a.client,
      participants: [docsA],
      random: () => 0.5,
    });
    const engineB = new SyncEngine({
      queue: b.queue,
      client: b.client,
      participants: [docsB],
      random: () => 0.5,
    });
    const scan = Buffer.from('scan of ID 110101199003077777');

    a.queue.enqueue({
      kind: 'application.submit',
      operator: 'kiosk',
      payload: { caseId: 'PII-1', phone: '13800138000', slaDue: inDays(1) },
    });
    docsA.takeIn('PII-1', [{ docId: 'id-front', kind: 'id_card', bytes: scan }]);
    await engineA.syncNow();
    await engineB.syncNow();
    expect(docsA.heldCases()).toEqual(['PII-1']);
    expect(docsB.heldCases()).toEqual([]);
    const atHub = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM hub_documents WHERE case_id = 'PII-1'",
    );
    expect(atHub[0]!.n).toBe(1);

    // A reviewer at B claims it: B fetches the documents; A took it in and keeps them while undecided.
    const claim = await pushVia(engineB, b, {
      kind: 'claim.take',
      operator: 'wang',
      payload: { caseId: 'PII-1' },
    });
    expect(docsB.read('PII-1')).toEqual([{ docId: 'id-front', kind: 'id_card', bytes: scan }]);
    await engineA.syncNow();
    expect(docsA.heldCases()).toEqual(['PII-1']);

    // Released: B held it only by its claim and drops its copy; A still has its own.
    await pushVia(engineB, b, {
      kind: 'claim.release',
      operator: 'wang',
      basis: { token: (claim.result as { token: number }).token },
      payload: { caseId: 'PII-1' },
    });
    expect(docsB.heldCases()).toEqual([]);
    await engineA.syncNow();
    expect(docsA.read('PII-1')[0]!.bytes.equals(scan)).toBe(true);

    // Decided (here: by a reviewer at B again): no station holds them any more.
    const again = await pushVia(engineB, b, {
      kind: 'claim.take',
      operator: 'wang',
      payload: { caseId: 'PII-1' },
    });
    await pushVia(engineB, b, {
      kind: 'review.decide',
      operator: 'wang',
      basis: { token: (again.result as { token: number }).token },
      payload: { caseId: 'PII-1', outcome: 'reject', reason: 'ID expired' },
    });
    await engineB.syncNow();
    await engineA.syncNow();
    expect(docsA.heldCases()).toEqual([]);
    expect(docsB.heldCases()).toEqual([]);
  }, 60_000);

  it('documents taken in offline are kept until the hub has them', async () => {
    const docs = new CaseDocuments(
      a.queue,
      a.identity.stationId,
      createVault({ description: 't', loadKey: () => Buffer.alloc(32, 3) }),
    );
    const client = switchable(a.client);
    const engine = new SyncEngine({ queue: a.queue, client, participants: [docs], random: () => 0.5 });
    a.queue.enqueue({
      kind: 'application.submit',
      operator: 'kiosk',
      payload: { caseId: 'PII-2', phone: '13800138000', slaDue: inDays(1) },
    });
    docs.takeIn('PII-2', [{ docId: 'card', kind: 'debit_card', bytes: Buffer.from('card') }]);
    client.down = true;
    await expect(engine.syncNow()).rejects.toBeInstanceOf(HubUnavailable);
    expect(docs.heldCases()).toContain('PII-2');
    client.down = false;
    await engine.syncNow();
    const atHub = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM hub_documents WHERE case_id = 'PII-2'",
    );
    expect(atHub[0]!.n).toBe(1);
    expect(docs.heldCases()).toContain('PII-2');
  }, 60_000);
});

describe('an upload racing a correction', () => {
  it('a document corrected while its upload is on the way stays unsent, is never dropped, and goes up next', async () => {
    const docs = new CaseDocuments(
      a.queue,
      a.identity.stationId,
      createVault({ description: 't', loadKey: () => Buffer.alloc(32, 4) }),
    );
    const first = Buffer.from('proof, first scan');
    const corrected = Buffer.from('proof, rescanned');
    let raced = false;
    // The counter corrects the document while the round's upload of the first scan is in flight.
    const racing: HubClient = {
      ...a.client,
      get: a.client.get.bind(a.client),
      events: a.client.events.bind(a.client),
      post: <T>(path: string, body: unknown) => {
        if (path.endsWith('/documents') && !raced) {
          raced = true;
          docs.takeIn('PII-3', [{ docId: 'proof', kind: 'proof', bytes: corrected }]);
        }
        return a.client.post<T>(path, body);
      },
    };
    const engine = new SyncEngine({
      queue: a.queue,
      client: racing,
      participants: [docs],
      random: () => 0.5,
    });
    a.queue.enqueue({
      kind: 'application.submit',
      operator: 'kiosk',
      payload: { caseId: 'PII-3', phone: '13800138000', slaDue: inDays(1) },
    });
    docs.takeIn('PII-3', [{ docId: 'proof', kind: 'proof', bytes: first }]);
    await engine.syncNow();
    expect(raced).toBe(true);
    // The first scan reached the hub; the correction did not, and is still waiting: the only copy.
    expect(docs.awaitingUpload('PII-3')).toBe(true);
    const sealedAtHub = async () =>
      Buffer.from(
        (
          await t.db.query<{ sealed: Uint8Array }>(
            "SELECT sealed FROM hub_documents WHERE case_id = 'PII-3' AND doc_id = 'proof'",
          )
        )[0]!.sealed,
      );
    const local = () =>
      a.queue.sqlite
        .prepare("SELECT sealed FROM sync_documents WHERE case_id = 'PII-3'")
        .pluck()
        .get() as Buffer;
    expect((await sealedAtHub()).equals(local())).toBe(false);
    await engine.syncNow();
    expect(docs.awaitingUpload('PII-3')).toBe(false);
    expect((await sealedAtHub()).equals(local())).toBe(true);
    expect(docs.read('PII-3')[0]!.bytes.equals(corrected)).toBe(true);
  }, 60_000);
});

describe('provisioning asks the hub before binding', () => {
  let lab: Lab;
  let factory: Uint8Array;
  const PORT = { name: 'mem0', usbLocation: null };
  const noReacquire = {
    reacquire: () => Promise.reject(new DeviceError('LINK_LOST', 'test: not coming back')),
  };
  const request = (applicationId: string) => ({
    operator: 'kiosk',
    firmware: null,
    applicationId,
    questionnaireAnswered: true,
    accountClass: 'I' as const,
  });

  beforeAll(async () => {
    lab = await makeLab(4);
    factory = lab.image({ version: '1.0.0', securityCounter: 1 });
    writeFileSync(join(lab.resourcesDir, 'firmware', 'factory.img'), factory);
  }, 60_000);

  it('a freeze made at station A refuses binding at station B within 2 s, online, even with a stale local copy', async () => {
    const serial = lab.identities[0]!.serial;
    // B's local copy says active (pulled after an unfreeze); the hub is then told of a freeze at A.
    await pushOne(a, { kind: 'device.freeze', operator: 'sun', payload: { serial, reason: 'first' } });
    // A second person lifts it (the hub refuses the one who froze it).
    await pushOne(a, { kind: 'device.unfreeze', operator: 'zhao', payload: { serial } });
    await b.engine.syncNow();
    expect(b.queue.mirror('device', serial)).toMatchObject({ status: 'active' });

    await pushOne(a, {
      kind: 'device.freeze',
      operator: 'sun',
      payload: { serial, reason: 'lost by courier' },
    });
    const frozenAt = Date.now();
    const unit = labUnit(lab, lab.identities[0]!, factory);
    const outcome = await runPipeline(
      unit.plug(),
      PORT,
      request('APP-OK-901'),
      { ...lab.deps(), hubRegistry: hubRegistryCheck(b.client, b.queue) },
      noReacquire,
    );
    const refusedAfter = Date.now() - frozenAt;
    expect(outcome).toMatchObject({ status: 'refused', failure: { step: 'bind', code: 'hub_frozen' } });
    expect(outcome.failure!.en).toContain('lost by courier; asked: hub');
    expect(unit.store.loadState().binding).toBeNull();
    expect(refusedAfter).toBeLessThan(2_000);
    await unit.unplug();
  }, 60_000);

  it('offline the local copy decides; the freeze applies at the next sync', async () => {
    const serial = lab.identities[1]!.serial;
    const client = switchable(b.client);
    const check = hubRegistryCheck(client, b.queue);
    client.down = true;
    await pushOne(a, { kind: 'device.freeze', operator: 'sun', payload: { serial, reason: 'stolen' } });
    expect(await check.beforeBinding(serial)).toEqual({
      status: 'unknown',
      reason: null,
      source: 'local copy',
    });
    client.down = false;
    await b.engine.syncNow();
    client.down = true;
    expect(await check.beforeBinding(serial)).toEqual({
      status: 'frozen',
      reason: 'stolen',
      source: 'local copy',
    });
  });

  it('a unit scrapped at station A is refused at binding at B, named as scrap (hub_scrapped)', async () => {
    const serial = lab.identities[3]!.serial;
    const scrap = await pushOne(a, {
      kind: 'device.scrap',
      operator: 'sun',
      payload: { serial, reason: 'board cracked' },
    });
    expect(scrap).toMatchObject({ state: 'accepted' });
    const unit = labUnit(lab, lab.identities[3]!, factory);
    const outcome = await runPipeline(
      unit.plug(),
      PORT,
      request('APP-OK-903'),
      { ...lab.deps(), hubRegistry: hubRegistryCheck(b.client, b.queue) },
      noReacquire,
    );
    expect(outcome).toMatchObject({ status: 'refused', failure: { step: 'bind', code: 'hub_scrapped' } });
    expect(outcome.failure!.zh).toContain('报废');
    expect(outcome.failure!.en).toContain('board cracked; asked: hub');
    const refused = lab.evidence.evidence(outcome.runId).find((e) => e.step === 'bind');
    expect(refused!.data).toMatchObject({ code: 'hub_scrapped', scrapped: true, source: 'hub' });
    expect(unit.store.loadState().binding).toBeNull();
    await unit.unplug();
  }, 60_000);

  it('a unit provisioned at B shows its whole history at A', async () => {
    const unit = labUnit(lab, lab.identities[2]!, factory);
    const outcome = await runPipeline(
      unit.plug(),
      PORT,
      request('APP-OK-902'),
      { ...lab.deps(), hubRegistry: hubRegistryCheck(b.client, b.queue) },
      noReacquire,
    );
    expect(outcome.status).toBe('succeeded');
    const bindEvidence = lab.evidence.evidence(outcome.runId).find((e) => e.step === 'bind');
    expect(bindEvidence!.data).toMatchObject({ hubCheck: { status: 'unknown', source: 'hub' } });
    for (const m of runMutations(lab.evidence, outcome.runId)) b.queue.enqueue(m);
    await b.engine.syncNow();
    const seen = await a.client.get<{
      history: { kind: string; stationName: string; record: Record<string, unknown> }[];
    }>(`/v1/devices/${lab.identities[2]!.serial}/history`);
    expect(seen.history.map((h) => [h.kind, h.stationName])).toEqual([
      ['evidence', 'Counter B'],
      ['shipment', 'Counter B'],
    ]);
    expect(seen.history[0]!.record).toMatchObject({ runId: outcome.runId, status: 'succeeded' });
    expect(seen.history[1]!.record).toMatchObject({ applicationId: 'APP-OK-902' });
    await unit.unplug();
  }, 60_000);
});
