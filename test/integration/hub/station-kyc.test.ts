/**
 * The KYC store of a running station under the hub (docs/sync.md §3 resubmission, §10.3 documents),
 * against a real hub on PostgreSQL, stations assembled by createStation exactly as the app does:
 * a case rejected elsewhere has its document files deleted where it was taken in (recorded and
 * audited), and fetched back when a reviewer there claims it; a rejected case corrected at the
 * counter reaches the hub as `application.resubmit` and re-enters the queue with its corrected
 * documents; a resubmission on a stale version is refused with words and waits in the attention list.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../../electron/services/station/logger';
import { createStation, type SessionSlot, type Station } from '../../../electron/services/station/station';
import { enrol } from '../../../electron/services/sync/identity';
import { identityStore } from '../../../electron/services/sync/identity-store';
import { createEnrolmentCode, upsertOperator } from '../../../server/admin';
import { counterEntry, scanned } from './counter-entry';
import {
  createTestDatabase,
  FAST_SCRYPT,
  setHubPassword,
  startTestHub,
  type TestDatabase,
  type TestHub,
} from './harness';

interface Site {
  readonly station: Station;
  readonly dataDir: string;
}

let tdb: TestDatabase;
let t: TestHub;
let a: Site;
let b: Site;

async function openSite(name: string): Promise<Site> {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-kyc-'));
  await identityStore(dataDir).save(await enrol(t.hub.url, await createEnrolmentCode(t.db, t.pki, name)));
  const station = await createStation({
    dataDir,
    demo: false,
    shell: 'browser',
    version: 'test',
    log: silentLogger,
    scrypt: FAST_SCRYPT,
  });
  return { station, dataDir };
}

async function ok<T>(site: Site, slot: SessionSlot, name: string, input: unknown): Promise<T> {
  const envelope = await site.station.invoke(name, input, slot, 'host');
  if (!envelope.ok) throw new Error(`${name}: ${envelope.error.reason ?? ''} ${envelope.error.message}`);
  return envelope.value as T;
}

async function signIn(site: Site, username: string): Promise<SessionSlot> {
  const slot: SessionSlot = { token: null };
  await ok(site, slot, 'session.signIn', { username, password: `${username}-secret-pass` });
  return slot;
}

/** Rounds until `done` holds: a change reaches a pull once no older transaction on the server is open. */
async function syncUntil(site: Site, done: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 20_000; !done() && Date.now() < deadline;)
    await site.station.sync.syncNow();
  expect(done()).toBe(true);
}

interface DocRow {
  id: string;
  doc_key: string;
  file: string;
}
const currentDocs = (site: Site, caseId: string) =>
  site.station.db
    .prepare(
      'SELECT id, doc_key, file FROM kyc_documents WHERE application_id = ? AND superseded_in IS NULL ORDER BY doc_key',
    )
    .all(caseId) as DocRow[];
const openDrops = (site: Site, caseId: string) =>
  site.station.db
    .prepare(
      'SELECT reason FROM kyc_document_drops WHERE application_id = ? AND restored_at IS NULL ORDER BY seq',
    )
    .pluck()
    .all(caseId) as string[];
const audited = (site: Site, action: string, caseId: string) =>
  site.station.db
    .prepare('SELECT actor, details FROM audit_log WHERE action = ? AND subject LIKE ? ORDER BY seq')
    .all(action, `%${caseId}%`) as { actor: string; details: string }[];

/** B claims and rejects a case through the hub (B's store does not hold it: the mutations themselves). */
async function rejectAtB(caseId: string): Promise<void> {
  const claim = b.station.sync.enqueue({ kind: 'claim.take', operator: 'li', payload: { caseId } });
  const took = await b.station.sync.answer(claim.id);
  expect(took).toMatchObject({ state: 'accepted' });
  const decide = b.station.sync.enqueue({
    kind: 'review.decide',
    operator: 'li',
    basis: { token: (took.result as { token: number }).token },
    payload: { caseId, outcome: 'reject', reason: '经营证明不足' },
  });
  expect(await b.station.sync.answer(decide.id)).toMatchObject({ state: 'accepted' });
}

