import type { Operator } from '../../../contract/context';
import type { RevealableField } from '../../../contract/kyc';
import { DomainError } from '../../../contract/domain/errors';
import { maskCardNumber, maskIdNumber, maskPhone } from '../checks/mask';
import type { KycContext } from '../store/context';
import { openApplication } from '../store/case-rows';
import { loadCase, subjectOf } from './case-access';
import { isDropped } from '../store/document-drops';
import { correctedElsewhereAt } from './decided-elsewhere';
import { statement } from '../store/statements';
import { isReviewer } from '../../../contract/define';

/**
 * Shows one unmasked number to a reviewer and records that they saw it (masked, in the audit
 * log): the number leaves the store only through this call.
 */
export function revealField(
  ctx: KycContext,
  operator: Operator,
  applicationId: string,
  field: RevealableField,
): { value: string } {
  if (!isReviewer(operator.role)) {
    throw new DomainError('not_allowed', 'Only reviewers may see unmasked numbers.', undefined, 'kyc.role');
  }
  return ctx.db
    .transaction(() => {
      loadCase(ctx.db, applicationId);
      const { application: app } = openApplication(ctx.db, ctx.secrets, applicationId);
      const value =
        field === 'id_number'
          ? app.applicant.idNumber
          : field === 'card_number'
            ? app.settlementCard.number
            : app.applicant.phone;
      const masked =
        field === 'id_number'
          ? maskIdNumber(value)
          : field === 'card_number'
            ? maskCardNumber(value)
            : maskPhone(value);
      ctx.audit.append({
        actor: operator.username,
        action: 'kyc.pii.revealed',
        subject: subjectOf(applicationId),
        details: { field, masked },
      });
      return { value };
    })
    .immediate();
}

/** A document's bytes for the viewer; every view is audited. */
export function viewDocument(
  ctx: KycContext,
  operator: Operator,
  applicationId: string,
  documentId: string,
): { mimeType: string; sha256: string; bytes: Buffer } {
  return ctx.db
    .transaction(() => {
      loadCase(ctx.db, applicationId);
      const doc = statement(
        ctx.db,
        'SELECT id, doc_key, mime_type, sha256, file, file_offset, file_length FROM kyc_documents WHERE id = ? AND application_id = ?',
      ).get(documentId, applicationId) as
        | {
            id: string;
            doc_key: string;
            mime_type: string;
            sha256: string;
            file: string;
            file_offset: number;
            file_length: number;
          }
        | undefined;
      if (doc === undefined) {
        throw new DomainError(
          'not_found',
          `${applicationId} has no document ${documentId}.`,
          'documentId',
          'kyc.document.not_found',
        );
      }
      const correctedAt = isDropped(ctx, doc.id) ? correctedElsewhereAt(ctx, applicationId) : null;
      if (correctedAt !== null) {
        throw new DomainError(
          'unavailable',
          `${applicationId} was corrected at ${correctedAt}: its document ${doc.doc_key} here is of the submission before, deleted here; the corrected documents are at the hub and at ${correctedAt}.`,
          'documentId',
          'kyc.document.corrected_elsewhere',
          { station: correctedAt },
        );
      }
      if (isDropped(ctx, doc.id)) {
        throw new DomainError(
          'unavailable',
          `${applicationId} left this station, so its document ${doc.doc_key} was deleted here; it is kept at the hub and fetched again when a reviewer here claims the case.`,
          'documentId',
          'kyc.document.dropped',
        );
      }
      const bytes = ctx.files.read(
        { file: doc.file, offset: doc.file_offset, length: doc.file_length },
        doc.id,
      );
      ctx.audit.append({
        actor: operator.username,
        action: 'kyc.document.viewed',
        subject: subjectOf(applicationId),
        details: { documentId: doc.id, document: doc.doc_key },
      });
      return { mimeType: doc.mime_type, sha256: doc.sha256, bytes };
    })
    .immediate();
}
