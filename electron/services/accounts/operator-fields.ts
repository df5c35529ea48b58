import { ROLES, type Role } from '../../contract/define';
import {
  DISPLAY_NAME_MAX,
  USERNAME_MAX,
  USERNAME_PATTERN,
} from '../../contract/domain/accounts/operator-fields';
import { AccountError } from './errors';

/** User names are matched case-insensitively: stored and compared in lower case. */
export function normalizeUsername(raw: string): string {
  return raw.trim().toLowerCase();
}

export function checkUsername(raw: string): string {
  const username = normalizeUsername(raw);
  if (!USERNAME_PATTERN.test(username)) {
    throw new AccountError(
      'invalid_username',
      `A user name is 2–${USERNAME_MAX} characters: a letter, then letters, digits, dot, dash or underscore.`,
      'username',
    );
  }
  return username;
}

export function checkDisplayName(raw: string): string {
  const name = raw.trim();
  // Control characters would let a name forge extra lines in listings and logs.
  if (name.length === 0 || name.length > DISPLAY_NAME_MAX || /\p{Cc}/u.test(name)) {
    throw new AccountError(
      'invalid_display_name',
      `The display name must be 1–${DISPLAY_NAME_MAX} printable characters.`,
      'displayName',
    );
  }
  return name;
}

export function checkRole(raw: string): Role {
  const role = ROLES.find((r) => r === raw);
  if (!role) throw new AccountError('invalid_role', `The role must be one of: ${ROLES.join(', ')}.`, 'role');
  return role;
}
