/**
 * The KYC store of a running station under the hub (docs/sync.md §3 resubmission, §10.3 documents),
 * against a real hub on PostgreSQL, stations assembled by createStation exactly as the app does:
 * a case rejected elsewhere has its document files deleted where it was taken in (recorded and
 * audited), and fetched back when a reviewer there claims it; a rejected case corrected at the
 * counter reaches the hub as `application.resubmit` and re-enters the queue with its corrected
 * documents; a resubmission on a stale version is refused with words and waits in the attention list.
 * Across stations (each behind a link the test cuts): a rejection and its correction made offline
 * reach the hub in order; a decision taken at another station is followed by the store where the
 * case was taken in, never over a decision of its own still waiting or refused; a stale correction
 * retried goes on the hub's newer rejection, given up its unsent documents do not linger.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { buildIdNumber } from '../../../electron/services/kyc/checks/gb11643';
import { luhnCheckDigit } from '../../../electron/services/kyc/checks/luhn';
import type { SessionSlot } from '../../../electron/services/station/station';
import { counterEntry, scanned } from './counter-entry';
import type { TestDatabase, TestHub } from './harness';
import { ok, openStation, signIn, startTwoSites, syncUntil, type Site, type TwoSites } from './two-sites';

let sites: TwoSites;
let tdb: TestDatabase;
let t: TestHub;
let a: Site;
let b: Site;

interface DocRow {
  id: string;
  doc_key: string;
  file: string;
}
/** zhou takes a case in at A's counter; resolves once A has it back from the hub. */
async function takenInAtA(entry = counterEntry()) {
  const zhou = await signIn(a, 'zhou');
  const { applicationId } = await ok<{ applicationId: string }>(a, zhou, 'kyc.intakeAtCounter', entry);
  await syncUntil(a, () => a.station.sync.hubCase(applicationId) !== null);
  return { zhou, entry, applicationId };
}

/**
 * Another applicant on a clean entry's phone, taken in at A first: that entry, taken in after it,
 * is high risk (fraud.phone.duplicate), so its approval takes four eyes; returns the entry.
 */
async function phoneSharedAtA() {
  const entry = uniqueEntry();
  const other = uniqueEntry();
  await takenInAtA({ ...other, applicant: { ...other.applicant, phone: entry.applicant.phone } });
  return entry;
}

let entries = 100;
/** A clean entry no other case at A shares a phone, ID number, card or address with: low risk. */
function uniqueEntry() {
  const entry = counterEntry();
  const n = entries++;
  const card = `4367420000000${n}00`;
  return {
    ...entry,
    applicant: {
      ...entry.applicant,
      idNumber: buildIdNumber('110105', '1986-04-16', n),
      phone: `13911111${n}`,
      address: `北京市朝阳区建国路${n}号`,
    },
    settlementCard: { ...entry.settlementCard, number: card + luhnCheckDigit(card) },
  };
}

/** A high-risk case taken in at A (phoneSharedAtA): its id. */
async function highRiskAtA(): Promise<string> {
  return (await takenInAtA(await phoneSharedAtA())).applicationId;
}

/** A reviewer at A claims a case, accepts its documents and approves it. */
async function approveAtA(reviewer: SessionSlot, applicationId: string): Promise<void> {
  await ok(a, reviewer, 'kyc.claim', { applicationId });
  for (const d of currentDocs(a, applicationId))
    await ok(a, reviewer, 'kyc.decideDocument', { applicationId, documentId: d.id, decision: 'accepted' });
  await ok(a, reviewer, 'kyc.approve', { applicationId });
}

/** The risk A's checks assessed for a case. */
const riskAtA = (applicationId: string) =>
  a.station.db.prepare('SELECT risk FROM kyc_applications WHERE id = ?').pluck().get(applicationId);

/**
 * A case taken in at A, claimed by wang there and rejected with A's link down; meanwhile wang's
 * lease runs out at the hub (its clock, not ours). A's link stays down.
 */
async function rejectedOfflineAtA(entry = counterEntry()) {
  const { applicationId } = await takenInAtA(entry);
  const wang = await signIn(a, 'wang');
  await ok(a, wang, 'kyc.claim', { applicationId });
  a.link.down();
  await ok(a, wang, 'kyc.reject', { applicationId, reasonCodes: ['business_proof_insufficient'] });
  await t.db.query("UPDATE hub_cases SET lease_until = now() - interval '1 second' WHERE case_id = $1", [
    applicationId,
  ]);
  return { applicationId, wang };
}

