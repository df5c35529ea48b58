import type { Operator } from '../../../contract/context';
import type { KycContext } from '../store/context';
import {
  verifyActivationCode,
  DEFAULT_ACTIVATION_CODE_TTL_MS,
  type ActivationVerdict,
} from './activation-codes';
import { claimCase, claimNextCase, releaseCase, DEFAULT_LEASE_MS, type ClaimResult } from './claims';
import { approveCase, rejectCase, requestInfo, type ApprovalResult } from './decisions';
import { decideDocument, type DocumentDecisionInput } from './document-decisions';
import type { RevealableField } from '../../../contract/kyc';
import { revealField, viewDocument } from './reveal';
import type { CaseState } from '../../../contract/domain/kyc/case-states';

export interface ReviewWorkflowOptions {
  readonly leaseMs?: number;
  readonly activationCodeTtlMs?: number;
}

/** A decision that names its reasons (reject, request more information). */
export type ReasonedDecision<R> = (
  operator: Operator,
  applicationId: string,
  reasonCodes: readonly string[],
  note?: string,
) => R;

/** A decision the merchant is told of by SMS. */
export interface NoticedDecision {
  readonly state: CaseState;
  readonly smsId: string;
}

/** The reviewer's actions on the queue; each is one immediate transaction with its audit record and mutation. */
export interface ReviewWorkflow {
  claimNext(operator: Operator): ClaimResult | null;
  /** Claims a case, or renews the lease on one the operator holds. */
  claim(operator: Operator, applicationId: string): ClaimResult;
  release(operator: Operator, applicationId: string): { state: CaseState };
  decideDocument(operator: Operator, input: DocumentDecisionInput): void;
  approve(operator: Operator, applicationId: string, note?: string): ApprovalResult;
  reject: ReasonedDecision<NoticedDecision>;
  requestInfo: ReasonedDecision<NoticedDecision>;
  reveal(operator: Operator, applicationId: string, field: RevealableField): { value: string };
  viewDocument(
    operator: Operator,
    applicationId: string,
    documentId: string,
  ): { mimeType: string; sha256: string; bytes: Buffer };
  verifyActivationCode(code: string, actor: string): ActivationVerdict;
}

export function createReviewWorkflow(ctx: KycContext, options: ReviewWorkflowOptions = {}): ReviewWorkflow {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const decisionOptions = {
    activationCodeTtlMs: options.activationCodeTtlMs ?? DEFAULT_ACTIVATION_CODE_TTL_MS,
  };
  return {
    claimNext: (operator) => claimNextCase(ctx, leaseMs, operator),
    claim: (operator, id) => claimCase(ctx, leaseMs, operator, id),
    release: (operator, id) => releaseCase(ctx, operator, id),
    decideDocument: (operator, input) => decideDocument(ctx, operator, input),
    approve: (operator, id, note) => approveCase(ctx, decisionOptions, operator, id, note),
    reject: (operator, id, codes, note) => rejectCase(ctx, operator, id, codes, note),
    requestInfo: (operator, id, codes, note) => requestInfo(ctx, operator, id, codes, note),
    reveal: (operator, id, field) => revealField(ctx, operator, id, field),
    viewDocument: (operator, id, documentId) => viewDocument(ctx, operator, id, documentId),
    verifyActivationCode: (code, actor) => verifyActivationCode(ctx, code, actor),
  };
}
