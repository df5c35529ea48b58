import type { TFunction } from 'i18next';
import { knownKey } from '../../i18n/known-key';

/** A mutation kind in words ('claim.take' → 领取案件); an unknown kind shows as sent. */
export function kindWords(t: TFunction, kind: string): string {
  const key = knownKey(`sync.kinds.${kind.replace('.', '_')}`);
  return key ? t(key) : kind;
}

/** The hub's words for a refusal in the screen's language (the hub sends both). */
export function refusalWords(
  language: string,
  m: { message: string | null; messageZh: string | null },
): string {
  return (language === 'en' ? m.message : (m.messageZh ?? m.message)) ?? '';
}

/** What kind of refusal it is, in the station's own words ('STALE_TOKEN' → 领取已失效); null for a code it does not know. */
export function refusalTitle(t: TFunction, code: string | null): string | null {
  const key = code ? knownKey(`sync.refusals.${code}`) : null;
  return key ? t(key) : null;
}
