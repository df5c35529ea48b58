import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { StationCallError } from '../../bridge/station-bridge';
import { useCallError } from '../../shell/use-call-error';

/**
 * The shell's error message, plus one case the reason alone cannot word: a bad ledger row, whose
 * row and column the station names in its (English) message — said again here in the operator's
 * language so a Chinese screen stays Chinese.
 */
export function useSupportError(): (error: unknown) => void {
  const { message } = App.useApp();
  const { t } = useTranslation();
  const shell = useCallError('support');
  return (error) => {
    if (error instanceof StationCallError && error.error.reason === 'support.ledger.invalid') {
      const found = /row (\d+), field '([^']+)'/.exec(error.error.message);
      if (found) {
        void message.error(t('support.errors.support_ledger_row', { row: found[1], field: found[2] }));
        return;
      }
    }
    shell(error);
  };
}
