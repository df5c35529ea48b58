import type { PinnedRoot } from '../../native/attestation/verify-chain';
import type { Role } from '../../electron/contract/define';
import type { Sql } from '../db/db';
import type { Refusal } from '../refusals';

/** The hub's roles are the station's: one list (electron/contract/define.ts ROLES). */
export type { Role };

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** One mutation as a station sends it (docs/sync.md §3). */
export interface MutationIn {
  readonly id: string;
  readonly kind: string;
  readonly operator: string;
  readonly basis?: { readonly token?: number } | null;
  readonly payload?: unknown;
  readonly createdAt?: string;
}

export type Answer =
  | { readonly id: string; readonly status: 'accepted'; readonly result: Json }
  | {
      readonly id: string;
      readonly status: 'refused';
      readonly code: string;
      readonly message: string;
      readonly messageZh: string;
    }
  | { readonly id: string; readonly status: 'retry'; readonly code: 'HUB_BUSY'; readonly message: string };

export interface HubConfig {
  /** How long a claim lasts without renewal (the hub clock decides). */
  readonly leaseSeconds: number;
  /**
   * The manufacturer roots every station pins already (resources/ca/production-root.pem, or
   * `hub serve --built-in-roots`): never a maker (MAKER_ROOT_BUILT_IN).
   */
  readonly builtInRoots: readonly PinnedRoot[];
}

export interface Operator {
  readonly username: string;
  readonly role: Role;
}

/** What a kind's handler gets: the open transaction, who sent it, and the hub's settings. */
export interface MutationContext {
  readonly q: Sql;
  readonly stationId: string;
  readonly operator: Operator;
  readonly config: HubConfig;
}

/** One mutation of a run (KindHandler.applyRun), with its operator already checked. */
export interface RunItem {
  readonly m: MutationIn;
  readonly operator: Operator;
}

export interface KindHandler {
  readonly roles: readonly Role[];
  apply(ctx: MutationContext, m: MutationIn): Promise<Json>;
  /**
   * Optional, for kinds a station sends by the thousand: consecutive mutations of this kind
   * decided together in a few statements, each as `apply` would, in order. Returns each one's
   * result, or its Refusal — and a refusal must come from checks before any write (the run has no
   * savepoints between its mutations).
   */
  applyRun?(ctx: Omit<MutationContext, 'operator'>, items: readonly RunItem[]): Promise<(Json | Refusal)[]>;
}

export function iso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}
