import { z } from 'zod';
import { DomainError, type Refusal } from './domain/errors';

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
  /** Values the reason's sentence names (e.g. a date), for the UI's translation. */
  params: z.record(z.string(), z.string()).optional(),
});
export type ContractErrorShape = z.infer<typeof contractErrorSchema>;

/** Thrown by handlers for expected failures; anything else becomes 'internal'. */
export class ContractError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly reason?: string,
    readonly params?: Readonly<Record<string, string>>,
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
      ...(this.params !== undefined ? { params: { ...this.params } } : {}),
    };
  }
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ContractErrorShape };

/** Which contract error each domain refusal reaches a caller as: the one translation. */
export const CONTRACT_CODE_OF_REFUSAL: Readonly<Record<Refusal, ErrorCode>> = {
  bad_value: 'invalid_input',
  not_found: 'not_found',
  wrong_state: 'conflict',
  not_allowed: 'forbidden',
  unavailable: 'unavailable',
};

/** A service's refusal as the contract error the caller receives (message, field and reason kept). */
export function contractErrorOf(error: DomainError): ContractError {
  return new ContractError(
    CONTRACT_CODE_OF_REFUSAL[error.refusal],
    error.message,
    error.field,
    error.reason,
    error.params,
  );
}

/** Expected failures as the contract error a caller receives; anything else is returned as is. */
export function asContractError(error: unknown): unknown {
  return error instanceof DomainError ? contractErrorOf(error) : error;
}
