import type { JsonValue } from '../../../contract/domain/kyc/finding';
import { maskName } from '../checks/mask';
import { loadCase, subjectOf } from '../workflow/case-access';
import type { DecisionKind, DocumentDecision } from '../../../contract/domain/kyc/case-states';
import { openApplication } from './case-rows';
import type { ProofSummary } from './proof-summary';
import type { KycContext } from './context';
import { listOutbox, type OutboxEntry } from './outbox';
import { toQueueItem, type QueueItem } from './queue';
import { statement } from './statements';

export interface CaseDocument {
  readonly documentId: string;
  /** The id inside the application, stable across resubmissions. */
  readonly key: string;
  readonly kind: string;
  readonly mimeType: string;
  readonly sha256: string;
  readonly size: number;
  readonly submission: number;
  /** False once a resubmission replaced it. */
  readonly current: boolean;
  readonly decision: DocumentDecision | null;
  readonly reasonCode: string | null;
}

export interface CaseFinding {
  readonly submission: number;
  readonly code: string;
  readonly severity: 'info' | 'warning' | 'error';
  readonly messageZh: string;
  readonly messageEn: string;
  readonly evidence: { [key: string]: JsonValue };
}

export interface CaseDecision {
  readonly id: string;
  readonly submission: number;
  readonly kind: DecisionKind;
  readonly reasonCodes: string[];
  readonly note: string | null;
  readonly actorId: string;
  readonly actorName: string;
  readonly at: string;
}

export interface CaseDocumentDecision {
  readonly documentId: string;
  readonly submission: number;
  readonly decision: DocumentDecision;
  readonly reasonCode: string | null;
  readonly note: string | null;
  readonly actorName: string;
  readonly at: string;
}

export interface CaseHistoryEntry {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly details: { [key: string]: JsonValue };
}

/** Everything the case view shows: masked identity, documents' metadata, findings, decisions, history. */
export interface CaseView {
  readonly summary: QueueItem;
  readonly firstSubmittedAt: string;
  readonly firstApproverId: string | null;
  readonly applicant: {
    readonly nameMasked: string;
    readonly idMasked: string;
    readonly idValidFrom: string;
    readonly idValidTo: string;
    readonly phoneMasked: string;
    readonly addressMasked: string;
  };
  readonly settlementCard: {
    readonly numberMasked: string;
    readonly holderNameMasked: string;
    readonly bankReportedClass: 'I' | 'II' | null;
  };
  readonly businessProof: ProofSummary;
  readonly documents: CaseDocument[];
  /** Every submission's findings, newest submission first. */
  readonly findings: CaseFinding[];
  readonly decisions: CaseDecision[];
  readonly documentDecisions: CaseDocumentDecision[];
  readonly history: CaseHistoryEntry[];
  readonly sms: OutboxEntry[];
}

export function readCase(ctx: KycContext, applicationId: string): CaseView {
  const { db } = ctx;
  const now = ctx.now();
  const row = loadCase(db, applicationId);
  const { application: app, proof } = openApplication(db, ctx.secrets, applicationId);
  const documents = (
    statement(
      db,
      `SELECT id, doc_key, kind, mime_type, sha256, size, submission, superseded_in, decision, decision_reason
       FROM kyc_documents WHERE application_id = ? ORDER BY submission, doc_key`,
    ).all(applicationId) as {
      id: string;
      doc_key: string;
      kind: string;
      mime_type: string;
      sha256: string;
      size: number;
      submission: number;
      superseded_in: number | null;
      decision: DocumentDecision | null;
      decision_reason: string | null;
    }[]
  ).map((d): CaseDocument => ({
    documentId: d.id,
    key: d.doc_key,
    kind: d.kind,
    mimeType: d.mime_type,
    sha256: d.sha256,
    size: d.size,
    submission: d.submission,
    current: d.superseded_in === null,
    decision: d.decision,
    reasonCode: d.decision_reason,
  }));
  const findings = (
    statement(
      db,
      'SELECT submission, code, severity, message_zh, message_en, evidence FROM kyc_findings WHERE application_id = ? ORDER BY submission DESC, seq',
    ).all(applicationId) as {
      submission: number;
      code: string;
      severity: CaseFinding['severity'];
      message_zh: string;
      message_en: string;
      evidence: string;
    }[]
  ).map((f): CaseFinding => ({
    submission: f.submission,
    code: f.code,
    severity: f.severity,
    messageZh: f.message_zh,
    messageEn: f.message_en,
    evidence: JSON.parse(f.evidence) as CaseFinding['evidence'],
  }));
  const decisions = (
    statement(
      db,
      'SELECT id, submission, kind, reason_codes, note, actor_id, actor_name, at FROM kyc_decisions WHERE application_id = ? ORDER BY at, rowid',
    ).all(applicationId) as {
      id: string;
      submission: number;
      kind: DecisionKind;
      reason_codes: string;
      note: string | null;
      actor_id: string;
      actor_name: string;
      at: string;
    }[]
  ).map((d): CaseDecision => ({
    id: d.id,
    submission: d.submission,
    kind: d.kind,
    reasonCodes: JSON.parse(d.reason_codes) as string[],
    note: d.note,
    actorId: d.actor_id,
    actorName: d.actor_name,
    at: d.at,
  }));
  const documentDecisions = (
    statement(
      db,
      'SELECT document_id, submission, decision, reason_code, note, actor_name, at FROM kyc_document_decisions WHERE application_id = ? ORDER BY seq',
    ).all(applicationId) as {
      document_id: string;
      submission: number;
      decision: DocumentDecision;
      reason_code: string | null;
      note: string | null;
      actor_name: string;
      at: string;
    }[]
  ).map((d): CaseDocumentDecision => ({
    documentId: d.document_id,
    submission: d.submission,
    decision: d.decision,
    reasonCode: d.reason_code,
    note: d.note,
    actorName: d.actor_name,
    at: d.at,
  }));
  const history = (
    statement(db, 'SELECT seq, at, actor, action, details FROM audit_log WHERE subject = ? ORDER BY seq').all(
      subjectOf(applicationId),
    ) as { seq: number; at: string; actor: string; action: string; details: string }[]
  ).map((h): CaseHistoryEntry => ({
    seq: h.seq,
    at: h.at,
    actor: h.actor,
    action: h.action,
    details: JSON.parse(h.details) as CaseHistoryEntry['details'],
  }));
  return {
    summary: toQueueItem(row, now),
    firstSubmittedAt: row.first_submitted_at,
    firstApproverId: row.first_approver_id,
    applicant: {
      nameMasked: row.name_masked,
      idMasked: row.id_masked,
      idValidFrom: app.applicant.idValidFrom,
      idValidTo: app.applicant.idValidTo,
      phoneMasked: row.phone_masked,
      addressMasked: row.address_masked,
    },
    settlementCard: {
      numberMasked: row.card_masked,
      holderNameMasked: maskName(app.settlementCard.holderName),
      bankReportedClass: app.settlementCard.bankReportedClass ?? null,
    },
    businessProof: proof,
    documents,
    findings,
    decisions,
    documentDecisions,
    history,
    sms: listOutbox(db, applicationId),
  };
}
