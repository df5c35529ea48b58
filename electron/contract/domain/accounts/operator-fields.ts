/** An operator's fields as the accounts service accepts them; the contract's bounds derive from these. */

/** A letter, then letters, digits, dot, dash or underscore: 2 to USERNAME_MAX characters, lower case. */
export const USERNAME_MAX = 32;
export const USERNAME_PATTERN = new RegExp(`^[a-z][a-z0-9._-]{1,${USERNAME_MAX - 1}}$`);

export const DISPLAY_NAME_MAX = 64;