/** A case taken in at A, claimed and rejected there by wang; resolves once the hub accepted the rejection. */
async function rejectedAtA() {
  const { entry, applicationId } = await takenInAtA();
  const wang = await signIn(a, 'wang');
  await ok(a, wang, 'kyc.claim', { applicationId });
  await ok(a, wang, 'kyc.reject', { applicationId, reasonCodes: ['business_proof_insufficient'] });
  const [rejection] = a.station.sync.caseWords(applicationId);
  expect(await a.station.sync.answer(rejection!.id)).toMatchObject({ state: 'accepted' });
  return { entry, applicationId, wang };
}

/** Runs `during` while another connection holds the case's row at the hub: its writes answer "retry". */
async function whileCaseRowHeld(caseId: string, during: () => Promise<void>): Promise<void> {
  const blocker = new pg.Client({ connectionString: tdb.url! });
  await blocker.connect();
  try {
    await blocker.query('BEGIN');
    await blocker.query('SELECT 1 FROM hub_cases WHERE case_id = $1 FOR UPDATE', [caseId]);
    await during();
  } finally {
    await blocker.query('ROLLBACK');
    await blocker.end();
  }
}

/** The store's next change of a case to `state` fails, as if the station stopped before writing it. */
const loseStoreWrite = (site: Site, state: string) =>
  site.station.db.exec(`CREATE TRIGGER lost_write BEFORE UPDATE OF state ON kyc_applications
    WHEN NEW.state = '${state}' BEGIN SELECT RAISE(ABORT, 'the station stopped'); END`);

