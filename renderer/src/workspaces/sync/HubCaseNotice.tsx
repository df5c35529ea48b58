import { useCallback, useEffect, useState } from 'react';
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SyncCaseView } from '../../../../electron/contract/sync';
import { useStation } from '../../shell/station-context';
import { shanghaiWallClock } from '../../format/shanghai-time';
import { useOnSync } from './use-sync-status';
import { refusalWords } from './kind-words';

/**
 * On a case at a station enrolled with a hub: who holds it at another station (refreshed as soon
 * as the hub says something changed), and a decision of ours the hub did not apply, with who
 * decided instead and what to do. Nothing on a standalone station or a case the hub never heard of.
 */
export function HubCaseNotice({ applicationId }: { readonly applicationId: string }) {
  const { t, i18n } = useTranslation();
  const { client } = useStation();
  const [view, setView] = useState<SyncCaseView | null>(null);
  const load = useCallback(() => {
    client.call('sync.case', { applicationId }).then(setView, () => undefined);
  }, [client, applicationId]);
  useEffect(load, [load]);
  useOnSync(load);

  if (view === null || !view.known) return null;
  const at = (iso: string | null) => (iso ? shanghaiWallClock(iso) : '');
  if (view.refusedDecision) {
    const words = view.decided
      ? t('sync.notice.refused', {
          operator: view.decided.operator,
          station: view.decided.station,
          at: at(view.decided.at),
        })
      : t('sync.notice.refusedHeld', { words: refusalWords(i18n.language, view.refusedDecision) });
    return (
      <Alert
        type="error"
        showIcon
        data-testid="hub-refused-decision"
        title={words}
        description={t('sync.notice.whatToDo')}
        style={{ marginBottom: 12 }}
      />
    );
  }
  if (view.heldElsewhere) {
    return (
      <Alert
        type="warning"
        showIcon
        data-testid="hub-held-elsewhere"
        title={t('sync.notice.heldElsewhere', {
          operator: view.heldElsewhere.operator,
          station: view.heldElsewhere.station,
          until: at(view.heldElsewhere.at),
        })}
        style={{ marginBottom: 12 }}
      />
    );
  }
  if (view.decided) {
    return (
      <Alert
        type="info"
        showIcon
        data-testid="hub-decided"
        title={t('sync.notice.decided', {
          operator: view.decided.operator,
          station: view.decided.station,
          at: at(view.decided.at),
        })}
        style={{ marginBottom: 12 }}
      />
    );
  }
  return null;
}
