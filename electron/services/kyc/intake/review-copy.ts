import { DomainError } from '../../../contract/domain/errors';
import { applicationFileSchema } from '../../../contract/domain/kyc/application-file';
import {
  applicationOf,
  describeIssue,
  documentBytesIssue,
  duplicateDocumentIds,
  type BundleIssue,
  type LoadedDocument,
} from '../bundle/reader';
import { identityKeysOf } from '../checks/identity-keys';
import { getCaseRow, sealApplication } from '../store/case-rows';
import type { KycContext } from '../store/context';
import { droppedCurrentDocuments, restoreCaseDocuments } from '../store/document-drops';
import { writeIdentityKeys } from '../store/identity-index';
import { statement } from '../store/statements';
import { subjectOf } from '../workflow/case-access';
import type { CaseDocumentBytes } from '../workflow/review-authority';
import { contentSha256, storeSubmission } from './submission';

/**
 * The application record as it travels with a case's documents (docs/sync.md §10.3): the
 * application as the store sealed it (its `ApplicationFile`, JSON), sealed and uploaded like any
 * document. The id has a dot, which no application document id may have, so it never names one.
 */
export const APPLICATION_RECORD = { docId: 'application.json', kind: 'application' } as const;

export function applicationRecord(file: unknown): CaseDocumentBytes {
  return { ...APPLICATION_RECORD, bytes: Buffer.from(JSON.stringify(file), 'utf8') };
}

/** A case held at the hub, as fetched for a review copy: who took it in and its documents. */
export interface HubCaseRecord {
  readonly originStation: string;
  readonly documents: readonly CaseDocumentBytes[];
}

export interface ReviewCopyRow {
  readonly origin_station: string | null;
  readonly redacted_at: string | null;
}

export function reviewCopyOf(ctx: KycContext, applicationId: string): ReviewCopyRow | undefined {
  return statement(ctx.db, 'SELECT origin_station, redacted_at FROM kyc_applications WHERE id = ?').get(
    applicationId,
  ) as ReviewCopyRow | undefined;
}

/** Whether the store's row of this case is a copy of a case taken in at another station. */
export const isReviewCopy = (row: ReviewCopyRow | undefined): boolean =>
  row !== undefined && row.origin_station !== null;

function refused(applicationId: string, issues: readonly BundleIssue[]): DomainError {
  return new DomainError(
    'unavailable',
    `Case ${applicationId} cannot be reviewed here: its application record from the hub is not usable ` +
      `(nothing was stored, the claim was given back):\n${issues.map(describeIssue).join('\n')}`,
    undefined,
    'kyc.review_copy.unusable',
    { applicationId },
  );
}

/**
 * The application of a case fetched from the hub, checked as a bundle's is: its record parsed by
 * the contract's schema, every document it lists present with its sha256 and content type, a bank
 * statement's rows read from its CSV. Throws `kyc.review_copy.unusable`, naming the case, otherwise.
 */
