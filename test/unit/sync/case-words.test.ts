/**
 * What the Sync panel and `pos-station sync retry|discard` do with a refused correction
 * (docs/sync.md §10.3): a retry is re-based on a later rejection pulled since, else goes as it was;
 * given up, its unsent documents are withdrawn when the hub's case is not this station's to hold.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { retryBasis } from '../../../electron/services/sync/case-words';
import { withdrawGivenUpCorrection } from '../../../electron/services/sync/case-documents';
import { SyncQueue } from '../../../electron/services/sync/queue';

let dir: string;
let q: SyncQueue;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'case-words-'));
  q = new SyncQueue(join(dir, 'sync.sqlite'));
});
afterEach(() => {
  q.close();
  rmSync(dir, { recursive: true, force: true });
});

const pulled = (status: string, token: number, originStation: string) =>
  q.applyPage(
    [{ entity: 'case', key: 'C1', data: { status, token, originStation, holderStation: null } }],
    `1:${token}`,
  );

/** A correction made on version 3, refused as stale. */
function refusedCorrection() {
  const m = q.enqueue({
    kind: 'application.resubmit',
    operator: 'zhou',
    payload: { caseId: 'C1', phone: '13900000007', slaDue: '2026-12-10T00:00:00Z' },
    basis: { token: 3 },
  });
  q.recordAnswers([
    { id: m.id, status: 'refused', code: 'RESUBMISSION_STALE', message: 'x', messageZh: 'x' },
  ]);
  return q.get(m.id)!;
}

const putDocument = (uploaded: number) =>
  q.sqlite
    .prepare(
      "INSERT INTO sync_documents (case_id, doc_id, kind, sealed, key_sealed, uploaded) VALUES ('C1', ?, 'proof', x'00', x'00', ?)",
    )
    .run(`doc-${uploaded}`, uploaded);
const documents = () =>
  q.sqlite.prepare("SELECT count(*) FROM sync_documents WHERE case_id = 'C1'").pluck().get();

describe('a refused correction', () => {
  it('retried: on the rejection the hub holds now when it is later, else as it was', () => {
    const m = refusedCorrection();
    pulled('open', 3, 'S-B'); // another station's correction under review
    expect(retryBasis(q, m)).toBeUndefined();
    pulled('rejected', 3, 'S-B');
    expect(retryBasis(q, m)).toBeUndefined();
    pulled('rejected', 4, 'S-B'); // rejected again after a later claim
    expect(retryBasis(q, m)).toEqual({ token: 4 });
    const decide = q.enqueue({
      kind: 'review.decide',
      operator: 'w',
      payload: { caseId: 'C1' },
      basis: { token: 1 },
    });
    expect(retryBasis(q, decide)).toBeUndefined();
  });

  it('given up: its documents leave when the case is not ours to hold, and stay when it is', () => {
    const m = refusedCorrection();
    putDocument(0);
    putDocument(1);
    pulled('open', 3, 'S-A');
    withdrawGivenUpCorrection(q, 'S-A', m);
    expect(documents()).toBe(2);
    pulled('open', 3, 'S-B');
    withdrawGivenUpCorrection(q, 'S-A', { ...m, kind: 'review.decide' });
    expect(documents()).toBe(2);
    withdrawGivenUpCorrection(q, 'S-A', m);
    expect(documents()).toBe(0);
  });
});
