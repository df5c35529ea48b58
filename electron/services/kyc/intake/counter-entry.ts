import { stationIdOf } from '../../station/station-id';
import { contentMismatch } from '../bundle/document-content';
import { BundleError, type BundleIssue } from '../bundle/reader';
import { MAX_DOCUMENT_BYTES, type ApplicationFile } from '../../../contract/domain/kyc/application-file';
import { parseStatementCsv } from '../bundle/statement-csv';
import type { RiskLevel } from '../../../contract/domain/kyc/risk-level';
import {
  APPLICATION_SCHEMA_VERSION,
  DOCUMENT_KINDS,
  type ApplicationDocument,
  type BusinessProof,
  type DocumentKind,
  type DocumentMimeType,
} from '../../../contract/domain/kyc/application';
import type { KycContext } from '../store/context';
import { getCaseRow } from '../store/case-rows';
import { statement } from '../store/statements';
import { RESUBMITTABLE_STATES } from '../../../contract/domain/kyc/case-states';
import { intakeAtCounter } from './counter-intake';

/**
 * An application typed in at the counter with its scanned files: what the clerk knows. The station
 * adds what it decides itself — the application id, the submission time (its own clock, which
 * starts the SLA) and the channel.
 */
export interface CounterEntry {
  readonly applicant: ApplicationFile['applicant'];
  readonly settlementCard: ApplicationFile['settlementCard'];
  /** A bank statement is its CSV document, read into rows here, as the bundle reader does. */
  readonly businessProof: ApplicationFile['businessProof'];
  readonly deviceFingerprint?: string | undefined;
  readonly documents: readonly CounterEntryDocument[];
  /**
   * The case this entry corrects: an application that was rejected or asked for more information
   * (a name typed wrongly, a new card). It is stored as that case's next submission, so every
   * check runs again on the corrected data and the case comes back to the queue.
   */
  readonly resubmits?: string | undefined;
}

export interface CounterEntryDocument {
  readonly id: string;
  readonly kind: DocumentKind;
  readonly mimeType: DocumentMimeType;
  /** As the counter PC computed it before sending; checked against the bytes that arrived. */
  readonly sha256: string;
  readonly bytes: Buffer;
}

export interface CounterEntryResult {
  readonly applicationId: string;
  readonly submission: number;
  readonly submittedAt: string;
  readonly risk: RiskLevel;
  readonly dueAt: string;
  readonly findings: { readonly error: number; readonly warning: number; readonly info: number };
}

/** Why a counter entry was refused, for the screen to say in the clerk's language. */
export type CounterRefusal =
  | 'kyc.counter.document_missing'
  | 'kyc.counter.document_mismatch'
  | 'kyc.counter.document_type'
  | 'kyc.counter.document_too_large'
  | 'kyc.counter.statement_invalid'
  | 'kyc.counter.not_resubmittable'
  | 'kyc.counter.invalid';

export interface CounterIssue extends BundleIssue {
  readonly reason: CounterRefusal;
}

/** Refused before anything was stored; every issue names a field of the entry. */
export class CounterEntryError extends Error {
  constructor(readonly issues: readonly CounterIssue[]) {
    super(issues.map((i) => `${i.field}: ${i.message}`).join('\n'));
    this.name = 'CounterEntryError';
  }
}

const EXTENSIONS: Record<DocumentMimeType, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'application/pdf': 'pdf',
  'text/csv': 'csv',
};

/** 'documents[2].sha256' (the reader's notation) → 'documents.2.sha256' (the contract's dotted path). */
export function dottedField(field: string): string {
  return field.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
}

function reasonFor(issue: BundleIssue): CounterRefusal {
  if (/^documents\[\d+\]\.sha256$/.test(issue.field)) return 'kyc.counter.document_mismatch';
  if (/^documents\[\d+\]$/.test(issue.field)) return 'kyc.counter.document_missing';
  return 'kyc.counter.invalid';
}

/**
 * This station's counter ids, KYC-C<station tag>-<sequence>: the shape of the generator's ids
 * (KYC-<tag>-<6 digits>), short enough for the queue's column. The tag (the first six hex digits
 * of the station id) keeps two stations' entries apart when both reach the hub; the sequence
 * continues from the highest id already in the store under that prefix.
 */
function nextApplicationId(ctx: KycContext): string {
  const tag = stationIdOf(ctx.db).replace(/-/g, '').slice(0, 6).toUpperCase();
  const prefix = `KYC-C${tag}-`;
  const last = statement(
    ctx.db,
    'SELECT id FROM kyc_applications WHERE substr(id, 1, ?) = ? ORDER BY length(id) DESC, id DESC LIMIT 1',
  )
    .pluck()
    .get(prefix.length, prefix) as string | undefined;
  const previous = last === undefined ? 0 : Number(last.slice(prefix.length));
  return `${prefix}${String(Number.isSafeInteger(previous) ? previous + 1 : 1).padStart(6, '0')}`;
}

/** The findings of the submission just stored (a correction's earlier submissions keep theirs). */
function counts(ctx: KycContext, applicationId: string): CounterEntryResult['findings'] {
  const rows = statement(
    ctx.db,
    `SELECT severity, COUNT(*) AS n FROM kyc_findings WHERE application_id = ?
       AND submission = (SELECT submission FROM kyc_applications WHERE id = ?) GROUP BY severity`,
  ).all(applicationId, applicationId) as { severity: 'error' | 'warning' | 'info'; n: number }[];
  const result = { error: 0, warning: 0, info: 0 };
  for (const row of rows) result[row.severity] = row.n;
  return result;
}

