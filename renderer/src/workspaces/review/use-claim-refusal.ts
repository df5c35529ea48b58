import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { StationCallError } from '../../bridge/station-bridge';
import { shanghaiWallClock } from '../../format/shanghai-time';
import { useStation } from '../../shell/station-context';
import { useCallError } from '../../shell/use-call-error';

/**
 * Says why a claim was refused. When someone else holds the case, the station's case view says
 * who and until when (the refusal itself carries only the reason code), in the operator's
 * language; any other refusal is shown as usual. The caller refreshes what it shows either way.
 */
export function useClaimRefusal(): (error: unknown, applicationId: string) => Promise<void> {
  const { t } = useTranslation();
  const { client } = useStation();
  const { message } = App.useApp();
  const showError = useCallError('review');
  return async (error, applicationId) => {
    if (error instanceof StationCallError && error.error.reason === 'kyc.case.held_by_other') {
      const view = await client.call('kyc.case', { applicationId }).catch(() => null);
      const holder = view?.summary.assignee;
      const until = view?.summary.leaseExpiresAt;
      if (holder && until) {
        void message.warning(
          t('review.queue.heldBy', {
            id: applicationId,
            name: holder.displayName,
            until: shanghaiWallClock(until),
          }),
        );
        return;
      }
    }
    showError(error);
  };
}
