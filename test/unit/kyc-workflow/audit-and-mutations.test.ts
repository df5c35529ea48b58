import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { intakeAtCounter } from '../../../electron/services/kyc/intake/counter-intake';
import { openOutgoingSms } from '../../../electron/services/kyc/store/outbox';
import { getCaseRow } from '../../../electron/services/kyc/store/case-rows';
import {
  createReviewWorkflow,
  type ReviewWorkflow,
} from '../../../electron/services/kyc/workflow/review-workflow';
import { counterDocuments, submit, testSubmission } from './applications';
import { openKycTestStore, reviewer, senior, senior2, type KycTestStore } from './fixtures';
import { acceptAll, currentDocumentIds } from './helpers';

let store: KycTestStore;
let workflow: ReviewWorkflow;

interface AuditRow {
  action: string;
  subject: string;
}
interface MutationRow {
  kind: string;
  subject: string;
  base_version: number;
  payload: string;
}

/** Every kind of change a case goes through, on a high-risk case so four eyes is included. */
function fullLifecycle(): void {
  submit(store.ctx, { id: 'BASE', person: 1, phone: '13900000001' });
  submit(store.ctx, { id: 'A1', person: 2, phone: '13900000001', revision: 1 });
  workflow.claim(reviewer, 'A1');
  store.clock.advance(60_000);
  workflow.claim(reviewer, 'A1');
  workflow.release(reviewer, 'A1');
  workflow.claim(senior, 'A1');
  const proof = currentDocumentIds(store.ctx, 'A1')['proof']!;
  workflow.decideDocument(senior, {
    applicationId: 'A1',
    documentId: proof,
    decision: 'needs_revision',
    reasonCode: 'photo_unclear',
  });
  workflow.requestInfo(senior, 'A1', ['photo_unclear']);
  const revised = testSubmission({
    id: 'A1',
    person: 2,
    phone: '13900000001',
    revision: 2,
    submittedAt: '2026-11-03T10:00:00+08:00',
  });
  intakeAtCounter(store.ctx, revised.application, counterDocuments(revised), 'counter-clerk');
  workflow.claim(senior, 'A1');
  acceptAll(store.ctx, workflow, senior, 'A1');
  workflow.approve(senior, 'A1');
  workflow.claim(senior2, 'A1');
  const approved = workflow.approve(senior2, 'A1');
  if (approved.state !== 'approved') throw new Error('expected approval');
  const code = /激活码：(\d+)/.exec(
    openOutgoingSms(store.ctx.db, store.ctx.secrets, approved.smsId).body,
  )![1]!;
  workflow.verifyActivationCode(code, 'device:SN1');
  // Looking is audited but changes nothing, so it is no mutation.
  workflow.reveal(senior, 'A1', 'id_number');
  workflow.viewDocument(senior, 'A1', proof);
}

beforeEach(() => {
  store = openKycTestStore();
  workflow = createReviewWorkflow(store.ctx);
});
afterEach(() => store.close());

describe('every state change has its audit record and its mutation', () => {
  it('pairs each mutation with an audit record of the same action, in the same order', () => {
    fullLifecycle();
    const audit = store.ctx.db
      .prepare("SELECT action, subject FROM audit_log WHERE subject = 'application:A1' ORDER BY seq")
      .all() as AuditRow[];
    const mutations = store.ctx.db
      .prepare(
        "SELECT kind, subject, base_version, payload FROM mutations WHERE subject = 'application:A1' ORDER BY seq",
      )
      .all() as MutationRow[];
    const looks = new Set(['kyc.pii.revealed', 'kyc.document.viewed']);
    expect(audit.filter((a) => !looks.has(a.action)).map((a) => a.action)).toEqual(
      mutations.map((m) => m.kind),
    );
    expect(mutations.map((m) => m.kind)).toEqual([
      'kyc.application.submitted',
      'kyc.case.claimed',
      'kyc.case.lease_renewed',
      'kyc.case.released',
      'kyc.case.claimed',
      'kyc.document.decided',
      'kyc.case.info_requested',
      'kyc.application.resubmitted',
      'kyc.case.claimed',
      'kyc.document.decided',
      'kyc.document.decided',
      'kyc.document.decided',
      'kyc.document.decided',
      'kyc.case.first_approved',
      'kyc.case.claimed',
      'kyc.case.approved',
      'kyc.activation_code.consumed',
    ]);
    expect(audit.map((a) => a.action)).toContain('kyc.pii.revealed');
    expect(audit.map((a) => a.action)).toContain('kyc.document.viewed');
    expect(store.ctx.audit.verify()).toMatchObject({ ok: true });
  });

  it('records the version each change was made on, one version per change', () => {
    fullLifecycle();
    const versions = store.ctx.db
      .prepare(
        "SELECT base_version FROM mutations WHERE subject = 'application:A1' AND kind <> 'kyc.activation_code.consumed' ORDER BY seq",
      )
      .pluck()
      .all() as number[];
    expect(versions).toEqual(versions.map((_, i) => i));
    expect(getCaseRow(store.ctx.db, 'A1')?.version).toBe(versions.length);
  });

  it('holds no raw PII in mutation payloads', () => {
    fullLifecycle();
    const payloads = store.ctx.db.prepare('SELECT payload FROM mutations').pluck().all() as string[];
    for (const p of payloads) {
      // Record ids are random 32-digit hex and can hold a long run of digits by chance; an ID or
      // card number is a run of 15+ digits anywhere else.
      expect(p.replace(/\b[0-9a-f]{32}\b/g, '')).not.toMatch(/\d{15,}/);
      expect(p).not.toContain('13900000001');
    }
  });

  it('keeps mutations append-only: no delete, no rewrite, only the push status may change', () => {
    fullLifecycle();
    const db = store.ctx.db;
    expect(() => db.prepare('DELETE FROM mutations').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE mutations SET payload = '{}'").run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE mutations SET kind = 'x'").run()).toThrow(/append-only/);
    db.prepare(
      "UPDATE mutations SET pushed_at = '2026-11-02T12:00:00.000+08:00', hub_verdict = 'accepted'",
    ).run();
    expect(db.prepare('SELECT COUNT(*) FROM mutations WHERE pushed_at IS NULL').pluck().get()).toBe(0);
  });

  it('rolls back the change and its records together when a step fails midway', () => {
    submit(store.ctx, { id: 'A1' });
    workflow.claim(reviewer, 'A1');
    acceptAll(store.ctx, workflow, reviewer, 'A1');
    const count = (table: string) => store.ctx.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get();
    const before = {
      audit: count('audit_log'),
      mutations: count('mutations'),
      decisions: count('kyc_decisions'),
    };
    // A damaged sealed application: the approval gets as far as recording the decision and the
    // code, then cannot read the phone number for the SMS.
    store.ctx.db.prepare("UPDATE kyc_applications SET sealed_application = X'00' WHERE id = 'A1'").run();
    expect(() => workflow.approve(reviewer, 'A1')).toThrow();
    expect(count('audit_log')).toBe(before.audit);
    expect(count('mutations')).toBe(before.mutations);
    expect(count('kyc_decisions')).toBe(before.decisions);
    expect(count('activation_codes')).toBe(0);
    expect(count('sms_outbox')).toBe(0);
    expect(getCaseRow(store.ctx.db, 'A1')?.state).toBe('in_review');
  });
});
