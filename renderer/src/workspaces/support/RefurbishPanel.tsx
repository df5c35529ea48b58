import { useEffect, useEffectEvent, useState } from 'react';
import { Alert, Button, Card, Input, Popconfirm, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../../electron/contract';
import type { CaseDetail } from '../../../../electron/contract/support';
import { useStation } from '../../shell/station-context';
import { EvidenceDrawer } from '../provisioning/EvidenceDrawer';
import { useSupportError } from './use-support-error';
import { UnitPortSelect } from './UnitPortSelect';
import { useUnitPort } from './use-unit-port';

type Refurbished = CallOutput<'support.refurbish'>;
type Scrapped = CallOutput<'support.scrap'>;

/** How often the board is read for the run's step while a refurbish is going on. */
const PHASE_POLL_MS = 700;

/**
 * A case decided as refurbish: the unit on a port back to stock over the pipeline (the answer
 * comes when the run ends; its step shows meanwhile). A case decided as scrap: the serial revoked,
 * with a reason, after a confirmation. Each result links to its evidence sheet.
 */
export function RefurbishPanel({ detail, onChanged }: { detail: CaseDetail; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const { client } = useStation();
  const showError = useSupportError();
  const report = useEffectEvent(showError);
  const [busy, setBusy] = useState(false);
  const [phase, setPhase] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [refurbished, setRefurbished] = useState<Refurbished | null>(null);
  const [scrapped, setScrapped] = useState<Scrapped | null>(null);
  const [evidenceRun, setEvidenceRun] = useState<string | null>(null);
  const refurbishing = detail.state === 'refurbishing';
  const scrapping = detail.state === 'scrapping';
  const port = useUnitPort(detail.serial, refurbishing);
  const { portId } = port;

  useEffect(() => {
    if (!busy || !portId) return;
    const timer = setInterval(() => {
      client.call('devices.board', {}).then((board) => {
        const unit = board.units.find((u) => u.portId === portId);
        if (unit?.phase) setPhase(unit.phase);
      }, report);
    }, PHASE_POLL_MS);
    return () => clearInterval(timer);
  }, [client, busy, portId]);

  if (!refurbishing && !scrapping && !refurbished && !scrapped) return null;
  const zh = i18n.language.startsWith('zh');

  const refurbish = () => {
    if (!portId) return;
    setBusy(true);
    setPhase(null);
    client
      .call('support.refurbish', { caseId: detail.id, portId })
      .then((outcome) => {
        setRefurbished(outcome);
        onChanged();
      })
      .catch(showError)
      .finally(() => setBusy(false));
  };

  const scrap = () => {
    setBusy(true);
    client
      .call('support.scrap', { caseId: detail.id, reason })
      .then((outcome) => {
        setScrapped(outcome);
        onChanged();
      })
      .catch(showError)
      .finally(() => setBusy(false));
  };

  const evidenceLink = (runId: string) => (
    <Button type="link" size="small" onClick={() => setEvidenceRun(runId)} data-testid="refurbish-evidence">
      {t('support.refurbish.evidence')}
    </Button>
  );

  return (
    <Card
      size="small"
      title={scrapping || scrapped ? t('support.refurbish.scrapTitle') : t('support.refurbish.title')}
      style={{ marginTop: 16 }}
      data-testid="refurbish-panel"
    >
      {refurbishing && (
        <Space wrap>
          <UnitPortSelect
            port={port}
            label={t('support.refurbish.port')}
            placeholder={t('support.refurbish.portPlaceholder')}
            noPorts={t('support.refurbish.noPorts')}
          />
          <Button
            type="primary"
            onClick={refurbish}
            disabled={!portId}
            loading={busy}
            data-testid="refurbish-run"
          >
            {t('support.refurbish.run')}
          </Button>
        </Space>
      )}
      {refurbishing && busy && (
        <div style={{ marginTop: 12 }}>
          <Spin /> <Typography.Text type="secondary">{t('support.refurbish.running')}</Typography.Text>
          {phase && (
            <div>
              <Typography.Text>
                {t('support.refurbish.phase', { phase: t(`provisioning.phases.${phase}`, phase) })}
              </Typography.Text>
            </div>
          )}
        </div>
      )}
      {refurbished && (
        <Alert
          style={{ marginTop: 12 }}
          data-testid="refurbish-result"
          type={refurbished.status === 'succeeded' ? 'success' : 'error'}
          showIcon
          title={
            refurbished.status === 'succeeded' ? t('support.refurbish.done') : t('support.refurbish.stopped')
          }
          description={
            <>
              {refurbished.failure === null
                ? t('support.refurbish.doneDetail', { serial: refurbished.serial ?? detail.serial })
                : t('support.refurbish.stoppedDetail', {
                    step: t(`provisioning.phases.${refurbished.failure.step}`, refurbished.failure.step),
                    sentence: zh ? refurbished.failure.zh : refurbished.failure.en,
                  })}
              <div>{evidenceLink(refurbished.runId)}</div>
            </>
          }
        />
      )}
      {scrapping && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Input.TextArea
            rows={2}
            maxLength={200}
            placeholder={t('support.refurbish.reason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            data-testid="scrap-reason"
          />
          <Popconfirm
            title={t('support.refurbish.confirmTitle')}
            description={t('support.refurbish.confirmBody', { serial: detail.serial })}
            okText={t('support.refurbish.confirm')}
            cancelText={t('support.refurbish.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={scrap}
          >
            <Button danger disabled={reason.trim().length < 4} loading={busy} data-testid="scrap-run">
              {t('support.refurbish.scrap')}
            </Button>
          </Popconfirm>
        </Space>
      )}
      {scrapped && (
        <Alert
          style={{ marginTop: 12 }}
          data-testid="scrap-result"
          type="warning"
          showIcon
          title={t('support.refurbish.scrapped')}
          description={
            <>
              {t('support.refurbish.scrappedDetail', {
                serial: scrapped.serial,
                status: t(`support.refurbish.registry.${scrapped.registryStatus ?? 'none'}`),
              })}
              <div>{evidenceLink(scrapped.runId)}</div>
            </>
          }
        />
      )}
      <EvidenceDrawer
        target={evidenceRun ? { runId: evidenceRun } : null}
        revision={evidenceRun ?? ''}
        onClose={() => setEvidenceRun(null)}
      />
    </Card>
  );
}
