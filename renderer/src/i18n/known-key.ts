import type { ParseKeys } from 'i18next';
import { i18n } from './index';

/**
 * A key built at run time from a code the station sent (an error reason, an audit action): it is
 * a key only if the loaded strings hold it, so a code without words falls back to the caller's
 * choice instead of showing itself on the screen.
 */
export function knownKey(key: string): ParseKeys | null {
  return i18n.exists(key) ? (key as ParseKeys) : null;
}
