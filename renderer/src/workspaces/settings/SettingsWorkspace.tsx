import { Card, Descriptions, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../shell/station-context';
import { setLanguage, type Language } from '../../i18n';

export function SettingsWorkspace() {
  const { t, i18n } = useTranslation();
  const { status } = useStation();
  return (
    <Card title={t('settings.title')}>
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
    </Card>
  );
}
