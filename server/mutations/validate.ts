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

export function requireToken(m: MutationIn): number {
  const token = m.basis?.token;
  if (typeof token !== 'number' || !Number.isInteger(token) || token < 1)
    throw refuse.badMutation('basis.token', 'the fencing token of your claim (a positive integer)');
  return token;
}
