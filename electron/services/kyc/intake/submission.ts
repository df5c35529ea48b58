import { createHash } from 'node:crypto';
import { newId } from '../store/ids';
import { formatDay, shanghaiDayOf } from '../../calendar/shanghai-time';
import { shanghaiIso } from '../../audit/clock';
import type { BundleIssue, LoadedDocument } from '../bundle/reader';
import { identityKeysOf } from '../checks/identity-keys';
import { maskAddress, maskCardNumber, maskIdNumber, maskName, maskPhone } from '../checks/mask';
import { riskLevel, type RiskLevel } from '../../../contract/domain/kyc/risk-level';
import { runChecks, type CheckContext } from '../checks/run-checks';
import type { Finding } from '../../../contract/domain/kyc/finding';
import type { Application } from '../../../contract/domain/kyc/application';
import { getCaseRow, sealApplication, updateCase, type CaseRow } from '../store/case-rows';
import type { KycContext } from '../store/context';
import type { DocumentPack } from '../store/document-files';
import { createSqlApplicationIndex, writeIdentityKeys } from '../store/identity-index';
import { subjectOf } from '../workflow/case-access';
import { dueAt } from '../workflow/sla';
import { RESUBMITTABLE_STATES } from '../../../contract/domain/kyc/case-states';
import { statement } from '../store/statements';

export interface SubmissionInput {
  readonly application: Application;
  /** Every document of the application, its bytes verified against its sha256. */
  readonly documents: readonly LoadedDocument[];
}

export type SubmissionPlan =
  | { readonly kind: 'new' | 'resubmission' | 'unchanged' }
  | { readonly kind: 'refused'; readonly issues: readonly BundleIssue[] };

export interface SubmissionOptions {
  /**
   * The station that took the case in, when this is a review copy fetched from the hub for a
   * reviewer here (review-copy.ts); absent for a case taken in at this station.
   */
  readonly reviewCopyOf?: string;
}

export interface StoredSubmission {
  readonly applicationId: string;
  readonly outcome: 'submitted' | 'resubmitted' | 'unchanged';
  readonly risk: RiskLevel | null;
  readonly dueAt: string | null;
}

const contentHashes = new WeakMap<Application, string>();

/** Memoised per application object: the checking pass, the plan and the store ask for it in turn. */
export function contentSha256(app: Application): string {
  let hash = contentHashes.get(app);
  if (hash === undefined) {
    hash = createHash('sha256').update(JSON.stringify(app)).digest('hex');
    contentHashes.set(app, hash);
  }
  return hash;
}

/**
 * Whether an application can go into the store, without writing anything: new, a resubmission of
 * a rejected or info-requested case, the same submission again (skipped, so an interrupted import
 * can simply be run again), or refused with the field at fault.
 */
export function planSubmission(
  ctx: KycContext,
  app: Application,
  options: SubmissionOptions = {},
): SubmissionPlan {
  const id = app.applicationId;
  const refuse = (field: string, message: string): SubmissionPlan => ({
    kind: 'refused',
    issues: [{ applicationId: id, field, message }],
  });
  const row = getCaseRow(ctx.db, id);
  if (row !== undefined && row.content_sha256 === contentSha256(app)) return { kind: 'unchanged' };
  try {
    dueAt(app.submittedAt);
  } catch (error) {
    return refuse('submittedAt', `the SLA due date cannot be computed: ${(error as Error).message}`);
  }
  if (row === undefined) return { kind: 'new' };
  // A review copy follows the hub, which just granted its corrected case to a reviewer here.
  if (options.reviewCopyOf === undefined && !RESUBMITTABLE_STATES.includes(row.state)) {
    return refuse(
      'applicationId',
      `already in the store (${row.state.replace(/_/g, ' ')}); only a rejected case or one asked for more information can be resubmitted`,
    );
  }
  if (Date.parse(app.submittedAt) <= Date.parse(row.submitted_at)) {
    return refuse(
      'submittedAt',
      `a resubmission must be later than the previous submission (${row.submitted_at})`,
    );
  }
  return { kind: 'resubmission' };
}

