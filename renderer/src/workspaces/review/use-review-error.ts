import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { StationCallError } from '../../bridge/station-bridge';

/**
 * Shows a failed review call in the operator's language: the station's reason code picks the
 * translated sentence; the station's own (English) message is kept as detail for anything else.
 */
export function useReviewError(): (error: unknown) => void {
  const { message } = App.useApp();
  const { t, i18n } = useTranslation();
  return (error) => {
    if (!(error instanceof StationCallError)) {
      void message.error(t('errors.generic'));
      return;
    }
    const key = error.error.reason ? `review.errors.${error.error.reason.replaceAll('.', '_')}` : null;
    const text = key && i18n.exists(key) ? `${t(key)}（${error.error.message}）` : error.error.message;
    void message.error(text);
  };
}
