import { useEffect, useEffectEvent, useState } from 'react';
import { Alert, Card, Empty, List, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../../electron/contract';
import { StationCallError } from '../../bridge/station-bridge';
import { useStation } from '../../shell/station-context';
import { shanghaiWallClock } from '../../format/shanghai-time';
import { useSupportError } from './use-support-error';

type HubHistory = CallOutput<'sync.unitHistory'>;
type HubEntry = HubHistory['entries'][number];

const COLOR: Record<HubEntry['kind'], string> = {
  evidence: 'green',
  shipment: 'blue',
  case: 'gray',
  restock: 'green',
  scrap: 'red',
};

/** One entry's words: what happened at which station, by whom. */
function useEntryWords() {
  const { t } = useTranslation();
  return (e: HubEntry): string => {
    switch (e.kind) {
      case 'shipment':
        return e.applicationId
          ? t('support.hubLife.shipped', { ...e, application: e.applicationId })
          : t('support.hubLife.shippedStock', e);
      case 'case':
        return t('support.hubLife.caseStep', {
          ...e,
          caseId: e.caseId ?? '',
          state: e.state ? t(`support.state.${e.state}`) : '',
        });
      case 'restock':
        return t('support.hubLife.restocked', e);
      case 'scrap':
        return t('support.hubLife.scrapped', { ...e, reason: e.reason ?? '' });
      default:
        return t('support.hubLife.run', {
          ...e,
          outcome: t(`provisioning.evidence.runStatus.${e.outcome ?? 'failed'}`, {
            defaultValue: e.outcome ?? '',
          }),
        });
    }
  };
}

/**
 * The unit's history as every station pushed it to the hub (docs/sync.md §10.4, §10.7): runs and
 * shipments, and other stations' after-sales cases, restocks and scraps, which this station's own
 * records cannot show. A case open elsewhere is said first: the hub takes no other open case of
 * the unit. Asked fresh each time the case opens; nothing at all on a standalone station.
 */
export function HubHistoryCard({ serial }: { serial: string }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const showError = useSupportError();
  const words = useEntryWords();
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
  const status = history.scrapped ? 'scrapped' : (history.status ?? 'unknown');
  const openElsewhere = history.otherCases.find((c) => c.open);
  return (
    <Card
      size="small"
      title={title}
      style={{ marginTop: 16 }}
      data-testid="support-hub-history"
      extra={
        <Tag color={status === 'active' || status === 'unknown' ? 'green' : 'red'}>
          {t(`support.hubLife.status.${status}`)}
        </Tag>
      }
    >
      {openElsewhere && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="support-hub-open-elsewhere"
          message={t('support.hubLife.openElsewhere', {
            ...openElsewhere,
            at: shanghaiWallClock(openElsewhere.openedAt),
          })}
        />
      )}
      {history.otherCases.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{t('support.hubLife.otherCases')}</Typography.Text>}
          style={{ marginBottom: 12 }}
          dataSource={history.otherCases}
          renderItem={(c) => (
            <List.Item key={`${c.station}/${c.caseId}`}>
              <span>
                {t('support.hubLife.otherCase', {
                  ...c,
                  symptom: c.symptom ? t(`support.symptom.${c.symptom}`) : '—',
                  at: shanghaiWallClock(c.openedAt),
                })}
              </span>
              <Tag color={c.open ? 'orange' : 'default'}>{t(`support.state.${c.state}`)}</Tag>
            </List.Item>
          )}
        />
      )}
      {history.entries.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('support.hubLife.empty')} />
      ) : (
        <Timeline
          items={history.entries.map((e, i) => ({
            key: i,
            color: e.kind === 'evidence' && e.outcome !== 'succeeded' ? 'red' : COLOR[e.kind],
            content: (
              <div>
                <Typography.Text type="secondary">{shanghaiWallClock(e.recordedAt)}</Typography.Text>{' '}
                {words(e)}
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