function masks(app: Application) {
  return {
    name_masked: maskName(app.applicant.name),
    id_masked: maskIdNumber(app.applicant.idNumber),
    card_masked: maskCardNumber(app.settlementCard.number),
    phone_masked: maskPhone(app.applicant.phone),
    address_masked: maskAddress(app.applicant.address),
  };
}

function severityCounts(findings: readonly Finding[]): { info: number; warning: number; error: number } {
  const counts = { info: 0, warning: 0, error: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/**
 * Stores one submission: documents encrypted into the data directory, checks run against the
 * whole store, findings, risk and SLA due date, identity hashes, audit record and mutation.
 * Runs inside the caller's transaction; new documents go into the caller's `pack`, which the
 * caller closes when the transaction commits and discards when it rolls back.
 */
export function storeSubmission(
  ctx: KycContext,
  input: SubmissionInput,
  actor: string,
  pack: DocumentPack,
  options: SubmissionOptions = {},
): StoredSubmission {
  if (!ctx.db.inTransaction) throw new Error('storeSubmission must run inside a transaction.');
  const app = input.application;
  const plan = planSubmission(ctx, app, options);
  if (plan.kind === 'refused') throw new Error(plan.issues.map((i) => `${i.field}: ${i.message}`).join('; '));
  if (plan.kind === 'unchanged')
    return { applicationId: app.applicationId, outcome: 'unchanged', risk: null, dueAt: null };

  const now = ctx.now();
  const checkContext: CheckContext = {
    reviewDate: formatDay(shanghaiDayOf(ctx.clock.now())),
    index: createSqlApplicationIndex(ctx.db),
    keyHasher: ctx.keyHasher,
  };
  const findings = runChecks(app, checkContext);
  const risk = riskLevel(findings);
  const submittedAt = shanghaiIso(Date.parse(app.submittedAt));
  const due = dueAt(submittedAt);
  const existing = getCaseRow(ctx.db, app.applicationId);
  const submission = existing ? existing.submission + 1 : 1;
  const sealed = sealApplication(ctx.secrets, app);
  const contentHash = contentSha256(app);

  let baseVersion = 0;
  if (existing === undefined) {
    statement(
      ctx.db,
      `INSERT INTO kyc_applications (id, state, channel, submission, first_submitted_at, submitted_at, due_at, risk,
           name_masked, id_masked, card_masked, phone_masked, address_masked, content_sha256, sealed_application, version, updated_at)
         VALUES (@id, 'submitted', @channel, 1, @submitted_at, @submitted_at, @due_at, @risk,
           @name_masked, @id_masked, @card_masked, @phone_masked, @address_masked, @content_sha256, @sealed, 1, @now)`,
    ).run({
      id: app.applicationId,
      channel: app.channel,
      submitted_at: submittedAt,
      due_at: due,
      risk,
      ...masks(app),
      content_sha256: contentHash,
      sealed,
      now,
    });
  } else {
    baseVersion = existing.version;
    updateCase(ctx.db, app.applicationId, existing.version, now, {
      state: 'resubmitted',
      submission,
      submitted_at: submittedAt,
      due_at: due,
      risk,
      assignee_id: null,
      assignee_name: null,
      lease_expires_at: null,
      first_approver_id: null,
      ...masks(app),
      content_sha256: contentHash,
      sealed_application: sealed,
    });
  }

  if (options.reviewCopyOf !== undefined)
    statement(ctx.db, 'UPDATE kyc_applications SET origin_station = ?, redacted_at = NULL WHERE id = ?').run(
      options.reviewCopyOf,
      app.applicationId,
    );
  const documents = storeDocuments(ctx, app.applicationId, submission, input.documents, pack, existing);
  writeIdentityKeys(ctx.db, app.applicationId, identityKeysOf(app, ctx.keyHasher));
  const insertFinding = statement(
    ctx.db,
    'INSERT INTO kyc_findings (application_id, submission, code, severity, message_zh, message_en, evidence) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  for (const f of findings) {
    insertFinding.run(
      app.applicationId,
      submission,
      f.code,
      f.severity,
      f.message_zh,
      f.message_en,
      JSON.stringify(f.evidence),
    );
  }

  const action = existing ? 'kyc.application.resubmitted' : 'kyc.application.submitted';
  const details = {
    submission,
    channel: app.channel,
    submittedAt,
    dueAt: due,
    risk,
    findings: severityCounts(findings),
    // No sha256 here: a hex digest may hold a long digit run, which the audit log's PII guard refuses.
    documents: documents.map((d) => ({ id: d.id, document: d.key, kind: d.kind, replaced: d.replaced })),
    // Taken in at that station; stored here as a review copy (the hub granted it to `actor`).
    ...(options.reviewCopyOf !== undefined ? { reviewCopyOf: options.reviewCopyOf } : {}),
  };
  ctx.audit.append({ actor, action, subject: subjectOf(app.applicationId), details });
  ctx.mutations.record({
    kind: action,
    subject: subjectOf(app.applicationId),
    baseVersion,
    payload: {
      applicationId: app.applicationId,
      contentSha256: contentHash,
      ...details,
      documentHashes: documents.map((d) => d.sha256),
      findingCodes: findings.map((f) => f.code),
    },
    actor,
    at: now,
  });
  return {
    applicationId: app.applicationId,
    outcome: existing ? 'resubmitted' : 'submitted',
    risk,
    dueAt: due,
  };
}

interface StoredDocument {
  readonly id: string;
  readonly key: string;
  readonly kind: string;
  readonly sha256: string;
  /** True when it is a new file (first submission, or a revised document replacing the old one). */
  readonly replaced: boolean;
}

/**
 * A resubmission keeps every unchanged document (same id, same bytes) with its decision; a
 * changed or new one is stored fresh and undecided, and the one it replaces stays in history.
 */
function storeDocuments(
  ctx: KycContext,
  applicationId: string,
  submission: number,
  documents: readonly LoadedDocument[],
  pack: DocumentPack,
  existing: CaseRow | undefined,
): StoredDocument[] {
  const current = existing
    ? (statement(
        ctx.db,
        'SELECT id, doc_key, sha256 FROM kyc_documents WHERE application_id = ? AND superseded_in IS NULL',
      ).all(applicationId) as { id: string; doc_key: string; sha256: string }[])
    : [];
  const byKey = new Map(current.map((d) => [d.doc_key, d]));
  const supersede = statement(ctx.db, 'UPDATE kyc_documents SET superseded_in = ? WHERE id = ?');
  const insert = statement(
    ctx.db,
    `INSERT INTO kyc_documents (id, application_id, doc_key, kind, mime_type, sha256, size, file, file_offset, file_length, submission)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const stored: StoredDocument[] = [];
  const kept = new Set<string>();
  const fresh: { id: string; document: LoadedDocument['document']; bytes: Buffer }[] = [];
  for (const { document, bytes } of documents) {
    const previous = byKey.get(document.id);
    if (previous && previous.sha256 === document.sha256) {
      kept.add(previous.id);
      stored.push({
        id: previous.id,
        key: document.id,
        kind: document.kind,
        sha256: document.sha256,
        replaced: false,
      });
      continue;
    }
    const id = newId();
    fresh.push({ id, document, bytes });
    stored.push({ id, key: document.id, kind: document.kind, sha256: document.sha256, replaced: true });
  }
  if (fresh.length > 0) {
    const locations = pack.append(fresh);
    fresh.forEach(({ id, document, bytes }, i) => {
      const at = locations[i]!;
      insert.run(
        id,
        applicationId,
        document.id,
        document.kind,
        document.mimeType,
        document.sha256,
        bytes.length,
        at.file,
        at.offset,
        at.length,
        submission,
      );
    });
  }
  for (const old of current) if (!kept.has(old.id)) supersede.run(submission, old.id);
  return stored;
}
