import { randomInt } from 'node:crypto';
import { AccountError } from './errors';
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

/** Throws 'weak_password' naming `field` when a new password breaks the policy. */
export function checkNewPassword(
  password: string,
  context: { readonly username: string; readonly field: string; readonly current?: string },
): void {
  const length = [...password.normalize('NFKC')].length;
  const refuse = (message: string) => {
    throw new AccountError('weak_password', message, context.field);
  };
  if (length < ACCOUNT_POLICY.minPasswordLength) {
    refuse(`The password must have at least ${ACCOUNT_POLICY.minPasswordLength} characters.`);
  }
  if (length > ACCOUNT_POLICY.maxPasswordLength) {
    refuse(`The password may have at most ${ACCOUNT_POLICY.maxPasswordLength} characters.`);
  }
  if (password.trim() === '') refuse('The password cannot be only spaces.');
  if (password.toLowerCase().includes(context.username.toLowerCase())) {
    refuse('The password must not contain the user name.');
  }
  if (context.current !== undefined && password === context.current) {
    refuse('The new password must differ from the current one.');
  }
}
