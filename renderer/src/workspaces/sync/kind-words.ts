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
