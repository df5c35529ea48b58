import type { Operator } from '../../../contract/context';
import { DomainError } from '../../../contract/domain/errors';
import type { Db } from '../../../store/database';
import type { KycContext } from '../store/context';
import { updateCase } from '../store/case-rows';
import { assertHolds, assertState, loadCase, subjectOf } from './case-access';
import { isReasonFor } from '../../../contract/domain/kyc/reason-codes';
import type { DocumentDecision } from '../../../contract/domain/kyc/case-states';
import { statement } from '../store/statements';

export interface DocumentDecisionInput {
  readonly applicationId: string;
  readonly documentId: string;
  readonly decision: DocumentDecision;
  /** Required for needs_revision (a code whose use includes 'document'); refused for accepted. */
  readonly reasonCode?: string;
  readonly note?: string;
}

interface CurrentDocument {
  id: string;
  doc_key: string;
  decision: DocumentDecision | null;
}

export function currentDocuments(db: Db, applicationId: string): CurrentDocument[] {
  return statement(
    db,
    'SELECT id, doc_key, decision FROM kyc_documents WHERE application_id = ? AND superseded_in IS NULL ORDER BY doc_key',
  ).all(applicationId) as CurrentDocument[];
}

/** Approval is impossible while any current document needs revision or is undecided. */
export function assertDocumentsAccepted(db: Db, applicationId: string): void {
  const open = currentDocuments(db, applicationId).filter((d) => d.decision !== 'accepted');
  if (open.length === 0) return;
  const needsRevision = open.filter((d) => d.decision === 'needs_revision').map((d) => d.doc_key);
  const undecided = open.filter((d) => d.decision === null).map((d) => d.doc_key);
  const parts = [
    ...(needsRevision.length ? [`needing revision: ${needsRevision.join(', ')}`] : []),
    ...(undecided.length ? [`not yet decided: ${undecided.join(', ')}`] : []),
  ];
  throw new DomainError(
    'wrong_state',
    `Cannot approve ${applicationId} while documents are ${parts.join('; ')}.`,
    undefined,
    needsRevision.length ? 'kyc.documents.needs_revision' : 'kyc.documents.undecided',
  );
}

export function decideDocument(ctx: KycContext, operator: Operator, input: DocumentDecisionInput): void {
  if (input.decision === 'needs_revision') {
    if (input.reasonCode === undefined || !isReasonFor(input.reasonCode, 'document')) {
      throw new DomainError(
        'bad_value',
        'A document needing revision needs a reason from the list for documents.',
        'reasonCode',
        'kyc.reason.invalid',
      );
    }
  } else if (input.reasonCode !== undefined) {
    throw new DomainError(
      'bad_value',
      'An accepted document takes no reason.',
      'reasonCode',
      'kyc.reason.not_for_accepted',
    );
  }
  ctx.db
    .transaction(() => {
      const now = ctx.now();
      const row = loadCase(ctx.db, input.applicationId);
      assertHolds(row, operator, now);
      assertState(row, ['in_review', 'awaiting_second_approval'], 'decide documents of');
      const doc = currentDocuments(ctx.db, row.id).find((d) => d.id === input.documentId);
      if (doc === undefined) {
        throw new DomainError(
          'not_found',
          `${row.id} has no current document ${input.documentId}.`,
          'documentId',
          'kyc.document.not_found',
        );
      }
      const reason = input.reasonCode ?? null;
      statement(
        ctx.db,
        'UPDATE kyc_documents SET decision = ?, decision_reason = ?, decided_by = ?, decided_at = ? WHERE id = ?',
      ).run(input.decision, reason, operator.id, now, doc.id);
      statement(
        ctx.db,
        'INSERT INTO kyc_document_decisions (document_id, application_id, submission, decision, reason_code, note, actor_id, actor_name, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(
        doc.id,
        row.id,
        row.submission,
        input.decision,
        reason,
        input.note ?? null,
        operator.id,
        operator.displayName,
        now,
      );
      updateCase(ctx.db, row.id, row.version, now, {});
      const details = {
        documentId: doc.id,
        document: doc.doc_key,
        decision: input.decision,
        reasonCode: reason,
      };
      ctx.audit.append({
        actor: operator.username,
        action: 'kyc.document.decided',
        subject: subjectOf(row.id),
        details,
      });
      ctx.mutations.record({
        kind: 'kyc.document.decided',
        subject: subjectOf(row.id),
        baseVersion: row.version,
        payload: { applicationId: row.id, ...details, note: input.note ?? null },
        actor: operator.username,
        at: now,
      });
    })
    .immediate();
}