function applicationFromHub(applicationId: string, record: HubCaseRecord) {
  const fail = (field: string, message: string) =>
    refused(applicationId, [{ applicationId, field, message }]);
  const raw = record.documents.find((d) => d.docId === APPLICATION_RECORD.docId);
  if (raw === undefined) throw fail('', 'the hub holds no application record of this case');
  let json: unknown;
  try {
    json = JSON.parse(raw.bytes.toString('utf8'));
  } catch (error) {
    throw fail('', `the application record is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = applicationFileSchema.safeParse(json);
  if (!parsed.success)
    throw refused(
      applicationId,
      parsed.error.issues.map((i) => ({ applicationId, field: i.path.join('.'), message: i.message })),
    );
  const file = parsed.data;
  if (file.applicationId !== applicationId)
    throw fail('applicationId', `the record is of ${file.applicationId}, not of this case`);
  const issues = duplicateDocumentIds(applicationId, file);
  const documents: LoadedDocument[] = [];
  file.documents.forEach((document, i) => {
    const fetched = record.documents.find((d) => d.docId === document.id);
    if (fetched === undefined) {
      issues.push({ applicationId, field: `documents[${i}]`, message: `the hub holds no ${document.id}` });
      return;
    }
    const bad = documentBytesIssue(document, fetched.bytes);
    if (bad !== null)
      issues.push({ applicationId, field: `documents[${i}].${bad.field}`, message: bad.message });
    else documents.push({ document, bytes: fetched.bytes });
  });
  const application = applicationOf(applicationId, file, documents, issues);
  if (issues.length > 0 || application === null) throw refused(applicationId, issues);
  return { application, documents };
}

/**
 * Makes the store hold a reviewable copy of a case taken in at another station, granted to a
 * reviewer here by the hub (docs/sync.md §10.3, review copies): stored as a submission of that
 * station (`origin_station`), with checks, findings and documents like one taken in here. A copy
 * already held is brought up to the hub's: a corrected application is stored as its resubmission,
 * a record redacted when the case left is put back, dropped documents are restored. All in one
 * transaction; an unusable record refuses before anything is written. Nothing is done to a case
 * taken in here (its own path fetches back what it dropped).
 */
export function takeReviewCopy(
  ctx: KycContext,
  applicationId: string,
  record: HubCaseRecord,
  actor: string,
): void {
  const held = reviewCopyOf(ctx, applicationId);
  if (held !== undefined && !isReviewCopy(held)) return;
  const { application, documents } = applicationFromHub(applicationId, record);
  const row = getCaseRow(ctx.db, applicationId);
  const current = row !== undefined && row.content_sha256 === contentSha256(application);
  if (current && held?.redacted_at === null && droppedCurrentDocuments(ctx, applicationId).length === 0)
    return;

  const pack = ctx.files.openPack();
  try {
    ctx.db
      .transaction(() => {
        if (!current)
          storeSubmission(ctx, { application, documents }, actor, pack, {
            reviewCopyOf: record.originStation,
          });
        else {
          statement(
            ctx.db,
            'UPDATE kyc_applications SET sealed_application = ?, redacted_at = NULL WHERE id = ?',
          ).run(sealApplication(ctx.secrets, application), applicationId);
          writeIdentityKeys(ctx.db, applicationId, identityKeysOf(application, ctx.keyHasher));
          ctx.audit.append({
            actor,
            action: 'kyc.review_copy.restored',
            subject: subjectOf(applicationId),
            details: { originStation: record.originStation },
          });
        }
        pack.sync();
      })
      .immediate();
    pack.close();
  } catch (error) {
    pack.discard();
    throw error;
  }
  // Unchanged documents of the copy that were dropped when the case left: put back (own transaction).
  if (droppedCurrentDocuments(ctx, applicationId).length > 0)
    restoreCaseDocuments(
      ctx,
      applicationId,
      documents.map((d) => ({ docKey: d.document.id, bytes: d.bytes })),
      actor,
    );
}

/**
 * A review copy's case left this station (decided anywhere, claimed at another station, released):
 * its application record is PII this station no longer needs. The sealed record is emptied and its
 * identity hashes deleted; the row keeps the case id, the masks, the state, findings and decisions
 * (the station's record of its own review). Audited `kyc.review_copy.redacted`. Idempotent; a case
 * taken in here is never redacted. Returns whether it redacted now.
 */
export function redactReviewCopy(ctx: KycContext, applicationId: string, reason: string): boolean {
  return ctx.db
    .transaction(() => {
      const copy = reviewCopyOf(ctx, applicationId);
      if (!isReviewCopy(copy) || copy!.redacted_at !== null) return false;
      statement(
        ctx.db,
        "UPDATE kyc_applications SET sealed_application = x'', redacted_at = ? WHERE id = ?",
      ).run(ctx.now(), applicationId);
      statement(ctx.db, 'DELETE FROM kyc_identity_keys WHERE application_id = ?').run(applicationId);
      ctx.audit.append({
        actor: 'system',
        action: 'kyc.review_copy.redacted',
        subject: subjectOf(applicationId),
        details: { reason, originStation: copy!.origin_station },
      });
      return true;
    })
    .immediate();
}
