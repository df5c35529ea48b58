import { useEffect, useEffectEvent, useState } from 'react';
import { Card, Empty, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../../electron/contract';
import { StationCallError } from '../../bridge/station-bridge';
import { useStation } from '../../shell/station-context';
import { shanghaiWallClock } from '../../format/shanghai-time';
import { useSupportError } from './use-support-error';

type HubHistory = CallOutput<'sync.unitHistory'>;

/**
 * The unit's history as every station pushed it to the hub (docs/sync.md §10.4): runs and
 * shipments made elsewhere, which this station's own records cannot show. Asked fresh each time
 * the case opens; nothing at all on a standalone station.
 */
export function HubHistoryCard({ serial }: { serial: string }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const showError = useSupportError();
  const [history, setHistory] = useState<HubHistory | 'unreachable' | null>(null);

  const failed = useEffectEvent((error: unknown) => {
    if (error instanceof StationCallError && error.error.code === 'unavailable') setHistory('unreachable');
    else showError(error);
  });
  useEffect(() => {
    client.call('sync.unitHistory', { serial }).then(setHistory, failed);
  }, [client, serial]);

  if (history === null || (history !== 'unreachable' && !history.enrolled)) return null;
  const title = t('support.hubLife.title');
  if (history === 'unreachable')
    return (
      <Card size="small" title={title} style={{ marginTop: 16 }} data-testid="support-hub-history">
        <Typography.Text type="warning">{t('support.hubLife.unreachable')}</Typography.Text>
      </Card>
    );
  const status = history.status ?? 'unknown';
  return (
    <Card
      size="small"
      title={title}
      style={{ marginTop: 16 }}
      data-testid="support-hub-history"
      extra={
        <Tag color={status === 'frozen' || status === 'revoked' ? 'red' : 'green'}>
          {t(`support.hubLife.status.${status}`)}
        </Tag>
      }
    >
      {history.entries.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('support.hubLife.empty')} />
      ) : (
        <Timeline
          items={history.entries.map((e, i) => ({
            key: i,
            color: e.kind === 'shipment' ? 'blue' : e.outcome === 'succeeded' ? 'green' : 'red',
            content: (
              <div>
                <Typography.Text type="secondary">{shanghaiWallClock(e.recordedAt)}</Typography.Text>{' '}
                {e.kind === 'shipment'
                  ? e.applicationId
                    ? t('support.hubLife.shipped', { ...e, application: e.applicationId })
                    : t('support.hubLife.shippedStock', e)
                  : t('support.hubLife.run', {
                      ...e,
                      outcome: t(`provisioning.evidence.runStatus.${e.outcome ?? 'failed'}`, {
                        defaultValue: e.outcome ?? '',
                      }),
                    })}
                {e.failureCode && (
                  <div>
                    <Typography.Text code>{e.failureCode}</Typography.Text>
                  </div>
                )}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
