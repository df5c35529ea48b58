import { useEffect, useEffectEvent, useState } from 'react';
import { Button, Card, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../../electron/contract';
import { useStation } from '../../shell/station-context';
import { shanghaiWallClock } from '../../format/shanghai-time';
import { useSupportError } from './use-support-error';
import { DiagnosisReportView, type DiagnosisReport } from './DiagnosisReportView';
import { UnitPortSelect } from './UnitPortSelect';
import { useUnitPort } from './use-unit-port';

type Summary = CallOutput<'support.diagnoses'>['items'][number];

/** One click diagnosis of the case's unit on a port, the latest report, and the earlier ones. */
export function DiagnosisPanel({
  caseId,
  serial,
  onDiagnosed,
}: {
  caseId: string;
  serial: string;
  onDiagnosed: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { client } = useStation();
  const showError = useSupportError();
  const report = useEffectEvent(showError);
  const port = useUnitPort(serial);
  const { portId } = port;
  const [busy, setBusy] = useState(false);
  const [earlier, setEarlier] = useState<Summary[]>([]);
  const [shown, setShown] = useState<DiagnosisReport | null>(null);

  useEffect(() => {
    client.call('support.diagnoses', { caseId }).then((list) => {
      setEarlier(list.items);
      const latest = list.items[0];
      if (latest) client.call('support.diagnosis', { diagnosisId: latest.id }).then(setShown, report);
    }, report);
  }, [client, caseId]);

  const run = () => {
    if (!portId) return;
    setBusy(true);
    client
      .call('support.diagnose', { caseId, portId })
      .then((r) => {
        setShown(r);
        onDiagnosed();
        return client.call('support.diagnoses', { caseId }).then((list) => setEarlier(list.items));
      })
      .catch(showError)
      .finally(() => setBusy(false));
  };

  const pdf = (then: 'download' | 'print') => {
    if (!shown) return;
    const language = i18n.language.startsWith('zh') ? 'zh' : 'en';
    client.call('support.diagnosisPdf', { diagnosisId: shown.id, language }).then((file) => {
      const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
      if (then === 'print') window.open(url, '_blank');
      else {
        const a = document.createElement('a');
        a.href = url;
        a.download = file.fileName;
        a.click();
      }
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    }, showError);
  };

  return (
    <Card
      size="small"
      title={t('support.diagnosis.title')}
      style={{ marginTop: 16 }}
      data-testid="diagnosis-panel"
    >
      <Space wrap>
        <UnitPortSelect
          port={port}
          label={t('support.diagnosis.port')}
          placeholder={t('support.diagnosis.portPlaceholder')}
          noPorts={t('support.diagnosis.noPorts')}
        />
        <Button type="primary" onClick={run} disabled={!portId} loading={busy} data-testid="diagnosis-run">
          {t('support.diagnosis.run')}
        </Button>
        {shown && <Button onClick={() => pdf('download')}>{t('support.diagnosis.pdf')}</Button>}
        {shown && <Button onClick={() => pdf('print')}>{t('support.diagnosis.print')}</Button>}
      </Space>
      {busy && (
        <div style={{ marginTop: 12 }}>
          <Spin /> <Typography.Text type="secondary">{t('support.diagnosis.running')}</Typography.Text>
        </div>
      )}
      {shown && (
        <div style={{ marginTop: 12 }}>
          <DiagnosisReportView report={shown} />
        </div>
      )}
      {earlier.length > 1 && (
        <div style={{ marginTop: 12 }}>
          <Typography.Text strong>{t('support.diagnosis.earlier')}</Typography.Text>
          {earlier.map((d) => (
            <div key={d.id}>
              <Button
                type="link"
                size="small"
                onClick={() =>
                  client.call('support.diagnosis', { diagnosisId: d.id }).then(setShown, showError)
                }
              >
                {shanghaiWallClock(d.finishedAt)} · {d.serial} · {t(`support.cause.${d.cause}`)}
              </Button>
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}
