import { memo, useEffect, useState } from 'react';
import { Alert, App, Button, Collapse, Descriptions, Drawer, Empty, Space, Spin, Tag, Timeline } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../shell/station-context';
import { useCallError } from '../../shell/use-call-error';
import { StationCallError } from '../../bridge/station-bridge';
import { downloadText } from './download';
import { EvidenceFacts } from './EvidenceFacts';
import { reasonLabel } from './format';
import type { EvidenceEntry, EvidenceSheet } from './types';
import { sameWhileClosed } from './use-stable';

export type EvidenceTarget = { readonly runId: string } | { readonly serial: string };

const OUTCOME_COLOR: Record<EvidenceEntry['outcome'], string> = {
  ok: 'green',
  refused: 'red',
  failed: 'red',
  paused: 'orange',
  resumed: 'blue',
};

const STATUS_COLOR: Record<EvidenceSheet['run']['status'], string> = {
  running: 'processing',
  paused: 'warning',
  succeeded: 'success',
  refused: 'error',
  failed: 'error',
};

/** What a supervisor reads first at each step; everything else is one click away. */
const KEY_FACTS: Record<EvidenceEntry['step'], readonly string[]> = {
  identify: ['serial', 'model', 'firmwareVersion', 'mode', 'tamper', 'frozen'],
  genuine: ['genuine', 'reasons', 'scannedSerial', 'keyFingerprint', 'afterReconnect'],
  flash: [
    'version',
    'signer',
    'checkedOn',
    'blocksHeld',
    'blocksSent',
    'retries',
    'elapsedMs',
    'skipped',
    'alreadyRunning',
  ],
  bind: ['applicationId', 'settlementCardMasked', 'limitProfile', 'skipped'],
  selftest: ['results', 'failed', 'confirmed', 'rolledBack'],
  ship: ['shipmentId', 'bound'],
  link: ['during'],
  reset: ['journalWiped', 'boundBefore', 'boundAfter', 'journalLeft', 'transactions'],
  restock: ['caseId', 'registryStatus', 'firmwareVersion', 'keyFingerprint'],
  scrap: ['caseId', 'reason', 'registryBefore', 'registryAfter'],
};
/** A stop's sentence and code, whatever the step. */
const FAILURE_FACTS = ['zh', 'code'];

/** Seconds are part of the record: two steps in the same minute must stay apart. */
const wallClockSeconds = (iso: string) => iso.slice(0, 19).replace('T', ' ');

