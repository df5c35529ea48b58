import { randomInt } from 'node:crypto';
import { AccountError } from './errors';
import { guessability, type GuessableWhy } from './password-strength';
import { ACCOUNT_POLICY } from './policy';

/** No 0/O, 1/l/I: one-time passwords are read off a screen and typed. */
const ONE_TIME_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
const ONE_TIME_LENGTH = 16;

/** 16 symbols from 55: about 92 bits, well above the policy minimum length. */
export function generateOneTimePassword(): string {
  let out = '';
  for (let i = 0; i < ONE_TIME_LENGTH; i++) out += ONE_TIME_ALPHABET[randomInt(ONE_TIME_ALPHABET.length)];
  return out;
}

/** Why a new password was refused: the reason code's last part (`account.weak_password.<why>`). */
export type PasswordRefusal =
  'too_short' | 'too_long' | 'blank' | 'contains_username' | 'same_as_current' | GuessableWhy;

const SENTENCES: Readonly<Record<PasswordRefusal, string>> = {
  too_short: `The password must have at least ${ACCOUNT_POLICY.minPasswordLength} characters.`,
  too_long: `The password may have at most ${ACCOUNT_POLICY.maxPasswordLength} characters.`,
  blank: 'The password cannot be only spaces.',
  contains_username: 'The password must not contain the user name.',
  same_as_current: 'The new password must differ from the current one.',
  common: 'This is one of the most common passwords (or a small change of one); choose another.',
  repeated: 'Repeated characters or blocks (like "aaaa" or "abcabc") are easy to guess.',
  sequence: 'Sequences like "abcd" or "1234" are easy to guess.',
  keyboard: 'Keys next to each other on the keyboard (like "qwerty") are easy to guess.',
  dates: 'Dates and years are easy to guess.',
  words: 'A single common word or name is easy to guess; use several unrelated words.',
  personal: 'The password is built from the user name, display name or the station’s own words.',
  guessable: 'The password is too easy to guess; make it longer, e.g. a few unrelated words.',
};

/**
 * Throws 'weak_password' naming `field`, and the exact reason, when a new password breaks the
 * policy: length, the user's own name, the current password, and guessability by a maintained
 * strength estimator (zxcvbn: common-password lists, repeats, sequences, keyboard walks, dates).
 * Every path that sets a chosen password goes through here (the first-sign-in change, a given
 * password for a new user).
 */
export function checkNewPassword(
  password: string,
  context: {
    readonly username: string;
    readonly displayName?: string;
    readonly field: string;
    readonly current?: string;
  },
): void {
  const refuse = (why: PasswordRefusal): never => {
    throw new AccountError('weak_password', SENTENCES[why], context.field, why);
  };
  const length = [...password.normalize('NFKC')].length;
  if (length < ACCOUNT_POLICY.minPasswordLength) refuse('too_short');
  if (length > ACCOUNT_POLICY.maxPasswordLength) refuse('too_long');
  if (password.trim() === '') refuse('blank');
  if (password.toLowerCase().includes(context.username.toLowerCase())) refuse('contains_username');
  if (context.current !== undefined && password === context.current) refuse('same_as_current');
  const why = guessability(password, [context.username, context.displayName ?? '']);
  if (why !== null) refuse(why);
}
