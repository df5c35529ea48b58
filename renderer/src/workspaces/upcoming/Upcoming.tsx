import { Result } from 'antd';
import { useTranslation } from 'react-i18next';

export function Upcoming({ what }: { what: 'provisioning' | 'review' | 'support' }) {
  const { t } = useTranslation();
  return <Result status="info" title={t(`nav.${what}`)} subTitle={t(`upcoming.${what}`)} />;
}