/**
 * Checks what only the bytes can tell (size, content type, the statement's rows) and that every
 * kind of document was scanned — the applicant is standing at the counter, so a forgotten scan is
 * put right now rather than sent to a reviewer — then stores the entry through intakeAtCounter
 * (the same checks, storage and audit as a bundle). A wrong ID check digit, a credit card or an
 * expired ID is not refused: the checks turn it into findings the reviewer sees.
 */
export function enterAtCounter(ctx: KycContext, entry: CounterEntry, actor: string): CounterEntryResult {
  const issues: CounterIssue[] = [];
  const issue = (field: string, reason: CounterRefusal, message: string) =>
    issues.push({ applicationId: null, field, reason, message });

  entry.documents.forEach((d, i) => {
    if (d.bytes.length > MAX_DOCUMENT_BYTES) {
      issue(
        `documents.${i}.base64`,
        'kyc.counter.document_too_large',
        `larger than ${MAX_DOCUMENT_BYTES} bytes`,
      );
      return;
    }
    const mismatch = contentMismatch(d.mimeType, d.bytes);
    if (mismatch !== null) issue(`documents.${i}.mimeType`, 'kyc.counter.document_type', mismatch);
  });

  const kinds = new Set(entry.documents.map((d) => d.kind));
  const missing = DOCUMENT_KINDS.filter((k) => !kinds.has(k));
  if (missing.length > 0) {
    issue('documents', 'kyc.counter.document_missing', `no document of kind ${missing.join(', ')}`);
  }

  const proof = entry.businessProof;
  const indexOf = (id: string) => entry.documents.findIndex((d) => d.id === id);
  const referenced =
    proof.type === 'qr_records'
      ? proof.documentIds.map((id, i) => ({ id, field: `businessProof.documentIds.${i}` }))
      : [{ id: proof.documentId, field: 'businessProof.documentId' }];
  if (proof.type === 'qr_records' && proof.documentIds.length === 0) {
    issue('businessProof.documentIds', 'kyc.counter.document_missing', 'no screenshot of the records');
  }
  for (const ref of referenced) {
    if (indexOf(ref.id) < 0) issue(ref.field, 'kyc.counter.document_missing', `no document ${ref.id}`);
  }

  let businessProof: BusinessProof | null = null;
  if (proof.type === 'bank_statement') {
    const index = indexOf(proof.documentId);
    const csv = entry.documents[index];
    if (csv !== undefined && csv.mimeType !== 'text/csv') {
      issue(`documents.${index}.mimeType`, 'kyc.counter.document_type', 'a bank statement must be text/csv');
    } else if (csv !== undefined && !issues.some((i) => i.field.startsWith(`documents.${index}.`))) {
      const parsed = parseStatementCsv(csv.bytes.toString('utf8'));
      if (parsed.ok) businessProof = { ...proof, rows: parsed.rows };
      else {
        for (const e of parsed.errors) {
          issue(
            `documents.${index}`,
            'kyc.counter.statement_invalid',
            `row ${e.row}${e.column ? ` ${e.column}` : ''}: ${e.message}`,
          );
        }
      }
    }
  } else {
    businessProof = proof;
  }
  if (issues.length > 0 || businessProof === null) throw new CounterEntryError(issues);

  if (entry.resubmits !== undefined) {
    const state = getCaseRow(ctx.db, entry.resubmits)?.state;
    if (state === undefined || !RESUBMITTABLE_STATES.includes(state)) {
      issue(
        'resubmits',
        'kyc.counter.not_resubmittable',
        state === undefined
          ? `no application ${entry.resubmits}`
          : `${entry.resubmits} is ${state.replace(/_/g, ' ')}; only a rejected case or one asked for more information can be corrected`,
      );
      throw new CounterEntryError(issues);
    }
  }
  const applicationId = entry.resubmits ?? nextApplicationId(ctx);
  const submittedAt = ctx.now();
  const documents: ApplicationDocument[] = entry.documents.map((d) => ({
    id: d.id,
    kind: d.kind,
    mimeType: d.mimeType,
    file: `documents/${d.id}.${EXTENSIONS[d.mimeType]}`,
    sha256: d.sha256,
  }));
  const application = {
    schemaVersion: APPLICATION_SCHEMA_VERSION,
    applicationId,
    submittedAt,
    channel: 'counter' as const,
    ...(entry.deviceFingerprint !== undefined ? { deviceFingerprint: entry.deviceFingerprint } : {}),
    applicant: entry.applicant,
    settlementCard: entry.settlementCard,
    businessProof,
    documents,
  };
  let stored;
  try {
    stored = intakeAtCounter(
      ctx,
      application,
      entry.documents.map((d) => ({ id: d.id, bytes: d.bytes })),
      actor,
    );
  } catch (error) {
    if (error instanceof BundleError) {
      throw new CounterEntryError(
        error.issues.map((i) => ({ ...i, field: dottedField(i.field), reason: reasonFor(i) })),
      );
    }
    throw error;
  }
  const expected = entry.resubmits === undefined ? 'submitted' : 'resubmitted';
  const row = getCaseRow(ctx.db, applicationId);
  if (stored.outcome !== expected || stored.risk === null || stored.dueAt === null || row === undefined) {
    // A fresh id can only be new and a correction a resubmission; anything else is a station fault.
    throw new Error(`Counter entry ${applicationId} was stored as ${stored.outcome}`);
  }
  return {
    applicationId,
    submission: row.submission,
    submittedAt,
    risk: stored.risk,
    dueAt: stored.dueAt,
    findings: counts(ctx, applicationId),
  };
}