function useSheet(
  target: EvidenceTarget | null,
  revision: string,
): { sheet: EvidenceSheet | null; missing: boolean } {
  const { client } = useStation();
  const showError = useCallError('provisioning');
  const key = target ? JSON.stringify(target) : null;
  // Remembers which target it answers, so a new target reads as loading without resetting state.
  const [answer, setAnswer] = useState<{ key: string; sheet: EvidenceSheet | null; missing: boolean } | null>(
    null,
  );
  useEffect(() => {
    if (!key) return;
    let live = true;
    client
      .call('devices.evidence', JSON.parse(key) as EvidenceTarget)
      .then((sheet) => {
        if (live) setAnswer({ key, sheet, missing: false });
      })
      .catch((error: unknown) => {
        if (!live) return;
        if (error instanceof StationCallError && error.error.code === 'not_found')
          setAnswer({ key, sheet: null, missing: true });
        else showError(error);
      });
    return () => {
      live = false;
    };
    // showError is a fresh closure each render; the sheet is fetched per target and per revision
    // of the run (the sheet of a running unit grows), keeping the last answer on screen meanwhile.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key, revision]);
  // While the drawer slides shut (no target) it keeps showing the sheet it had.
  return answer && (answer.key === key || key === null) ? answer : { sheet: null, missing: false };
}

function ExportButtons({ runId }: { runId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { client } = useStation();
  const showError = useCallError('provisioning');
  const save = async (format: 'json' | 'html' | 'csv') => {
    try {
      const file = await client.call('devices.exportEvidence', { runId, format });
      downloadText(file.fileName, file.mimeType, file.content);
      void message.success(t('provisioning.evidence.exported', { file: file.fileName }));
    } catch (error) {
      showError(error);
    }
  };
  return (
    <Space>
      <span>{t('provisioning.evidence.export')}:</span>
      <Button
        size="small"
        icon={<DownloadOutlined />}
        onClick={() => void save('json')}
        data-testid="export-json"
      >
        {t('provisioning.evidence.exportJson')}
      </Button>
      <Button
        size="small"
        icon={<DownloadOutlined />}
        onClick={() => void save('html')}
        data-testid="export-html"
      >
        {t('provisioning.evidence.exportHtml')}
      </Button>
      <Button
        size="small"
        icon={<DownloadOutlined />}
        onClick={() => void save('csv')}
        data-testid="export-csv"
      >
        {t('provisioning.evidence.exportCsv')}
      </Button>
    </Space>
  );
}

function SheetBody({ sheet }: { sheet: EvidenceSheet }) {
  const { t, i18n } = useTranslation();
  const { run, shipment } = sheet;
  const failure = i18n.language === 'en' ? run.failureEn : run.failureZh;
  return (
    <>
      {failure && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={`${t(`provisioning.phases.${run.failedStep ?? 'identify'}`, run.failedStep ?? '')} · ${run.failureCode ? reasonLabel(run.failureCode, t) : ''}`}
          description={failure}
        />
      )}
      <Descriptions size="small" column={2} bordered title={t('provisioning.evidence.run')}>
        <Descriptions.Item label={t('provisioning.evidence.status')}>
          <Tag color={STATUS_COLOR[run.status]}>{t(`provisioning.evidence.runStatus.${run.status}`)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('provisioning.evidence.operator')}>{run.operator}</Descriptions.Item>
        <Descriptions.Item label={t('provisioning.unit.serial')}>{run.serial ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('provisioning.unit.model')}>{run.model ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('provisioning.evidence.port')}>
          {run.port}
          {run.usbLocation ? ` · ${run.usbLocation}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('provisioning.evidence.station')}>{run.stationId}</Descriptions.Item>
        <Descriptions.Item label={t('provisioning.evidence.image')}>
          {run.imageVersion ?? '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('provisioning.evidence.application')}>
          {run.applicationId ?? '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('provisioning.evidence.startedAt')}>
          {wallClockSeconds(run.startedAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('provisioning.evidence.finishedAt')}>
          {run.finishedAt ? wallClockSeconds(run.finishedAt) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('provisioning.evidence.runId')} span={2}>
          <span className="hex">{run.id}</span>
        </Descriptions.Item>
      </Descriptions>

      <h4 style={{ margin: '16px 0 8px' }}>{t('provisioning.evidence.steps')}</h4>
      <Timeline
        data-testid="evidence-steps"
        items={sheet.evidence.map((e) => ({
          key: e.seq,
          color: OUTCOME_COLOR[e.outcome],
          content: (
            <div data-testid="evidence-step" data-step={e.step} data-outcome={e.outcome}>
              <Space size={6}>
                <b>{t(`provisioning.phases.${e.step}`)}</b>
                <Tag color={OUTCOME_COLOR[e.outcome]}>{t(`provisioning.evidence.outcomes.${e.outcome}`)}</Tag>
                <span style={{ color: '#8c8c8c' }}>
                  {e.actor} · {wallClockSeconds(e.at)}
                </span>
              </Space>
              <EvidenceFacts data={e.data} only={[...KEY_FACTS[e.step], ...FAILURE_FACTS]} />
              <Collapse
                size="small"
                ghost
                items={[
                  {
                    key: 'all',
                    label: t('provisioning.evidence.all'),
                    children: (
                      <>
                        <EvidenceFacts data={e.data} />
                        <pre className="evidence-raw">{JSON.stringify(e.data, null, 2)}</pre>
                      </>
                    ),
                  },
                ]}
              />
            </div>
          ),
        }))}
      />

      {shipment && (
        <Descriptions size="small" column={1} bordered title={t('provisioning.evidence.shipment')}>
          <Descriptions.Item label={t('provisioning.evidence.facts.shipmentId')}>
            <span className="hex">{shipment.id}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('provisioning.evidence.application')}>
            {shipment.applicationId ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('provisioning.evidence.card')}>
            {shipment.settlementCardMasked ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('provisioning.evidence.limitProfile')}>
            {shipment.limitProfile ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('provisioning.evidence.facts.imageSha256')}>
            <span className="hex">{shipment.imageSha256}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('provisioning.evidence.operator')}>
            {shipment.operator}
          </Descriptions.Item>
          <Descriptions.Item label={t('provisioning.evidence.shippedAt')}>
            {wallClockSeconds(shipment.shippedAt)}
          </Descriptions.Item>
        </Descriptions>
      )}
    </>
  );
}

interface EvidenceDrawerProps {
  /** null: closed. */
  readonly target: EvidenceTarget | null;
  /** Changes when the run moves on (state, phase): the sheet is read again. */
  readonly revision: string;
  readonly onClose: () => void;
  /** Once it has slid shut and let the focus go: where the focus goes next is the caller's. */
  readonly onClosed?: () => void;
}

/** A unit's evidence sheet: every step with operator, time and what was seen; exportable. */
export const EvidenceDrawer = memo(
  function EvidenceDrawer({ target, revision, onClose, onClosed }: EvidenceDrawerProps) {
    const { t } = useTranslation();
    const { sheet, missing } = useSheet(target, revision);
    const serial = sheet?.run.serial ?? (target && 'serial' in target ? target.serial : '');
    return (
      <Drawer
        open={target !== null}
        onClose={onClose}
        afterOpenChange={(opened) => {
          if (!opened) onClosed?.();
        }}
        // Without onClosed the focus goes back to what opened the sheet.
        focusable={{ focusTriggerAfterClose: onClosed === undefined }}
        size={760}
        title={t('provisioning.evidence.title', { serial: serial || '—' })}
        extra={sheet && <ExportButtons runId={sheet.run.id} />}
        closable={{ 'aria-label': t('provisioning.evidence.close') }}
        data-testid="evidence-drawer"
      >
        {missing ? (
          <Empty description={t('provisioning.evidence.none')} />
        ) : sheet ? (
          <SheetBody sheet={sheet} />
        ) : (
          <Spin description={t('provisioning.evidence.loading')}>
            <div style={{ height: 120 }} />
          </Spin>
        )}
      </Drawer>
    );
  },
  sameWhileClosed<EvidenceDrawerProps>((p) => p.target !== null),
);
