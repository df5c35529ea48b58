/**
 * Review copies (docs/sync.md §10.3, "Review copies"): a reviewer at station B, whose KYC store
 * never took a case in, claims the next case of the hub's queue; B fetches the case's documents and
 * its application record from the hub and stores a review copy in one transaction, so the review
 * screen, checks and decisions work as for its own cases. Against a real hub on PostgreSQL, with
 * stations assembled by createStation exactly as the app does. Unkind: the hub's record absent or
 * not an application, the hub failing mid-fetch, the store failing between the copy and the local
 * claim (then a restart), the case claimed at the station that took it in and decided there.
 */
import type { SessionSlot } from '../../../electron/services/station/station';
import { counterEntry, scanned } from './counter-entry';
import type { TestHub } from './harness';
import {
  invoke,
  ok,
  openStation,
  signIn,
  startTwoSites,
  syncUntil,
  type Site,
  type TwoSites,
} from './two-sites';

let sites: TwoSites;
let t: TestHub;
let a: Site;
let b: Site;

/**
 * zhou takes a case in at A's counter; resolves once the hub holds it with its documents. Every
 * other case still open at the hub is closed there first, so the hub's claim-next gives this one.
 */
async function takenInAtA(entry = counterEntry()) {
  await t.db.query("UPDATE hub_cases SET status = 'rejected' WHERE status IN ('open', 'awaiting_second')");
  const zhou = await signIn(a, 'zhou');
  const { applicationId } = await ok<{ applicationId: string }>(a, zhou, 'kyc.intakeAtCounter', entry);
  await syncUntil(
    a,
    () =>
      a.station.sync.hubCase(applicationId) !== null &&
      !a.station.sync.documents!.awaitingUpload(applicationId),
  );
  return { entry, applicationId };
}

interface CopyRow {
  state: string;
  submission: number;
  origin_station: string | null;
  redacted_at: string | null;
  sealed: number;
  name_masked: string;
}
const copyAt = (site: Site, caseId: string) =>
  site.station.db
    .prepare(
      `SELECT state, submission, origin_station, redacted_at, length(sealed_application) AS sealed, name_masked
         FROM kyc_applications WHERE id = ?`,
    )
    .get(caseId) as CopyRow | undefined;
const identityKeys = (site: Site, caseId: string) =>
  site.station.db
    .prepare('SELECT count(*) FROM kyc_identity_keys WHERE application_id = ?')
    .pluck()
    .get(caseId);
const openDrops = (site: Site, caseId: string) =>
  site.station.db
    .prepare('SELECT reason FROM kyc_document_drops WHERE application_id = ? AND restored_at IS NULL')
    .pluck()
    .all(caseId) as string[];
const audited = (site: Site, action: string, caseId: string) =>
  site.station.db
    .prepare('SELECT actor, details FROM audit_log WHERE action = ? AND subject LIKE ? ORDER BY seq')
    .all(action, `%${caseId}%`) as { actor: string; details: string }[];
const hubCaseRow = async (caseId: string) =>
  (
    await t.db.query<{ status: string; holder: string | null; holder_station: string | null }>(
      'SELECT status, holder, holder_station FROM hub_cases WHERE case_id = $1',
      [caseId],
    )
  )[0]!;
const currentDocs = (site: Site, caseId: string) =>
  site.station.db
    .prepare('SELECT id, doc_key FROM kyc_documents WHERE application_id = ? AND superseded_in IS NULL')
    .all(caseId) as { id: string; doc_key: string }[];

/** B's reviewer reads every current document: the bytes A took in. */
async function documentsReadAtB(
  slot: SessionSlot,
  caseId: string,
  entry: { documents: readonly { id: string; base64: string }[] },
) {
  const docs = currentDocs(b, caseId);
  expect(docs.map((d) => d.doc_key).sort()).toEqual(entry.documents.map((d) => d.id).sort());
  for (const d of docs) {
    const got = await ok<{ base64: string }>(b, slot, 'kyc.document', {
      applicationId: caseId,
      documentId: d.id,
    });
    expect(got.base64).toBe(entry.documents.find((e) => e.id === d.doc_key)!.base64);
  }
}

/** The hub releases a claim once B's queued release reaches it. */
async function releasedAtHub(caseId: string): Promise<void> {
  await syncUntil(b, () => b.station.sync.status().pending === 0);
  expect(await hubCaseRow(caseId)).toMatchObject({ status: 'open', holder: null });
}

beforeAll(async () => {
  sites = await startTwoSites('Counter A', 'Home desk B');
  ({ t, a, b } = sites);
}, 120_000);

afterAll(async () => {
  await sites?.dispose();
});

