import type { Db } from '../../../store/database';
import { DomainError } from '../../../contract/domain/errors';
import { applicationFileSchema, type ApplicationFile } from '../../../contract/domain/kyc/application-file';
import type { Application } from '../../../contract/domain/kyc/application';
import type { RiskLevel } from '../../../contract/domain/kyc/risk-level';
import type { CaseState } from '../../../contract/domain/kyc/case-states';
import { proofSummary, type ProofSummary } from './proof-summary';
import type { KycSecrets } from './secrets';
import { statement } from './statements';

/** One row of kyc_applications without its sealed blob: everything the queue and workflow read. */
export interface CaseRow {
  readonly id: string;
  readonly state: CaseState;
  readonly channel: string;
  readonly submission: number;
  readonly first_submitted_at: string;
  readonly submitted_at: string;
  readonly due_at: string;
  readonly risk: RiskLevel;
  readonly assignee_id: string | null;
  readonly assignee_name: string | null;
  readonly lease_expires_at: string | null;
  readonly first_approver_id: string | null;
  /** While in review: the waiting state it was claimed from, which a release gives back. */
  readonly claimed_from: CaseState | null;
  readonly name_masked: string;
  readonly id_masked: string;
  readonly card_masked: string;
  readonly phone_masked: string;
  readonly address_masked: string;
  readonly content_sha256: string;
  readonly version: number;
  readonly updated_at: string;
}

export const CASE_COLUMNS =
  'id, state, channel, submission, first_submitted_at, submitted_at, due_at, risk, assignee_id, assignee_name, ' +
  'lease_expires_at, first_approver_id, claimed_from, name_masked, id_masked, card_masked, phone_masked, address_masked, ' +
  'content_sha256, version, updated_at';

export function getCaseRow(db: Db, id: string): CaseRow | undefined {
  return statement(db, `SELECT ${CASE_COLUMNS} FROM kyc_applications WHERE id = ?`).get(id) as
    CaseRow | undefined;
}

/** The AEAD context of an application's sealed blob: it cannot be moved to another row. */
export function applicationContext(id: string): string {
  return `application:${id}`;
}

/**
 * What is sealed of an application: everything but a bank statement's rows, which already live in
 * the statement's encrypted CSV document (they are most of an application's size), plus the proof
 * summary the case view shows.
 */
export interface StoredApplication {
  readonly application: ApplicationFile;
  readonly proof: ProofSummary;
}

export function sealApplication(secrets: KycSecrets, app: Application): Buffer {
  const proof = app.businessProof;
  const stored = {
    application: {
      ...app,
      businessProof:
        proof.type === 'bank_statement' ? { type: proof.type, documentId: proof.documentId } : proof,
    },
    proof: proofSummary(proof),
  };
  return secrets.seal(Buffer.from(JSON.stringify(stored), 'utf8'), applicationContext(app.applicationId));
}

/** The application as sealed, decrypted: only for SMS sending, the case view and audited reveals. */
export function openApplication(db: Db, secrets: KycSecrets, id: string): StoredApplication {
  const row = statement(db, 'SELECT sealed_application, redacted_at FROM kyc_applications WHERE id = ?').get(
    id,
  ) as { sealed_application: Buffer; redacted_at: string | null } | undefined;
  const blob = row?.sealed_application;
  if (!Buffer.isBuffer(blob)) throw new Error(`Application ${id} is not in the store.`);
  if (row!.redacted_at !== null)
    throw new DomainError(
      'wrong_state',
      `Case ${id} was reviewed here as a copy of another station's case; it has left this station and its application record was removed here (the hub keeps it). Claim it again to review it.`,
      undefined,
      'kyc.review_copy.redacted',
      { applicationId: id },
    );
  const stored = JSON.parse(secrets.open(blob, applicationContext(id)).toString('utf8')) as {
    application: unknown;
    proof: ProofSummary;
  };
  return { application: applicationFileSchema.parse(stored.application), proof: stored.proof };
}

type Updatable = Partial<
  Pick<
    CaseRow,
    | 'state'
    | 'submission'
    | 'submitted_at'
    | 'due_at'
    | 'risk'
    | 'assignee_id'
    | 'assignee_name'
    | 'lease_expires_at'
    | 'first_approver_id'
    | 'claimed_from'
    | 'name_masked'
    | 'id_masked'
    | 'card_masked'
    | 'phone_masked'
    | 'address_masked'
    | 'content_sha256'
  >
> & { sealed_application?: Buffer };

/**
 * Writes a case's changed columns if it is still at `expectedVersion`, and bumps the version.
 * Returns the new version; throws when someone else changed the case in between, which the
 * immediate transactions of the workflow make a programming error rather than a race.
 */
export function updateCase(
  db: Db,
  id: string,
  expectedVersion: number,
  at: string,
  given: Updatable,
): number {
  // A case leaving review, by whatever step, forgets the state it was claimed from (the table's
  // CHECK holds it to that): one rule here rather than in every step.
  const fields: Updatable =
    given.state !== undefined && given.state !== 'in_review' ? { claimed_from: null, ...given } : given;
  const names = Object.keys(fields) as (keyof Updatable)[];
  const sets = names.map((n) => `${n} = @${n}`).join(', ');
  const result = statement(
    db,
    `UPDATE kyc_applications SET ${sets}${sets ? ', ' : ''}version = version + 1, updated_at = @updated_at WHERE id = @id AND version = @expected`,
  ).run({ ...fields, id, expected: expectedVersion, updated_at: at });
  if (result.changes !== 1) throw new Error(`Case ${id} changed while it was being updated.`);
  return expectedVersion + 1;
}
