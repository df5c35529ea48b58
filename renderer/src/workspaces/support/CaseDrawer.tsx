import { useEffect, useEffectEvent, useState } from 'react';
import { Card, Descriptions, Drawer, Empty, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../../electron/contract';
import { useStation } from '../../shell/station-context';
import { shanghaiWallClock } from '../../format/shanghai-time';
import { useSupportError } from './use-support-error';
import { StateTag } from './tags';
import { CaseActions } from './CaseActions';
import { ChargePanel } from './ChargePanel';
import { PhotosPanel } from './PhotosPanel';
import { UnitLifeCard } from './UnitLifeCard';
import { HubHistoryCard } from './HubHistoryCard';
import { DiagnosisPanel } from './DiagnosisPanel';
import { FreezePanel } from './FreezePanel';
import { RefurbishPanel } from './RefurbishPanel';

export type CasePage = CallOutput<'support.case'>;

/** One case on one page: what came in, what to do next, the money, the photos and the unit's whole life. */
export function CaseDrawer({ caseId, onClose }: { caseId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const showError = useSupportError();
  const [page, setPage] = useState<CasePage | null>(null);
  /** An operator's display name; a name the station holds no account for (the demo desk) in words. */
  const who = (actor: string, name: string) =>
    name !== actor ? name : t(`support.actor.${actor}`, { defaultValue: actor });

  const report = useEffectEvent(showError);
  const reload = () => {
    client.call('support.case', { caseId }).then(setPage, showError);
  };

  useEffect(() => {
    client.call('support.case', { caseId }).then(setPage, report);
  }, [client, caseId]);

  const c = page?.case;
  return (
    <Drawer
      open
      onClose={onClose}
      size="min(1280px, calc(100vw - 120px))"
      closable={{ 'aria-label': t('support.case.close') }}
      title={
        c ? (
          <Space wrap data-testid="support-case-title">
            <span className="support-mono">{t('support.case.title', { id: c.id })}</span>
            <span className="support-mono">{c.serial}</span>
            <StateTag state={c.state} />
            {c.overdue && <Tag color="red">{t('support.overdue')}</Tag>}
          </Space>
        ) : (
          t('support.case.title', { id: caseId })
        )
      }
    >
      {!page || !c ? (
        <Spin />
      ) : (
        <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 3fr) minmax(0, 2fr)', gap: 16 }}>
          <div>
            <Descriptions size="small" bordered column={2} data-testid="support-case-facts">
              <Descriptions.Item label={t('support.intake.symptom')}>
                {t(`support.symptom.${c.symptom}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('support.case.dueAt')}>
                <span className={c.overdue ? 'support-overdue' : ''}>{shanghaiWallClock(c.dueAt)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('support.case.received')}>
                {shanghaiWallClock(c.receivedAt)}
              </Descriptions.Item>
              <Descriptions.Item label={t('support.case.receivedBy')}>
                {who(c.receivedBy, c.receivedByName)}
              </Descriptions.Item>
              <Descriptions.Item label={t('support.case.application')}>
                {c.applicationId ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('support.case.merchant')}>{c.merchantId ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('support.col.phone')}>{c.phoneMasked ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('support.col.courier')}>{c.courierNumber ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('support.case.accessories')} span={2}>
                {c.accessories.length === 0
                  ? t('support.case.none')
                  : c.accessories.map((a) => <Tag key={a}>{t(`support.accessory.${a}`)}</Tag>)}
              </Descriptions.Item>
              {c.note && (
                <Descriptions.Item label={t('support.case.note')} span={2}>
                  {c.note}
                </Descriptions.Item>
              )}
              {c.replacementSerial && (
                <Descriptions.Item label={t('support.case.replacementSerial')} span={2}>
                  <span className="support-mono">{c.replacementSerial}</span>
                </Descriptions.Item>
              )}
            </Descriptions>
            <CaseActions detail={c} onChanged={(next) => setPage({ ...page, case: next })} />
            <RefurbishPanel detail={c} onChanged={reload} />
            <DiagnosisPanel caseId={c.id} serial={c.serial} onDiagnosed={reload} />
            <ChargePanel detail={c} onChanged={(next) => setPage({ ...page, case: next })} />
            <PhotosPanel detail={c} onChanged={reload} />
          </div>
          <div>
            <FreezePanel unit={page.unit} onChanged={reload} />
            <UnitLifeCard unit={page.unit} currentCase={c.id} />
            <HubHistoryCard serial={c.serial} />
            <Card size="small" title={t('support.case.history')} style={{ marginTop: 16 }}>
              {c.steps.length === 0 ? (
                <Empty />
              ) : (
                <Timeline
                  items={c.steps.map((s) => ({
                    key: s.seq,
                    content: (
                      <div>
                        <Typography.Text strong>
                          {t(`support.case.step.${s.action.replaceAll('.', '_')}`, {
                            defaultValue: s.action,
                          })}
                          {s.fromState !== null && s.toState !== null && s.toState !== s.fromState
                            ? ` → ${t(`support.state.${s.toState}`)}`
                            : ''}
                        </Typography.Text>
                        <div>
                          <Typography.Text type="secondary">
                            {shanghaiWallClock(s.at)} · {who(s.actor, s.actorName)}
                          </Typography.Text>
                        </div>
                        {s.note && <div>{s.note}</div>}
                      </div>
                    ),
                  }))}
                />
              )}
            </Card>
          </div>
        </div>
      )}
    </Drawer>
  );
}
