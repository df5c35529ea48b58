/** What the chaos run records and what its checker reads. */

/** One reviewer operation: the mutation it sent and how the hub answered it. */
export interface OpRecord {
  readonly station: string;
  readonly reviewer: string;
  readonly kind: 'claim.take' | 'claim.next' | 'claim.renew' | 'claim.release' | 'review.decide';
  readonly mutationId: string;
  readonly caseId: string | null;
  readonly token: number | null;
  readonly invokedAt: number;
  /** Null while unanswered (the station never heard back). */
  readonly completedAt: number | null;
  readonly outcome:
    | { readonly state: 'accepted'; readonly result: ClaimResult }
    | { readonly state: 'refused'; readonly code: string }
    | null;
}

/** The parts of an accepted claim or decision the checker reads (hub clock, ISO times). */
export interface ClaimResult {
  readonly caseId?: string;
  readonly token?: number;
  readonly leaseUntil?: string;
  readonly grantedAt?: string;
  readonly endedAt?: string;
}

/** What a station holds after the faults healed and it synced once more. */
export interface StationReport {
  readonly station: string;
  readonly attention: readonly string[];
  readonly pending: number;
  readonly cases: Readonly<Record<string, unknown>>;
}

/** The hub's truth at the end. */
export interface HubReport {
  /** station id → mutation id → stored status. */
  readonly mutations: Readonly<Record<string, Readonly<Record<string, 'accepted' | 'refused'>>>>;
  /** Mutation ids of every review.decide the hub applied (its audit records), with repeats. */
  readonly decisionsApplied: readonly string[];
  readonly cases: Readonly<Record<string, unknown>>;
}

export interface Anomaly {
  readonly kind:
    | 'double-lease'
    | 'token-reused'
    | 'decision-not-once'
    | 'ack-lost'
    | 'refusal-not-visible'
    | 'answer-differs'
    | 'unanswered'
    | 'view-diverged';
  readonly detail: string;
}
