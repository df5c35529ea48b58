import { z } from 'zod';

export const ERROR_CODES = [
  'invalid_input',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'unknown_call',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const contractErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  /** A sentence the operator can act on; never a stack trace. */
  message: z.string(),
  /** Dotted path of the offending input field, when there is one. */
  field: z.string().optional(),
  /** A domain reason code (e.g. 'limit.credit.per_transaction') for the UI to translate. */
  reason: z.string().optional(),
});
export type ContractErrorShape = z.infer<typeof contractErrorSchema>;

/** Thrown by handlers for expected failures; anything else becomes 'internal'. */
export class ContractError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'ContractError';
  }

  toJSON(): ContractErrorShape {
    return {
      code: this.code,
      message: this.message,
      ...(this.field !== undefined ? { field: this.field } : {}),
      ...(this.reason !== undefined ? { reason: this.reason } : {}),
    };
  }
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ContractErrorShape };
