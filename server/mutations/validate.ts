import type { z } from 'zod';
import { refuse } from '../refusals';
import type { MutationIn } from './types';

/** The payload as the kind expects it, or BAD_MUTATION naming the first wrong field. */
export function parsePayload<S extends z.ZodType>(schema: S, m: MutationIn): z.infer<S> {
  const parsed = schema.safeParse(m.payload ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw refuse.badMutation(['payload', ...issue.path.map(String)].join('.'), issue.message);
}

/**
 * The basis token of a kind that carries one (docs/sync.md §3), judged per kind, not by the push
 * schema: a claim kind's fencing token, or the case version a resubmission was made on. 0 is a
 * whole token that was never granted (tokens start at 1), so a decision sent without a claim is
 * answered STALE_TOKEN by its kind instead of failing as malformed.
 */
export function requireToken(m: MutationIn, what: string): number {
  const token = m.basis?.token;
  if (typeof token !== 'number' || !Number.isInteger(token) || token < 0)
    throw refuse.badMutation('basis.token', `${what} (a whole number, 0 or more)`);
  return token;
}
