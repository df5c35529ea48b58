export type AccountErrorCode =
  | 'invalid_username'
  | 'invalid_display_name'
  | 'invalid_role'
  | 'weak_password'
  | 'wrong_password'
  | 'username_taken'
  | 'not_found'
  | 'last_admin'
  | 'session_expired';

/** An expected refusal from the accounts service; `field` names the offending input. */
export class AccountError extends Error {
  override readonly name = 'AccountError';

  constructor(
    readonly code: AccountErrorCode,
    message: string,
    readonly field?: string,
    /** A finer reason within the code (e.g. why a password was refused), for the UI's words. */
    readonly detail?: string,
  ) {
    super(message);
  }
}