beforeAll(async () => {
  tdb = await createTestDatabase('postgres');
  t = await startTestHub(tdb.db);
  for (const [name, role] of [
    ['zhou', 'reviewer'],
    ['wang', 'reviewer'],
    ['li', 'reviewer'],
  ] as const) {
    await upsertOperator(t.db, name, `Operator ${name}`, role);
    await setHubPassword(t.db, name, `${name}-secret-pass`);
  }
  a = await openSite('Counter A');
  b = await openSite('Counter B');
  await a.station.sync.syncNow();
  await b.station.sync.syncNow();
}, 120_000);

afterAll(async () => {
  for (const s of [a, b]) {
    await s?.station.close();
    if (s) rmSync(s.dataDir, { recursive: true, force: true });
  }
  await t?.dispose();
  await tdb?.dispose();
});

describe("the KYC store's documents follow the case", () => {
  it('decided elsewhere: the files leave the disk where it was taken in, recorded and audited; fetched back when a reviewer there claims it', async () => {
    const zhou = await signIn(a, 'zhou');
    const entry = counterEntry();
    const { applicationId } = await ok<{ applicationId: string }>(a, zhou, 'kyc.intakeAtCounter', entry);
    await syncUntil(a, () => a.station.sync.hubCase(applicationId) !== null);
    const packs = [...new Set(currentDocs(a, applicationId).map((d) => d.file))];
    expect(packs.every((f) => existsSync(join(a.dataDir, f)))).toBe(true);

    await rejectAtB(applicationId);
    await syncUntil(a, () => openDrops(a, applicationId).length > 0);
    expect(openDrops(a, applicationId)).toEqual(Array(4).fill('decided'));
    expect(packs.some((f) => existsSync(join(a.dataDir, f)))).toBe(false);
    expect(audited(a, 'kyc.documents.dropped', applicationId)).toMatchObject([{ actor: 'system' }]);
    // The reviewer reads why, in words, instead of a broken file.
    const wang = await signIn(a, 'wang');
    const [first] = currentDocs(a, applicationId);
    const viewed = await a.station.invoke(
      'kyc.document',
      { applicationId, documentId: first!.id },
      wang,
      'host',
    );
    expect(viewed).toMatchObject({ ok: false, error: { reason: 'kyc.document.dropped' } });

    // Corrected elsewhere and back in the queue (here the mutation itself; the counter's own
    // correction is the next test): a reviewer at A claims it and the files come back from the hub.
    const version = (a.station.sync.hubCase(applicationId) as { token: number }).token;
    const again = a.station.sync.enqueue({
      kind: 'application.resubmit',
      operator: 'zhou',
      basis: { token: version },
      payload: {
        caseId: applicationId,
        phone: entry.applicant.phone,
        slaDue: new Date(Date.now() + 86_400_000).toISOString(),
      },
    });
    expect(await a.station.sync.answer(again.id)).toMatchObject({ state: 'accepted' });
    await ok(a, wang, 'kyc.claim', { applicationId });
    expect(openDrops(a, applicationId)).toEqual([]);
    for (const d of currentDocs(a, applicationId)) {
      const got = await ok<{ base64: string }>(a, wang, 'kyc.document', { applicationId, documentId: d.id });
      expect(got.base64).toBe(entry.documents.find((e) => e.id === d.doc_key)!.base64);
    }
    expect(audited(a, 'kyc.documents.restored', applicationId)).toMatchObject([{ actor: 'wang' }]);
    await ok(a, wang, 'kyc.release', { applicationId });
  }, 120_000);

  it('rejected here, corrected at the counter: resubmitted to the hub, back in the queue with the corrected document; the rest fetched back on claim', async () => {
    const zhou = await signIn(a, 'zhou');
    const wang = await signIn(a, 'wang');
    const entry = counterEntry();
    const { applicationId } = await ok<{ applicationId: string }>(a, zhou, 'kyc.intakeAtCounter', entry);
    await ok(a, wang, 'kyc.claim', { applicationId });
    await ok(a, wang, 'kyc.reject', { applicationId, reasonCodes: ['business_proof_insufficient'] });
    await syncUntil(a, () => openDrops(a, applicationId).length === 4);
    const [rejected] = await t.db.query<{ status: string; fence_token: number }>(
      'SELECT status, fence_token FROM hub_cases WHERE case_id = $1',
      [applicationId],
    );
    expect(rejected!.status).toBe('rejected');

    const proof = scanned(
      'stall-certificate',
      'proof',
      'application/pdf',
      Buffer.from('%PDF-1.4\nstall, stamped'),
    );
    const corrected = {
      ...entry,
      documents: entry.documents.map((d) => (d.id === 'stall-certificate' ? proof : d)),
      resubmits: applicationId,
    };
    expect(await ok(a, zhou, 'kyc.intakeAtCounter', corrected)).toMatchObject({
      applicationId,
      submission: 2,
    });
    const queued = a.station.sync
      .mutations()
      .find((m) => m.kind === 'application.resubmit' && m.subject === applicationId);
    expect(queued).toBeDefined();
    // (A round already running when it was queued may have pushed before it: wait for its answer.)
    expect(await a.station.sync.answer(queued!.id)).toMatchObject({ state: 'accepted' });
    const [reopened] = await t.db.query<{ status: string; fence_token: number; origin_station: string }>(
      'SELECT status, fence_token, origin_station FROM hub_cases WHERE case_id = $1',
      [applicationId],
    );
    expect(reopened).toMatchObject({ status: 'open', fence_token: rejected!.fence_token });
    expect(reopened!.origin_station).toBe(a.station.sync.stationId);

    // Claimed here again: the corrected proof was never dropped, the unchanged three come back; only
    // the proof it replaced (history, not reviewed again) stays dropped.
    await ok(a, wang, 'kyc.claim', { applicationId });
    expect(openDrops(a, applicationId)).toEqual(['decided']);
    const replaced = a.station.db
      .prepare(
        'SELECT d.superseded_in FROM kyc_document_drops x JOIN kyc_documents d ON d.id = x.document_id WHERE x.application_id = ? AND x.restored_at IS NULL',
      )
      .pluck()
      .get(applicationId);
    expect(replaced).toBe(2);
    for (const d of currentDocs(a, applicationId)) {
      const got = await ok<{ base64: string }>(a, wang, 'kyc.document', { applicationId, documentId: d.id });
      expect(got.base64).toBe(corrected.documents.find((e) => e.id === d.doc_key)!.base64);
    }
    // The hub holds the corrected proof (B, claiming, would review that one).
    await ok(a, wang, 'kyc.release', { applicationId });
    await syncUntil(a, () => a.station.sync.status().pending === 0);
    const claim = b.station.sync.enqueue({
      kind: 'claim.take',
      operator: 'li',
      payload: { caseId: applicationId },
    });
    expect(await b.station.sync.answer(claim.id)).toMatchObject({ state: 'accepted' });
    await syncUntil(b, () => b.station.sync.documents!.read(applicationId).length === 4);
    const atB = b.station.sync.documents!.read(applicationId).find((d) => d.docId === 'stall-certificate')!;
    expect(atB.bytes.toString('base64')).toBe(proof.base64);
  }, 120_000);

  it('a resubmission on a stale version is refused with words in both languages and waits in the attention list', async () => {
    const zhou = await signIn(a, 'zhou');
    const { applicationId } = await ok<{ applicationId: string }>(
      a,
      zhou,
      'kyc.intakeAtCounter',
      counterEntry(),
    );
    await a.station.sync.syncNow();
    await rejectAtB(applicationId);
    await syncUntil(a, () => a.station.sync.hubCase(applicationId)?.status === 'rejected');
    const seen = a.station.sync.hubCase(applicationId)!.token;
    const payload = {
      caseId: applicationId,
      phone: '13900000007',
      slaDue: new Date(Date.now() + 86_400_000).toISOString(),
    };
    // Corrected at B first (from the same rejection), then at A: A's correction is of an older truth.
    const atB = b.station.sync.enqueue({
      kind: 'application.resubmit',
      operator: 'li',
      basis: { token: seen },
      payload,
    });
    expect(await b.station.sync.answer(atB.id)).toMatchObject({ state: 'accepted' });
    const atA = a.station.sync.enqueue({
      kind: 'application.resubmit',
      operator: 'zhou',
      basis: { token: seen },
      payload,
    });
    const answer = await a.station.sync.answer(atA.id);
    expect(answer).toMatchObject({ state: 'refused', code: 'RESUBMISSION_STALE' });
    const listed = a.station.sync.mutations().find((m) => m.id === atA.id);
    expect(listed).toMatchObject({ state: 'refused', code: 'RESUBMISSION_STALE' });
    expect(listed!.message).toContain('open the case as it is now');
    expect(listed!.messageZh).toContain('并非已驳回');
    expect(a.station.sync.status().attention).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
