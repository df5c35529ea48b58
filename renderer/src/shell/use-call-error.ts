import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { StationCallError } from '../bridge/station-bridge';

/** Shows a failed call as one message naming the field, the way every workspace reports errors. */
export function useCallError(): (error: unknown) => void {
  const { message } = App.useApp();
  const { t } = useTranslation();
  return (error) => {
    if (error instanceof StationCallError) {
      void message.error(error.error.message);
    } else {
      void message.error(t('errors.generic'));
    }
  };
}
