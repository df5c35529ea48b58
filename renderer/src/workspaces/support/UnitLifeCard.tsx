import { Card, Descriptions, Empty, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../../electron/contract';
import { shanghaiWallClock } from '../../format/shanghai-time';
import { StateTag } from './tags';

type Unit = CallOutput<'support.case'>['unit'];

interface Event {
  readonly at: string;
  readonly color: string;
  readonly text: string;
  readonly detail?: string | null;
}

/** The unit's whole life as this station knows it, oldest first, on one time line. */
export function UnitLifeCard({ unit, currentCase }: { unit: Unit; currentCase: string }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const events: Event[] = [];
  for (const run of unit.runs) {
    for (const g of run.genuineChecks) {
      events.push({
        at: g.at,
        color: g.genuine ? 'green' : 'red',
        text: t(g.genuine ? 'support.life.genuineOk' : 'support.life.genuineFail'),
        detail: g.genuine ? null : en ? g.reasonEn : g.reasonZh,
      });
    }
    if (run.shipment) {
      events.push({
        at: run.shipment.shippedAt,
        color: 'blue',
        text: t('support.life.shipped'),
        detail: run.shipment.applicationId
          ? t('support.life.bound', {
              application: run.shipment.applicationId,
              card: run.shipment.settlementCardMasked ?? '—',
            })
          : null,
      });
    } else if (run.failureZh) {
      events.push({ at: run.startedAt, color: 'red', text: en ? (run.failureEn ?? '') : run.failureZh });
    }
  }
  for (const s of unit.statusChanges) {
    const word = s.action.split('.').pop() ?? s.action;
    events.push({
      at: s.at,
      color: 'orange',
      text: t(`support.life.${word}`, { defaultValue: word }),
      detail: s.reason,
    });
  }
  for (const c of unit.cases) {
    if (c.id === currentCase) continue;
    events.push({
      at: c.receivedAt,
      color: 'gray',
      text: `${c.id} · ${t(`support.symptom.${c.symptom}`)} · ${t(`support.state.${c.state}`)}`,
    });
  }
  events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

  const r = unit.registry;
  return (
    <Card size="small" title={t('support.life.title')} data-testid="support-unit-life">
      {r ? (
        <Descriptions size="small" column={2}>
          <Descriptions.Item label={t('support.life.model')}>{r.model}</Descriptions.Item>
          <Descriptions.Item label={t('support.life.batch')}>{r.batch}</Descriptions.Item>
          <Descriptions.Item label={t('support.life.mode')}>
            {t(`support.life.mode_.${r.mode}`, { defaultValue: r.mode })}
          </Descriptions.Item>
          <Descriptions.Item label={t('support.life.status')}>
            <Tag color={r.status === 'genuine' ? 'green' : 'red'}>
              {t(`support.life.registryStatus.${r.status}`, { defaultValue: r.status })}
            </Tag>
          </Descriptions.Item>
        </Descriptions>
      ) : (
        <Typography.Text type="warning">{t('support.life.notRegistered')}</Typography.Text>
      )}
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {t('support.life.runs')}
      </Typography.Title>
      {events.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('support.life.noRuns')} />
      ) : (
        <Timeline
          items={events.map((e, i) => ({
            key: i,
            color: e.color,
            content: (
              <div>
                <Typography.Text type="secondary">{shanghaiWallClock(e.at)}</Typography.Text> {e.text}
                {e.detail && <div>{e.detail}</div>}
              </div>
            ),
          }))}
        />
      )}
      {unit.cases.length > 1 && (
        <div>
          <Typography.Text strong>{t('support.life.cases')}</Typography.Text>
          {unit.cases.map((c) => (
            <div key={c.id}>
              <span className="support-mono">{c.id}</span> <StateTag state={c.state} />
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}
