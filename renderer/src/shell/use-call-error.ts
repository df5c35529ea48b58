import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { StationCallError } from '../bridge/station-bridge';
import { knownKey } from '../i18n/known-key';

/**
 * Shows a failed call as one message in the operator's language: the station's reason code picks
 * the translated sentence (a workspace's own `<workspace>.errors.*` first, then the shell's
 * `errors.*`), which is complete on its own; the station's own English message is shown only when
 * no sentence is known, so a Chinese screen never mixes in an English repeat of what it just said.
 */
export function useCallError(workspace?: string): (error: unknown) => void {
  const { message } = App.useApp();
  const { t } = useTranslation();
  return (error) => {
    if (!(error instanceof StationCallError)) {
      void message.error(t('errors.generic'));
      return;
    }
    const reason = error.error.reason?.replaceAll('.', '_');
    const key = reason
      ? ((workspace ? knownKey(`${workspace}.errors.${reason}`) : null) ?? knownKey(`errors.${reason}`))
      : null;
    // A sentence may name values the station sent with the reason (e.g. since when offline sign-in expired).
    const sentence = key
      ? (t as (k: string, v?: Record<string, string>) => string)(key, error.error.params)
      : null;
    void message.error(sentence ?? t('errors.detail', { detail: error.error.message }));
  };
}