describe('a reviewer at a station that did not take the case in', () => {
  it('claims next from the hub with an empty store: reviews the applicant and documents and rejects; the copy is redacted, A follows; the correction taken in at A comes to B as its second submission', async () => {
    const { entry, applicationId } = await takenInAtA();
    expect(copyAt(b, applicationId)).toBeUndefined();
    const li = await signIn(b, 'li');
    const { claimed } = await ok<{ claimed: { applicationId: string; state: string } | null }>(
      b,
      li,
      'kyc.claimNext',
      {},
    );
    expect(claimed).toMatchObject({ applicationId, state: 'in_review' });
    expect(copyAt(b, applicationId)).toMatchObject({
      submission: 1,
      origin_station: a.station.sync.stationId,
      redacted_at: null,
      name_masked: copyAt(a, applicationId)!.name_masked,
    });
    // The review screen's case: masks, validity dates from the record, findings of B's own checks.
    const view = await ok<{
      applicant: { nameMasked: string; idValidTo: string };
      findings: unknown[];
      documents: unknown[];
    }>(b, li, 'kyc.case', { applicationId });
    expect(view.applicant).toMatchObject({ nameMasked: '张*三', idValidTo: entry.applicant.idValidTo });
    expect(view.documents).toHaveLength(4);
    await documentsReadAtB(li, applicationId, entry);
    expect(audited(b, 'kyc.application.submitted', applicationId)).toHaveLength(1);
    expect(JSON.parse(audited(b, 'kyc.application.submitted', applicationId)[0]!.details)).toMatchObject({
      reviewCopyOf: a.station.sync.stationId,
    });

    // Rejected at B, through the hub with B's token.
    await ok(b, li, 'kyc.reject', { applicationId, reasonCodes: ['business_proof_insufficient'] });
    await syncUntil(b, () => b.station.sync.hubCase(applicationId)?.status === 'rejected');
    // The case left B (decided): documents dropped, record redacted; masks, state and decision stay.
    await syncUntil(b, () => copyAt(b, applicationId)?.redacted_at !== null);
    expect(copyAt(b, applicationId)).toMatchObject({ sealed: 0, state: 'rejected', name_masked: '张*三' });
    expect(identityKeys(b, applicationId)).toBe(0);
    expect(openDrops(b, applicationId)).toEqual(Array(4).fill('decided'));
    expect(
      b.station.db
        .prepare('SELECT count(*) FROM kyc_decisions WHERE application_id = ?')
        .pluck()
        .get(applicationId),
    ).toBe(1);
    expect(await invoke(b, li, 'kyc.case', { applicationId })).toMatchObject({
      ok: false,
      error: { reason: 'kyc.review_copy.redacted' },
    });
    // A, where it was taken in, follows the hub's rejection and takes the applicant's correction.
    await syncUntil(a, () => copyAt(a, applicationId)?.state === 'rejected');
    const zhou = await signIn(a, 'zhou');
    const proof = scanned('stall-certificate', 'proof', 'application/pdf', Buffer.from('%PDF-1.4\nstamped'));
    const corrected = {
      ...entry,
      documents: entry.documents.map((d) => (d.id === 'stall-certificate' ? proof : d)),
      resubmits: applicationId,
    };
    await ok(a, zhou, 'kyc.intakeAtCounter', corrected);
    await syncUntil(
      a,
      () =>
        a.station.sync.hubCase(applicationId)?.status === 'open' &&
        !a.station.sync.documents!.awaitingUpload(applicationId),
    );

    // B's reviewer claims next again: the copy takes the correction as its second submission.
    const again = await ok<{ claimed: { applicationId: string } | null }>(b, li, 'kyc.claimNext', {});
    expect(again.claimed).toMatchObject({ applicationId });
    expect(copyAt(b, applicationId)).toMatchObject({ submission: 2, redacted_at: null, state: 'in_review' });
    await documentsReadAtB(li, applicationId, corrected);
    await ok(b, li, 'kyc.release', { applicationId });
  }, 180_000);

  it('an absent or unusable application record at the hub: refused naming the case, nothing stored, the claim given back', async () => {
    const { applicationId } = await takenInAtA();
    const li = await signIn(b, 'li');
    // Absent: the hub holds the documents but not the record.
    await t.db.query("DELETE FROM hub_documents WHERE case_id = $1 AND doc_id = 'application.json'", [
      applicationId,
    ]);
    const absent = await invoke(b, li, 'kyc.claimNext', {});
    expect(absent).toMatchObject({ ok: false, error: { reason: 'kyc.review_copy.unusable' } });
    expect(JSON.stringify(absent)).toContain(applicationId);
    expect(copyAt(b, applicationId)).toBeUndefined();
    await releasedAtHub(applicationId);

    // Not an application: A's station uploads a record the contract's schema refuses.
    a.station.sync.documents!.takeIn(applicationId, [
      {
        docId: 'application.json',
        kind: 'application',
        bytes: Buffer.from(JSON.stringify({ applicationId })),
      },
    ]);
    await syncUntil(a, () => !a.station.sync.documents!.awaitingUpload(applicationId));
    const unusable = await invoke(b, li, 'kyc.claimNext', {});
    expect(unusable).toMatchObject({ ok: false, error: { reason: 'kyc.review_copy.unusable' } });
    expect(copyAt(b, applicationId)).toBeUndefined();
    expect(currentDocs(b, applicationId)).toEqual([]);
    await releasedAtHub(applicationId);
  }, 120_000);

  it('the hub failing mid-fetch: the claim is given back, no store row; claimed again once it answers', async () => {
    const { entry, applicationId } = await takenInAtA();
    const li = await signIn(b, 'li');
    // The grant goes through; the documents' request then fails at the hub (HTTP 500: unavailable).
    await t.db.query('ALTER TABLE hub_documents RENAME TO hub_documents_away');
    let refused;
    try {
      refused = await invoke(b, li, 'kyc.claimNext', {});
    } finally {
      await t.db.query('ALTER TABLE hub_documents_away RENAME TO hub_documents');
    }
    expect(refused).toMatchObject({ ok: false, error: { reason: 'kyc.review_copy.offline' } });
    expect(copyAt(b, applicationId)).toBeUndefined();
    await releasedAtHub(applicationId);

    const { claimed } = await ok<{ claimed: { applicationId: string } | null }>(b, li, 'kyc.claimNext', {});
    expect(claimed).toMatchObject({ applicationId });
    await documentsReadAtB(li, applicationId, entry);
    await ok(b, li, 'kyc.release', { applicationId });
  }, 120_000);

  it('claimed at the station that took it in and decided there: the copy at B drops its documents and its record', async () => {
    const { applicationId } = await takenInAtA();
    const li = await signIn(b, 'li');
    await ok(b, li, 'kyc.claimNext', {});
    expect(copyAt(b, applicationId)?.sealed).toBeGreaterThan(0);
    await ok(b, li, 'kyc.release', { applicationId });
    await syncUntil(b, () => b.station.sync.status().pending === 0);

    const wang = await signIn(a, 'wang');
    await ok(a, wang, 'kyc.claim', { applicationId });
    await syncUntil(b, () => copyAt(b, applicationId)?.redacted_at !== null);
    expect(copyAt(b, applicationId)!.sealed).toBe(0);
    expect(identityKeys(b, applicationId)).toBe(0);
    expect(openDrops(b, applicationId).length).toBe(4);
    const redacted = audited(b, 'kyc.review_copy.redacted', applicationId);
    expect(redacted).toHaveLength(1);
    expect(JSON.parse(redacted[0]!.details)).toMatchObject({ originStation: a.station.sync.stationId });
    // B's copy of the case under custody of the hub: none of its document bytes in B's sync file either.
    await syncUntil(b, () => b.station.sync.documents!.read(applicationId).length === 0);

    await ok(a, wang, 'kyc.reject', { applicationId, reasonCodes: ['business_proof_insufficient'] });
    await syncUntil(b, () => copyAt(b, applicationId)?.state === 'rejected');
    // Redacted once: following the decision does not write the record again.
    expect(audited(b, 'kyc.review_copy.redacted', applicationId)).toHaveLength(1);
    expect(copyAt(b, applicationId)!.sealed).toBe(0);
  }, 120_000);

  it('the store failing between the copy and the local claim, then a restart: settled, one copy, reviewable', async () => {
    const { entry, applicationId } = await takenInAtA();
    const li = await signIn(b, 'li');
    b.station.db.exec(`CREATE TRIGGER lost_claim BEFORE UPDATE OF state ON kyc_applications
      WHEN NEW.state = 'in_review' BEGIN SELECT RAISE(ABORT, 'the station stopped'); END`);
    const failed = await invoke(b, li, 'kyc.claimNext', {});
    expect(failed.ok).toBe(false);
    b.station.db.exec('DROP TRIGGER lost_claim');
    // The copy was written (its own transaction), the local claim was not.
    expect(copyAt(b, applicationId)).toMatchObject({ state: 'submitted', submission: 1 });

    await b.station.close();
    b.station = await openStation(b.dataDir);
    const again = await signIn(b, 'li');
    const { claimed } = await ok<{ claimed: { applicationId: string; state: string } | null }>(
      b,
      again,
      'kyc.claimNext',
      {},
    );
    expect(claimed).toMatchObject({ applicationId, state: 'in_review' });
    expect(copyAt(b, applicationId)).toMatchObject({ submission: 1, redacted_at: null });
    expect(audited(b, 'kyc.application.submitted', applicationId)).toHaveLength(1);
    await documentsReadAtB(again, applicationId, entry);
    const hub = await hubCaseRow(applicationId);
    expect(hub).toMatchObject({ holder: 'li', holder_station: b.station.sync.stationId });
    await ok(b, again, 'kyc.reject', { applicationId, reasonCodes: ['business_proof_insufficient'] });
    await syncUntil(a, () => copyAt(a, applicationId)?.state === 'rejected');
  }, 180_000);
});
