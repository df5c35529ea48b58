import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export function ProvisioningWorkspace() {
  const { t } = useTranslation();
  return <Typography.Title level={4}>{t('provisioning.title')}</Typography.Title>;
}
