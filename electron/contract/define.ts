import type { z } from 'zod';

export const ROLES = [
  'warehouse',
  'reviewer',
  'senior_reviewer',
  'support',
  'support_lead',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** Who works the review queue: claims, decisions, unmasked numbers. */
export const REVIEWER_ROLES = ['reviewer', 'senior_reviewer'] as const satisfies readonly Role[];
/** Who may read the queue and its cases: the reviewers, and the admin who oversees them. */
export const REVIEW_READER_ROLES = [...REVIEWER_ROLES, 'admin'] as const satisfies readonly Role[];

/** The after-sales desk: support staff, their lead, and the admin. */
export const SUPPORT_ROLES = ['support', 'support_lead', 'admin'] as const satisfies readonly Role[];
/** Who works the provisioning floor (binding, evidence, shipments): the warehouse and the support desk. */
export const PROVISIONING_ROLES = ['warehouse', ...SUPPORT_ROLES] as const satisfies readonly Role[];
/**
 * The second person of the support desk's four-eyes rules (unfreezing a unit, a waiver above the
 * support limit): the support lead or the admin — never the person who asked.
 */
export const SUPPORT_SECOND_PERSON_ROLES = ['support_lead', 'admin'] as const satisfies readonly Role[];

export function isReviewer(role: Role): boolean {
  return (REVIEWER_ROLES as readonly Role[]).includes(role);
}

/**
 * Who may make a call. 'public' calls work before sign-in (sign-in itself, the station's status);
 * 'signed-in' accepts any role; a role list accepts only those roles.
 */
export type Access = 'public' | 'signed-in' | readonly Role[];

export interface CallSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly access: Access;
  /** One line for the contract's reference and for audit records. */
  readonly summary: string;
}

export function defineCall<I extends z.ZodType, O extends z.ZodType>(spec: CallSpec<I, O>): CallSpec<I, O> {
  return spec;
}

export interface EventSpec<P extends z.ZodType = z.ZodType> {
  readonly payload: P;
  readonly access: Access;
}

export function defineEvent<P extends z.ZodType>(spec: EventSpec<P>): EventSpec<P> {
  return spec;
}

export function allows(access: Access, role: Role | null): boolean {
  if (access === 'public') return true;
  if (role === null) return false;
  if (access === 'signed-in') return true;
  return access.includes(role);
}
