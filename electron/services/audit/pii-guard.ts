import type { JsonValue } from './canonical-json';

/** Keys whose text values are secrets; flags and counts about them (mustChangePassword: true) are fine. */
const SECRET_KEY = /password|passwd|token|secret|one_?time|activation_?code/i;
/**
 * A resident ID (15 digits, or 17 and a check character) or a bank card (16–19 digits, perhaps in
 * groups) standing alone: the log may only see them masked, e.g. '6222********1234'. "Standing
 * alone" keeps hex digests (firmware and document hashes), where digit runs touch letters, legal.
 */
const RAW_ID_OR_CARD =
  /(?<![0-9A-Za-z])(?:\d{17}[0-9Xx]|\d{15}|\d{4}(?:[ -]?\d{4}){2}[ -]?\d{4,7})(?![0-9A-Za-z])/;
/** As a JSON number an ID or card is at least 10^14; amounts in fen and epoch milliseconds stay far below. */
const RAW_NUMBER_FLOOR = 1e14;

function refuseNumber(path: string): never {
  throw new Error(`Audit ${path} holds what looks like an unmasked ID or card number; mask it first.`);
}

/**
 * The audit log lives forever and is exported for inspection, so it refuses what must never be in
 * it instead of trusting every caller: text under secret-named keys and unmasked ID/card numbers.
 */
export function assertAuditSafe(value: JsonValue | undefined, path: string): void {
  if (typeof value === 'string') {
    if (RAW_ID_OR_CARD.test(value)) refuseNumber(path);
    return;
  }
  if (typeof value === 'number') {
    if (Math.abs(value) >= RAW_NUMBER_FLOOR) refuseNumber(path);
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
