import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export function ReviewWorkspace() {
  const { t } = useTranslation();
  return <Typography.Title level={4}>{t('review.title')}</Typography.Title>;
}
