import type { TFunction } from 'i18next';
import type { Sentence } from './types';

/** Bytes as KiB/MiB: what a flash bar shows next to its speed. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

export function formatDuration(seconds: number, t: TFunction): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t('provisioning.units.seconds', { s });
  if (s < 3600) return t('provisioning.units.minutes', { m: Math.floor(s / 60), s: s % 60 });
  return t('provisioning.units.hours', { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
}

/** The services' two-language sentences, in the language the operator chose. */
export function inLanguage(sentence: Sentence, language: string): string {
  return language === 'en' ? sentence.en : sentence.zh;
}

/** A reason code as a label in the operator's language; an unlisted code never shows raw. */
export function reasonLabel(code: string, t: TFunction): string {
  return t(`provisioning.reasonCodes.${code}`, { defaultValue: t('provisioning.reasonCodes.unknown') });
}
