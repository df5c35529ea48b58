import type { Operator } from '../../../contract/context';
import type { RiskLevel } from '../../../contract/domain/kyc/risk-level';

/** What the authority needs to know of a case it may never have heard of (submitted with the first claim). */
export interface CaseFacts {
  readonly applicationId: string;
  /** The applicant's mobile number, for the decision's SMS (the hub sends it). */
  readonly phone: string;
  /** The SLA due time (ISO), which orders the hub's claim-next. */
  readonly dueAt: string;
  /** The risk this station assessed: the hub asks for a second approval by it (needsSecondApproval). */
  readonly risk: RiskLevel;
  /**
   * The case's current documents, opened (read only when the authority takes the case in); those
   * whose bytes left this station (document-drops.ts) are not among them — the hub has them.
   */
  readonly documents: () => readonly CaseDocumentBytes[];
  /**
   * The case was not taken in here (this store holds none of it, or a review copy): the authority
   * knows it already and is never told of it as new.
   */
  readonly fromAuthority?: boolean;
}

export interface CaseDocumentBytes {
  /** The application's own document id (e.g. 'id-front'): the same at every station. */
  readonly docId: string;
  readonly kind: string;
  readonly bytes: Buffer;
}

export type HubOutcome =
  { readonly outcome: 'approve' } | { readonly outcome: 'reject'; readonly reason: string };

/**
 * Who grants claims and accepts decisions. The review workflow asks it before it records a claim
 * and tells it each decision it recorded. A standalone station is its own authority (every call
 * is a no-op and the local store decides, exactly as before); a station enrolled with a hub uses
 * `hubReviewAuthority` (electron/services/sync), where only the hub grants claims and a decision
 * carries the fencing token of the claim it was made under.
 */
export interface ReviewAuthority {
  /** True when claims are decided elsewhere (claim-next then walks local candidates through it). */
  readonly shared: boolean;
  /** Grants (or renews) a claim before the station records it; throws a ContractError when refused. */
  claim(operator: Operator, facts: () => CaseFacts): Promise<void>;
  /** Whether another station holds this case, as far as the station last heard. */
  heldElsewhere(applicationId: string): boolean;
  /**
   * A shared authority's next case of its whole queue, granted to the operator (and, when this
   * store does not hold it, copied here before it returns): its id; null when it has none to give
   * (or is not shared).
   */
  claimNext(operator: Operator): Promise<string | null>;
  /** Gives a claim back (also after a request for information, which closes the reviewer's turn). */
  release(operator: Operator, applicationId: string): Promise<void>;
  /** A decision the station recorded: carried to the authority with the basis it was made on. */
  decided(operator: Operator, applicationId: string, outcome: HubOutcome): void;
  /** New cases taken in here (bundle import, counter entry): the authority hears of them, documents too. */
  takenIn(operator: Operator, cases: readonly (() => CaseFacts)[]): void;
  /** Corrected cases taken in here (a resubmission): the authority hears of the correction and its documents. */
  resubmitted(operator: Operator, cases: readonly (() => CaseFacts)[]): void;
}

/** The standalone station: nobody else to ask, the local store is the authority. */
export const standaloneAuthority: ReviewAuthority = {
  shared: false,
  claim: () => Promise.resolve(),
  claimNext: () => Promise.resolve(null),
  heldElsewhere: () => false,
  release: () => Promise.resolve(),
  decided: () => undefined,
  takenIn: () => undefined,
  resubmitted: () => undefined,
};
