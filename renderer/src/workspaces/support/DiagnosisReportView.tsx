import { Alert, Card, Descriptions, List, Space, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../../electron/contract';
import { shanghaiWallClock } from '../../format/shanghai-time';
import { ActivityChart } from './ActivityChart';

export type DiagnosisReport = CallOutput<'support.diagnosis'>;

const SEVERITY_COLOR = { fault: 'red', warning: 'orange', info: 'blue' } as const;

/** One diagnosis report: the verdict and its evidence first, then the chart, the unit, the log's errors. */
export function DiagnosisReportView({ report }: { report: DiagnosisReport }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith('zh') ? 'zh' : 'en';
  const v = report.verdict;
  const id = report.identity;
  const f = report.facts;
  return (
    <div className="support-print" data-testid="diagnosis-report">
      <Alert
        type={v.faultFound ? 'error' : 'success'}
        showIcon
        title={`${v.faultFound ? t('support.diagnosis.verdictFault') : t('support.diagnosis.verdictOk')} · ${t('support.diagnosis.cause')}：${t(`support.cause.${v.cause}`)}`}
        description={v.words[lang]}
        data-testid="diagnosis-verdict"
      />
      <Card size="small" title={t('support.diagnosis.findings')} style={{ marginTop: 12 }}>
        <List
          size="small"
          dataSource={v.findings}
          renderItem={(finding) => (
            <List.Item key={finding.code}>
              <Space direction="vertical" size={2}>
                <span>
                  <Tag color={SEVERITY_COLOR[finding.severity]}>
                    {t(`support.diagnosis.severity.${finding.severity}`)}
                  </Tag>
                  {finding.words[lang]}
                </span>
                {finding.evidence.map((e, i) => (
                  <Typography.Text key={i} type="secondary" style={{ paddingLeft: 16 }}>
                    · {e[lang]}
                  </Typography.Text>
                ))}
              </Space>
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={t('support.diagnosis.chart')} style={{ marginTop: 12 }}>
        <ActivityChart activity={report.activity} />
      </Card>
      <Descriptions size="small" bordered column={2} style={{ marginTop: 12 }}>
        <Descriptions.Item label={t('support.diagnosis.unit')}>
          <span className="support-mono">{id.serial}</span> {id.model} {id.hwRevision}
        </Descriptions.Item>
        <Descriptions.Item label={t('support.diagnosis.genuine')}>
          {report.genuine.genuine ? (
            <Tag color="green">{t('support.diagnosis.genuineOk')}</Tag>
          ) : (
            <Tag color="red">{t('support.diagnosis.genuineFail')}</Tag>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('support.diagnosis.firmwareLabel')}>
          {t('support.diagnosis.firmware', {
            version: id.firmwareVersion,
            slot: id.activeSlot,
            state: t(`support.diagnosis.bootState.${id.bootState}`),
          })}
        </Descriptions.Item>
        <Descriptions.Item label={t('support.diagnosis.flags')}>
          {id.tamper ? t('support.diagnosis.tampered') : t('support.diagnosis.intact')} /{' '}
          {id.frozen ? t('support.diagnosis.frozen') : t('support.diagnosis.usable')}
        </Descriptions.Item>
        <Descriptions.Item label={t('support.diagnosis.battery')}>
          {t('support.diagnosis.batteryValue', {
            percent: f.batteryPercent,
            health: f.batteryHealthPercent,
            cycles: f.batteryCycles,
            mv: f.batteryMillivolts,
          })}
        </Descriptions.Item>
        <Descriptions.Item label={t('support.diagnosis.sim')}>
          {t('support.diagnosis.simValue', {
            operator: f.operatorName,
            iccid: f.iccid,
            dbm: f.signalDbm ?? '—',
          })}
        </Descriptions.Item>
        <Descriptions.Item label={t('support.diagnosis.binding')}>
          {report.binding.boundApplicationId ?? '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('support.diagnosis.selfTest')}>
          {report.selfTest.results.map((r) => (
            <Tag
              key={r.component}
              color={r.result === 'fail' ? 'red' : r.result === 'pass' ? 'green' : 'default'}
            >
              {t(`support.diagnosis.component.${r.component as 'card_reader'}`)}{' '}
              {t(`support.diagnosis.result.${r.result}`)}
            </Tag>
          ))}
        </Descriptions.Item>
      </Descriptions>
      <Card
        size="small"
        style={{ marginTop: 12 }}
        title={`${t('support.diagnosis.logs', report.logs)} · ${t('support.diagnosis.journal', report.journal)} · ${t('support.diagnosis.took', { seconds: (report.durationMs / 1000).toFixed(1) })}`}
      >
        <Timeline
          items={report.logs.timeline.slice(-20).map((l) => ({
            key: l.index,
            color: l.level === 'error' ? 'red' : 'orange',
            content: (
              <span>
                <Typography.Text type="secondary">{shanghaiWallClock(l.at)}</Typography.Text>{' '}
                <span className="support-mono">#{l.index}</span> {l.message}
              </span>
            ),
          }))}
        />
      </Card>
    </div>
  );
}
