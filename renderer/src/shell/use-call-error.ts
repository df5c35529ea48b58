import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { StationCallError } from '../bridge/station-bridge';
import { knownKey } from '../i18n/known-key';

/**
 * A failed call as one sentence in the operator's language: the station's reason code picks the
 * translated sentence (a workspace's own `<workspace>.errors.*` first, then the shell's
 * `errors.*`), which is complete on its own; the station's own English message is shown only when
 * no sentence is known, so a Chinese screen never mixes in an English repeat of what it just said.
 */
export function callErrorWords(error: unknown, t: TFunction, workspace?: string): string {
  if (!(error instanceof StationCallError)) return t('errors.generic');
  const reason = error.error.reason?.replaceAll('.', '_');
  const key = reason
    ? ((workspace ? knownKey(`${workspace}.errors.${reason}`) : null) ?? knownKey(`errors.${reason}`))
    : null;
  // A sentence may name values the station sent with the reason (e.g. since when offline sign-in expired).
  if (!key) return t('errors.detail', { detail: error.error.message });
  // The keys are checked at runtime (knownKey), so the sentence is looked up untyped.
  return (t as (k: string, v?: Record<string, string>) => string)(key, error.error.params);
}

/** Shows a failed call as one message (callErrorWords). */
export function useCallError(workspace?: string): (error: unknown) => void {
  const { message } = App.useApp();
  const { t } = useTranslation();
  return (error) => void message.error(callErrorWords(error, t, workspace));
}
