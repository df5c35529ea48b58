import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { StationCallError } from '../bridge/station-bridge';

/**
 * Shows a failed call as one message in the operator's language: the station's reason code picks
 * the translated sentence (a workspace's own `<workspace>.errors.*` first, then the shell's
 * `errors.*`), which is complete on its own; the station's own English message is shown only when
 * no sentence is known, so a Chinese screen never mixes in an English repeat of what it just said.
 */
export function useCallError(workspace?: string): (error: unknown) => void {
  const { message } = App.useApp();
  const { t, i18n } = useTranslation();
  return (error) => {
    if (!(error instanceof StationCallError)) {
      void message.error(t('errors.generic'));
      return;
    }
    const reason = error.error.reason?.replaceAll('.', '_');
    const key = [
      workspace && reason ? `${workspace}.errors.${reason}` : null,
      reason ? `errors.${reason}` : null,
    ].find((k): k is string => k !== null && i18n.exists(k));
    void message.error(key ? t(key) : t('errors.detail', { detail: error.error.message }));
  };
}
