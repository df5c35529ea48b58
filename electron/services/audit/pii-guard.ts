import type { JsonValue } from './canonical-json';

/** Keys whose text values are secrets; flags and counts about them (mustChangePassword: true) are fine. */
const SECRET_KEY = /password|passwd|token|secret|one_?time|activation_?code/i;
/**
 * 15+ digits in a row (optionally ending in X) look like a resident ID (15/18) or a bank card
 * (16–19): the log must only ever see them masked, e.g. '6222********1234'.
 */
const RAW_NUMBER = /\d{15,}|\d{14,}[xX]/;

/**
 * The audit log lives forever and is exported for inspection, so it refuses what must never be in
 * it instead of trusting every caller: text under secret-named keys and unmasked ID/card numbers.
 */
export function assertAuditSafe(value: JsonValue | undefined, path: string): void {
  if (typeof value === 'string') {
    if (RAW_NUMBER.test(value)) {
      throw new Error(`Audit ${path} holds what looks like an unmasked ID or card number; mask it first.`);
    }
    return;
  }
  if (value === null || value === undefined || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((item: JsonValue, i) => assertAuditSafe(item, `${path}[${i}]`));
    return;
  }
  for (const [key, item] of Object.entries(value as { readonly [key: string]: JsonValue })) {
    if (SECRET_KEY.test(key) && (typeof item === 'string' || (typeof item === 'object' && item !== null))) {
      throw new Error(`Audit ${path}.${key} looks like a secret; secrets never go in the log.`);
    }
    assertAuditSafe(item, `${path}.${key}`);
  }
}