/** The station closed and opened again on its data. */
async function restart(site: Site): Promise<void> {
  await site.station.close();
  site.station = await openStation(site.dataDir);
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

/** A step taken at another station followed by the store once, by the system, with these details. */
function expectFollowedOnce(records: { actor: string; details: string }[], details: Record<string, unknown>) {
  expect(records).toHaveLength(1);
  expect(records[0]!.actor).toBe('system');
  expect(JSON.parse(records[0]!.details)).toMatchObject(details);
}

/**
 * A step taken elsewhere whose write A's store lost (loseStoreWrite) is made at A's next start,
 * before any pull: the case `before` and nothing followed until then, `after` and followed once.
 */
async function expectLostStepMadeAtStart(
  applicationId: string,
  followed: () => { actor: string; details: string }[],
  states: { before: string; after: string },
  details: Record<string, unknown>,
): Promise<void> {
  expect(localState(a, applicationId)).toBe(states.before);
  expect(followed()).toEqual([]);

  a.station.db.exec('DROP TRIGGER lost_write');
  await restart(a);
  expect(localState(a, applicationId)).toBe(states.after);
  expectFollowedOnce(followed(), details);
}

/** A pull, a restart on the same data, another pull: a step once followed comes through unchanged. */
async function pullRestartPull(site: Site): Promise<void> {
  await site.station.sync.syncNow();
  await restart(site);
  await site.station.sync.syncNow();
}

/** How many rows of `table` A's store holds for a case. */
const rowsAtA = (table: string, applicationId: string) =>
  a.station.db.prepare(`SELECT count(*) FROM ${table} WHERE application_id = ?`).pluck().get(applicationId);

/** A reviewer at B claims and decides a case through the hub (B's store does not hold it: the mutations themselves). */
async function decideAtB(caseId: string, operator: string, outcome: 'approve' | 'reject'): Promise<void> {
  const claim = b.station.sync.enqueue({ kind: 'claim.take', operator, payload: { caseId } });
  const took = await b.station.sync.answer(claim.id);
  expect(took, `claim at B: ${took.code ?? ''} ${took.message ?? ''}`).toMatchObject({ state: 'accepted' });
  const decide = b.station.sync.enqueue({
    kind: 'review.decide',
    operator,
    basis: { token: (took.result as { token: number }).token },
    payload: outcome === 'reject' ? { caseId, outcome, reason: '经营证明不足' } : { caseId, outcome },
  });
  expect(await b.station.sync.answer(decide.id)).toMatchObject({ state: 'accepted' });
}

const rejectAtB = (caseId: string) => decideAtB(caseId, 'li', 'reject');

/**
 * The applicant corrects the case at B's counter (li), on the rejection of version `token` — the
 * hub's current one unless given; the hub accepts it.
 */
async function correctAtB(caseId: string, phone: string, token?: number): Promise<void> {
  const atB = b.station.sync.enqueue({
    kind: 'application.resubmit',
    operator: 'li',
    basis: { token: token ?? (await hubCaseRow(caseId)).fence_token },
    payload: { caseId, phone, slaDue: new Date(Date.now() + 86_400_000).toISOString() },
  });
  expect(await b.station.sync.answer(atB.id)).toMatchObject({ state: 'accepted' });
}

/** Four eyes at B: a reviewer's first approval, then a senior reviewer's. */
async function approveAtB(caseId: string): Promise<void> {
  await decideAtB(caseId, 'li', 'approve');
  await decideAtB(caseId, 'sun', 'approve');
}

const localState = (site: Site, caseId: string) =>
  site.station.db.prepare('SELECT state FROM kyc_applications WHERE id = ?').pluck().get(caseId) as string;
const waiting = (site: Site, caseId: string) =>
  site.station.sync.mutations().filter((m) => m.subject === caseId);
const hubCaseRow = async (caseId: string) =>
  (
    await t.db.query<{ status: string; fence_token: number; origin_station: string }>(
      'SELECT status, fence_token, origin_station FROM hub_cases WHERE case_id = $1',
      [caseId],
    )
  )[0]!;

/** The counter entry of `entry` corrected: its proof replaced by a new scan. */
function correctionOf(entry: ReturnType<typeof counterEntry>, caseId: string, words: string) {
  const proof = scanned('stall-certificate', 'proof', 'application/pdf', Buffer.from(`%PDF-1.4\n${words}`));
  return {
    proof,
    corrected: {
      ...entry,
      documents: entry.documents.map((d) => (d.id === 'stall-certificate' ? proof : d)),
      resubmits: caseId,
    },
  };
}

/** What B fetches of a case once a reviewer there claims it: the hub's current documents. */
async function documentsAtHubAsSeenByB(caseId: string): Promise<Map<string, string>> {
  const claim = b.station.sync.enqueue({ kind: 'claim.take', operator: 'li', payload: { caseId } });
  expect(await b.station.sync.answer(claim.id)).toMatchObject({ state: 'accepted' });
  // The four documents and the application record (review copies, docs/sync.md §10.3).
  await syncUntil(b, () => b.station.sync.documents!.read(caseId).length === 5);
  return new Map(b.station.sync.documents!.read(caseId).map((d) => [d.docId, d.bytes.toString('base64')]));
}

beforeAll(async () => {
  sites = await startTwoSites('Counter A', 'Counter B');
  ({ tdb, t, a, b } = sites);
}, 120_000);

// A test stopped half-way must not leave A's store failing writes under the next one.
afterEach(() => {
  for (const s of [a, b]) {
    s?.station.db.exec('DROP TRIGGER IF EXISTS lost_write');
    s?.link.up();
  }
});

afterAll(async () => {
  await sites?.dispose();
});

describe("the KYC store's documents follow the case", () => {
  it('decided elsewhere: the files leave the disk where it was taken in, recorded and audited; fetched back when a reviewer there claims it', async () => {
    const { zhou, entry, applicationId } = await takenInAtA();
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

    // The store followed the hub's rejection; the applicant corrects the address at this counter,
    // every document unchanged, and the case is back in the queue: a reviewer at A claims it and
    // the files come back from the hub.
    expect(localState(a, applicationId)).toBe('rejected');
    const address = { ...entry.applicant, address: '北京市朝阳区建国路8号' };
    await ok(a, zhou, 'kyc.intakeAtCounter', { ...entry, applicant: address, resubmits: applicationId });
    const again = a.station.sync.caseWords(applicationId).find((m) => m.kind === 'application.resubmit')!;
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

    const { proof, corrected } = correctionOf(entry, applicationId, 'stall, stamped');
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
    await syncUntil(b, () => b.station.sync.documents!.read(applicationId).length === 5);
    const atB = b.station.sync.documents!.read(applicationId).find((d) => d.docId === 'stall-certificate')!;
    expect(atB.bytes.toString('base64')).toBe(proof.base64);
    // The application record the correction replaced it with lists the corrected proof.
    const record = b.station.sync.documents!.read(applicationId).find((d) => d.docId === 'application.json')!;
    const listed = (
      JSON.parse(record.bytes.toString('utf8')) as { documents: { id: string; sha256: string }[] }
    ).documents;
    expect(listed.find((d) => d.id === 'stall-certificate')!.sha256).toBe(
      createHash('sha256').update(Buffer.from(proof.base64, 'base64')).digest('hex'),
    );
  }, 120_000);

  it('a resubmission on a stale version is refused with words in both languages and waits in the attention list', async () => {
    const { applicationId } = await takenInAtA();
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

describe('cases across stations', () => {
  it('rejected offline and corrected before the rejection reached the hub: the hub ends with the correction and its documents, nothing in attention', async () => {
    const zhou = await signIn(a, 'zhou');
    const wang = await signIn(a, 'wang');
    const attention = a.station.sync.status().attention;
    const entry = counterEntry();
    const { applicationId } = await ok<{ applicationId: string }>(a, zhou, 'kyc.intakeAtCounter', entry);
    await syncUntil(a, () => a.station.sync.hubCase(applicationId) !== null);
    await ok(a, wang, 'kyc.claim', { applicationId });
    const { fence_token: version } = await hubCaseRow(applicationId);

    a.link.down();
    await ok(a, wang, 'kyc.reject', { applicationId, reasonCodes: ['business_proof_insufficient'] });
    const { proof, corrected } = correctionOf(entry, applicationId, 'stall, stamped offline');
    expect(await ok(a, zhou, 'kyc.intakeAtCounter', corrected)).toMatchObject({ submission: 2 });
    // The pulled copy still shows the case open and claimed here: the station's own rejection is
    // what the correction answers, queued behind it on the version it was decided under.
    expect(a.station.sync.hubCase(applicationId)?.status).toBe('open');
    const queued = waiting(a, applicationId);
    expect(queued.map((m) => [m.kind, m.state])).toEqual([
      ['review.decide', 'pending'],
      ['application.resubmit', 'pending'],
    ]);
    expect(a.station.sync.mutation(queued[1]!.id)!.basis).toEqual({ token: version });

    a.link.up();
    await syncUntil(
      a,
      () =>
        waiting(a, applicationId).length === 0 && !a.station.sync.documents!.awaitingUpload(applicationId),
    );
    expect(await hubCaseRow(applicationId)).toMatchObject({
      status: 'open',
      fence_token: version,
      origin_station: a.station.sync.stationId,
    });
    expect(a.station.sync.status().attention).toBe(attention);
    expect(localState(a, applicationId)).toBe('resubmitted');
    // The hub holds the corrected proof beside the unchanged three.
    const atHub = await documentsAtHubAsSeenByB(applicationId);
    expect(atHub.get('stall-certificate')).toBe(proof.base64);
    expect(atHub.get('id-front')).toBe(entry.documents.find((d) => d.id === 'id-front')!.base64);
  }, 120_000);

  it('decided at another station: the store where it was taken in follows the hub, audited with reviewer and station, no code or SMS here; a write lost after the pulled page is made at the next start, once', async () => {
    const { applicationId } = await takenInAtA();
    // The store fails the write (the station dies between the pulled page's commit and the store's).
    loseStoreWrite(a, 'approved');
    // A offline meanwhile: one pull brings the approval (not the first approval between, followed alone).
    a.link.down();
    await approveAtB(applicationId);
    a.link.up();
    // Pulled up to the hub's last change of the case (its SMS delivered), so none comes again.
    const smsSent = () =>
      (a.station.sync.hubCase(applicationId) as { status: string; smsStatus: string | null } | null)
        ?.smsStatus === 'sent';
    await syncUntil(a, smsSent);
    expect(a.station.sync.hubCase(applicationId)?.status).toBe('approved');
    const followed = () => audited(a, 'kyc.case.decided_elsewhere', applicationId);
    // Made at start, before any pull (the page is behind the cursor and never comes again).
    await expectLostStepMadeAtStart(
      applicationId,
      followed,
      { before: 'submitted', after: 'approved' },
      { from: 'submitted', to: 'approved', reviewer: 'sun', station: 'Counter B' },
    );
    // The activation code and its SMS are the hub's: none made here.
    expect(rowsAtA('activation_codes', applicationId)).toBe(0);
    expect(rowsAtA('sms_outbox', applicationId)).toBe(0);

    // Repeated pulls and another start change nothing.
    await pullRestartPull(a);
    expect(followed()).toHaveLength(1);
    expect(localState(a, applicationId)).toBe('approved');
  }, 120_000);

  it('corrected at another station after a rejection: the store where it was taken in is back in the queue, audited with operator and station, its old documents not fetched back on claim; a write lost after the pulled page is made at the next start, once', async () => {
    // Rejected here, by a reviewer at A (the hub accepted it: A's own word, answered at that version).
    const { entry, applicationId, wang } = await rejectedAtA();
    await syncUntil(a, () => openDrops(a, applicationId).length === 4);
    expect(openDrops(a, applicationId)).toEqual(Array(4).fill('decided'));

    // The applicant corrects the case at B's counter; A dies between the pulled page and the store.
    loseStoreWrite(a, 'resubmitted');
    await correctAtB(applicationId, entry.applicant.phone, a.station.sync.hubCase(applicationId)!.token);
    await syncUntil(a, () => a.station.sync.hubCase(applicationId)?.status === 'open');
    const followed = () => audited(a, 'kyc.case.corrected_elsewhere', applicationId);
    await expectLostStepMadeAtStart(
      applicationId,
      followed,
      { before: 'rejected', after: 'resubmitted' },
      { from: 'rejected', to: 'resubmitted', operator: 'li', station: 'Counter B' },
    );
    // Nothing queued here: the correction is B's, at the hub already.
    expect(waiting(a, applicationId)).toEqual([]);

    // Repeated pulls and another start change nothing.
    await pullRestartPull(a);
    expect(followed()).toHaveLength(1);
    expect(localState(a, applicationId)).toBe('resubmitted');

    // A reviewer at A claims the corrected case: the store holds only the submission it saw, so
    // nothing of it is fetched back as if it were the version under review.
    await ok(a, wang, 'kyc.claim', { applicationId });
    await syncUntil(
      a,
      () => a.station.sync.hubCase(applicationId)?.holderStation === a.station.sync.stationId,
    );
    expect(openDrops(a, applicationId)).toEqual(Array(4).fill('decided'));
    expect(audited(a, 'kyc.documents.restored', applicationId)).toEqual([]);
    // Opening one says where the version under review is.
    const [first] = currentDocs(a, applicationId);
    expect(
      await a.station.invoke('kyc.document', { applicationId, documentId: first!.id }, wang, 'host'),
    ).toMatchObject({
      ok: false,
      error: { reason: 'kyc.document.corrected_elsewhere', params: { station: 'Counter B' } },
    });
    // Released, it goes back to the queue as it was claimed: resubmitted (its submission here is still 1).
    expect(await ok(a, wang, 'kyc.release', { applicationId })).toEqual({ state: 'resubmitted' });
    expect(localState(a, applicationId)).toBe('resubmitted');
    await a.station.sync.syncNow();
    expect(localState(a, applicationId)).toBe('resubmitted');
    expect(followed()).toHaveLength(1);
  }, 120_000);

  it('corrected at another station before this store saw the rejection, or after this station asked for information: followed from `submitted` and from `info_requested`, once each', async () => {
    const never = await takenInAtA();
    const wang = await signIn(a, 'wang');
    const asked = await takenInAtA();
    await ok(a, wang, 'kyc.claim', { applicationId: asked.applicationId });
    await ok(a, wang, 'kyc.requestInfo', {
      applicationId: asked.applicationId,
      reasonCodes: ['photo_unclear'],
    });
    expect(localState(a, asked.applicationId)).toBe('info_requested');
    // (The claim given back reaches the hub before A goes offline.)
    await syncUntil(a, () => a.station.sync.hubCase(asked.applicationId)?.holder === null);

    // While A is offline, B rejects both and the applicants correct them at B's counter.
    a.link.down();
    for (const { applicationId, entry } of [never, asked]) {
      await rejectAtB(applicationId);
      await correctAtB(applicationId, entry.applicant.phone);
    }
    expect(localState(a, never.applicationId)).toBe('submitted');
    a.link.up();
    await syncUntil(a, () =>
      [never, asked].every(({ applicationId }) => localState(a, applicationId) === 'resubmitted'),
    );
    const details = (caseId: string) =>
      audited(a, 'kyc.case.corrected_elsewhere', caseId).map((r) => JSON.parse(r.details));
    expect(details(never.applicationId)).toEqual([
      expect.objectContaining({ from: 'submitted', to: 'resubmitted', operator: 'li', station: 'Counter B' }),
    ]);
    expect(details(asked.applicationId)).toEqual([
      expect.objectContaining({ from: 'info_requested', to: 'resubmitted', station: 'Counter B' }),
    ]);
    // The rejection was never this store's: no decision followed, nothing queued here.
    expect(audited(a, 'kyc.case.decided_elsewhere', never.applicationId)).toEqual([]);
    expect(waiting(a, never.applicationId)).toEqual([]);

    // Claimed here and asked for information again: the hub still shows B's correction, which is
    // not followed a second time; a restart changes nothing.
    await ok(a, wang, 'kyc.claim', { applicationId: never.applicationId });
    await ok(a, wang, 'kyc.requestInfo', {
      applicationId: never.applicationId,
      reasonCodes: ['photo_unclear'],
    });
    await pullRestartPull(a);
    expect(localState(a, never.applicationId)).toBe('info_requested');
    expect(details(never.applicationId)).toHaveLength(1);
    expect(details(asked.applicationId)).toHaveLength(1);
  }, 120_000);

  it("a correction elsewhere does not overwrite this station's own decision refused by the hub; given up, the case follows the correction", async () => {
    const { applicationId, wang } = await rejectedOfflineAtA();
    // Meanwhile B rejects the case and the applicant corrects it at B's counter.
    await rejectAtB(applicationId);
    await correctAtB(applicationId, '13900000008');
    a.link.up();

    await syncUntil(a, () => waiting(a, applicationId)[0]?.state === 'refused');
    await syncUntil(a, () => a.station.sync.hubCase(applicationId)?.resubmittedBy === 'li');
    await a.station.sync.syncNow();
    expect(localState(a, applicationId)).toBe('rejected');
    expect(audited(a, 'kyc.case.corrected_elsewhere', applicationId)).toEqual([]);

    await ok(a, wang, 'sync.discard', { id: waiting(a, applicationId)[0]!.id });
    expect(localState(a, applicationId)).toBe('resubmitted');
    expect(
      audited(a, 'kyc.case.corrected_elsewhere', applicationId).map((r) => JSON.parse(r.details)),
    ).toEqual([expect.objectContaining({ from: 'rejected', to: 'resubmitted', station: 'Counter B' })]);
    await restart(a);
    expect(audited(a, 'kyc.case.corrected_elsewhere', applicationId)).toHaveLength(1);
  }, 120_000);

  it('rejected here, then corrected and first-approved at another station while this one was offline: both steps followed in one pull, each audited once', async () => {
    const { entry, applicationId } = await rejectedAtA();
    const rejectedAt = (await hubCaseRow(applicationId)).fence_token;

    a.link.down();
    await correctAtB(applicationId, entry.applicant.phone, rejectedAt);
    await decideAtB(applicationId, 'li', 'approve');
    a.link.up();

    await syncUntil(a, () => localState(a, applicationId) === 'awaiting_second_approval');
    const details = (action: string) => audited(a, action, applicationId).map((r) => JSON.parse(r.details));
    expect(details('kyc.case.corrected_elsewhere')).toEqual([
      expect.objectContaining({ from: 'rejected', to: 'resubmitted', operator: 'li', station: 'Counter B' }),
    ]);
    expect(details('kyc.case.first_approved_elsewhere')).toEqual([
      expect.objectContaining({ from: 'resubmitted', to: 'awaiting_second_approval', reviewer: 'li' }),
    ]);
    await a.station.sync.syncNow();
    expect(audited(a, 'kyc.case.corrected_elsewhere', applicationId)).toHaveLength(1);
  }, 120_000);

  it('four-eyes by the risk the counter assessed: a low-risk case approved here by one reviewer is approved at the hub, its SMS sent there; a high-risk one waits for a second there too', async () => {
    const { applicationId } = await takenInAtA(uniqueEntry());
    expect(riskAtA(applicationId)).toBe('low');
    expect(a.station.sync.hubCase(applicationId)).toMatchObject({ secondApproval: false });
    const wang = await signIn(a, 'wang');
    await approveAtA(wang, applicationId);
    expect(localState(a, applicationId)).toBe('approved');
    await syncUntil(a, () => a.station.sync.hubCase(applicationId)?.status === 'approved');
    const sms = await t.db.query('SELECT 1 FROM hub_outbox WHERE case_id = $1', [applicationId]);
    expect(sms).toHaveLength(1);

    const risky = await highRiskAtA();
    expect(riskAtA(risky)).toBe('high');
    expect(a.station.sync.hubCase(risky)).toMatchObject({ secondApproval: true });
    await approveAtA(wang, risky);
    expect(localState(a, risky)).toBe('awaiting_second_approval');
    await syncUntil(a, () => a.station.sync.hubCase(risky)?.status === 'awaiting_second');
  }, 120_000);

  it('first approval at another station: the store awaits the second approval, audited with reviewer and station, nothing decided or sent here; then the final approval is followed; repeated pulls and restarts change nothing', async () => {
    const applicationId = await highRiskAtA();
    await decideAtB(applicationId, 'li', 'approve');
    await syncUntil(a, () => localState(a, applicationId) === 'awaiting_second_approval');
    const followed = () => audited(a, 'kyc.case.first_approved_elsewhere', applicationId);
    expectFollowedOnce(followed(), {
      from: 'submitted',
      to: 'awaiting_second_approval',
      reviewer: 'li',
      station: 'Counter B',
    });
    expect(
      ['kyc_decisions', 'activation_codes', 'sms_outbox'].map((table) => rowsAtA(table, applicationId)),
    ).toEqual([0, 0, 0]);
    expect(waiting(a, applicationId)).toEqual([]);

    await pullRestartPull(a);
    expect(followed()).toHaveLength(1);

    await decideAtB(applicationId, 'sun', 'approve');
    await syncUntil(a, () => localState(a, applicationId) === 'approved');
    expect(audited(a, 'kyc.case.decided_elsewhere', applicationId).map((r) => JSON.parse(r.details))).toEqual(
      [expect.objectContaining({ from: 'awaiting_second_approval', to: 'approved', reviewer: 'sun' })],
    );
    expect(followed()).toHaveLength(1);
  }, 120_000);

  it("a first approval elsewhere does not overwrite this station's own decision still waiting for the hub; refused and given up, the case follows the hub", async () => {
    const { applicationId, wang } = await rejectedOfflineAtA(await phoneSharedAtA());
    // Meanwhile a reviewer at B gave the first approval.
    await decideAtB(applicationId, 'li', 'approve');

    // A's decision reaches the hub late (the case row is busy: "retry") while the pull brings B's step.
    await whileCaseRowHeld(applicationId, async () => {
      a.link.up();
      await syncUntil(a, () => a.station.sync.hubCase(applicationId)?.status === 'awaiting_second');
      expect(waiting(a, applicationId).map((m) => [m.kind, m.state])).toEqual([['review.decide', 'pending']]);
      expect(localState(a, applicationId)).toBe('rejected');
    });
    await syncUntil(a, () => waiting(a, applicationId)[0]?.state === 'refused');
    await a.station.sync.syncNow();
    expect(localState(a, applicationId)).toBe('rejected');
    expect(audited(a, 'kyc.case.first_approved_elsewhere', applicationId)).toEqual([]);

    await ok(a, wang, 'sync.discard', { id: waiting(a, applicationId)[0]!.id });
    expect(localState(a, applicationId)).toBe('awaiting_second_approval');
    expect(
      audited(a, 'kyc.case.first_approved_elsewhere', applicationId).map((r) => JSON.parse(r.details)),
    ).toEqual([expect.objectContaining({ from: 'rejected', reviewer: 'li', station: 'Counter B' })]);
  }, 120_000);

  it("a decision taken here and still waiting for the hub is not overwritten by the hub's state; refused, it stays with the notice; given up, the case follows the hub", async () => {
    const { applicationId, wang } = await rejectedOfflineAtA();
    // Meanwhile B decided the case.
    await approveAtB(applicationId);

    // A's decision reaches the hub late: the case row is busy, the hub answers "retry" — while
    // the pull brings B's approval.
    await whileCaseRowHeld(applicationId, async () => {
      a.link.up();
      await syncUntil(a, () => a.station.sync.hubCase(applicationId)?.status === 'approved');
      expect(waiting(a, applicationId).map((m) => [m.kind, m.state])).toEqual([['review.decide', 'pending']]);
      expect(localState(a, applicationId)).toBe('rejected');
      expect(audited(a, 'kyc.case.decided_elsewhere', applicationId)).toEqual([]);
    });

    await syncUntil(a, () => waiting(a, applicationId)[0]?.state === 'refused');
    const [refused] = waiting(a, applicationId);
    expect(refused).toMatchObject({ kind: 'review.decide', code: 'CASE_CLOSED' });
    await a.station.sync.syncNow();
    expect(localState(a, applicationId)).toBe('rejected');
    expect(await ok(a, wang, 'sync.case', { applicationId })).toMatchObject({
      status: 'approved',
      refusedDecision: { code: 'CASE_CLOSED' },
    });

    await ok(a, wang, 'sync.discard', { id: refused!.id });
    expect(localState(a, applicationId)).toBe('approved');
    expect(audited(a, 'kyc.case.decided_elsewhere', applicationId).map((r) => JSON.parse(r.details))).toEqual(
      [expect.objectContaining({ from: 'rejected', to: 'approved', reviewer: 'sun', station: 'Counter B' })],
    );
  }, 120_000);

  it('a correction refused as stale: retried once the hub rejected the case again, it goes on that rejection with its documents', async () => {
    const zhou = await signIn(a, 'zhou');
    const entry = counterEntry();
    const { applicationId } = await ok<{ applicationId: string }>(a, zhou, 'kyc.intakeAtCounter', entry);
    const refusedCorrection = await correctedAfterBCorrected(zhou, entry, applicationId);
    expect(a.station.sync.documents!.awaitingUpload(applicationId)).toBe(true);

    // B's correction is reviewed and rejected again; A's author reads the case as it is now and retries.
    await rejectAtB(applicationId);
    const again = (await hubCaseRow(applicationId)).fence_token;
    await syncUntil(a, () => {
      const atHub = a.station.sync.hubCase(applicationId);
      return atHub?.status === 'rejected' && atHub.token === again;
    });
    // (The rejection is B's, but A's refused correction is its word on the case: it stays resubmitted.)
    expect(localState(a, applicationId)).toBe('resubmitted');
    const { id } = await ok<{ id: string }>(a, zhou, 'sync.retry', { id: refusedCorrection.id });
    expect(a.station.sync.mutation(id)!.basis).toEqual({ token: again });
    expect(await a.station.sync.answer(id)).toMatchObject({ state: 'accepted' });
    await syncUntil(a, () => !a.station.sync.documents!.awaitingUpload(applicationId));
    expect(await hubCaseRow(applicationId)).toMatchObject({
      status: 'open',
      origin_station: a.station.sync.stationId,
    });
    expect(waiting(a, applicationId)).toEqual([]);
  }, 120_000);

  it('a correction refused as stale and given up: its unsent documents leave the upload and the store drops its copies, recorded', async () => {
    const zhou = await signIn(a, 'zhou');
    const entry = counterEntry();
    const { applicationId } = await ok<{ applicationId: string }>(a, zhou, 'kyc.intakeAtCounter', entry);
    const refusedCorrection = await correctedAfterBCorrected(zhou, entry, applicationId);
    const dropsBefore = openDrops(a, applicationId).length;

    await ok(a, zhou, 'sync.discard', { id: refusedCorrection.id });
    expect(a.station.sync.documents!.awaitingUpload(applicationId)).toBe(false);
    expect(a.station.sync.documents!.heldCases()).not.toContain(applicationId);
    // The corrected proof, never at the hub, leaves the packs too (the hub's case is B's correction).
    await syncUntil(a, () => openDrops(a, applicationId).length > dropsBefore);
    expect(openDrops(a, applicationId).slice(dropsBefore)).toEqual(['left']);
    expect(waiting(a, applicationId)).toEqual([]);
    await a.station.sync.syncNow();
    expect(a.station.sync.documents!.awaitingUpload(applicationId)).toBe(false);
  }, 120_000);
});

/**
 * Rejected at B and pulled at A; then, while A is offline, corrected at B first and at A's counter
 * second: A's correction is of an older truth, refused RESUBMISSION_STALE, its new proof unsent.
 */
async function correctedAfterBCorrected(
  zhou: SessionSlot,
  entry: ReturnType<typeof counterEntry>,
  applicationId: string,
) {
  await syncUntil(a, () => a.station.sync.hubCase(applicationId) !== null);
  await rejectAtB(applicationId);
  await syncUntil(a, () => localState(a, applicationId) === 'rejected');
  const seen = a.station.sync.hubCase(applicationId)!.token;
  a.link.down();
  await correctAtB(applicationId, entry.applicant.phone, seen);
  await ok(a, zhou, 'kyc.intakeAtCounter', correctionOf(entry, applicationId, 'corrected at A').corrected);
  a.link.up();
  await syncUntil(a, () => waiting(a, applicationId)[0]?.state === 'refused');
  const [refused] = waiting(a, applicationId);
  expect(refused).toMatchObject({ kind: 'application.resubmit', code: 'RESUBMISSION_STALE' });
  await syncUntil(a, () => a.station.sync.hubCase(applicationId)?.originStation === b.station.sync.stationId);
  return refused!;
}
