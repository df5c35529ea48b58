import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { StationCallError } from '../bridge/station-bridge';

/**
 * Shows a failed call as one message in the operator's language: the station's reason code picks
 * the translated sentence (a workspace's own `<workspace>.errors.*` first, then the shell's
 * `errors.*`); the station's own English message is kept as detail, and used alone when no
 * sentence is known.
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
    void message.error(key ? `${t(key)}（${error.error.message}）` : error.error.message);
  };
}
