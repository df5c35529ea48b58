/**
 * Why a domain rule refused, in the domain's own words. Services throw these and know nothing of
 * the contract; `contractErrorOf` (contract/errors.ts) is the one place that says which contract
 * error code each refusal reaches a caller as.
 */
export const REFUSALS = [
  /** A value the caller gave breaks a rule (names the field). */
  'bad_value',
  /** The thing named does not exist (here). */
  'not_found',
  /** The thing is in a state that does not allow this now (held by another, already decided…). */
  'wrong_state',
  /** This person may not do this to this thing, whatever their role lets them call. */
  'not_allowed',
  /** Something the rule needs is missing or down (a calendar, a file, a peer). */
  'unavailable',
] as const;
export type Refusal = (typeof REFUSALS)[number];

/** An expected refusal from a service: a sentence the operator can act on, never a stack trace. */
export class DomainError extends Error {
  constructor(
    readonly refusal: Refusal,
    message: string,
    /** Dotted path of the offending input field, when there is one. */
    readonly field?: string,
    /** A domain reason code (e.g. 'kyc.claim.held') for the UI to translate. */
    readonly reason?: string,
    /** Values the reason's translated sentence names (e.g. a date), so every language can say them. */
    readonly params?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
