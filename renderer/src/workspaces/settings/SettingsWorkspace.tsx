import { Card, Descriptions, Radio, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../shell/station-context';
import { setLanguage, type Language } from '../../i18n';
import { AuditPanel } from './AuditPanel';
import { OperatorsPanel } from './OperatorsPanel';
import { MakersPanel } from './makers/MakersPanel';
import { HubPanel } from './HubPanel';
import { LinePanel } from './LinePanel';

function General() {
  const { t, i18n } = useTranslation();
  const { status } = useStation();
  return (
    <Descriptions column={1} bordered size="middle">
      <Descriptions.Item label={t('settings.language')}>
        <Radio.Group
          value={i18n.language}
          onChange={(e) => setLanguage(e.target.value as Language)}
          options={[
            { value: 'zh-CN', label: '简体中文' },
            { value: 'en', label: 'English' },
          ]}
        />
      </Descriptions.Item>
      <Descriptions.Item label={t('settings.version')}>{status.version}</Descriptions.Item>
      <Descriptions.Item label={t('settings.shell')}>
        {status.shell === 'electron' ? t('settings.shellElectron') : t('settings.shellBrowser')}
      </Descriptions.Item>
      <Descriptions.Item label={t('settings.stationId')}>{status.stationId}</Descriptions.Item>
    </Descriptions>
  );
}

/** Language, station and hub identity for everyone; enrolment, line speeds, operators and the audit log for the admin. */
export function SettingsWorkspace() {
  const { t } = useTranslation();
  const { operator } = useStation();
  const everyone = [
    { key: 'general', label: t('settings.general'), children: <General /> },
    { key: 'hub', label: t('sync.hub.tab'), children: <HubPanel /> },
  ];
  const adminOnly = [
    { key: 'line', label: t('sync.line.tab'), children: <LinePanel /> },
    { key: 'operators', label: t('settings.operators.tab'), children: <OperatorsPanel /> },
    { key: 'audit', label: t('settings.audit.tab'), children: <AuditPanel /> },
    { key: 'makers', label: t('settings.makers.tab'), children: <MakersPanel /> },
  ];
  return (
    <Card title={t('settings.title')}>
      <Tabs destroyOnHidden items={operator.role === 'admin' ? [...everyone, ...adminOnly] : everyone} />
    </Card>
  );
}
