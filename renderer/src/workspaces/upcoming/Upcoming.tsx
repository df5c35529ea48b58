import { Result } from 'antd';
import { useTranslation } from 'react-i18next';

/** A workspace that is planned but not built yet says what it will do. */
export function Upcoming({ what }: { what: 'support' }) {
  const { t } = useTranslation();
  return <Result status="info" title={t(`nav.${what}`)} subTitle={t(`upcoming.${what}`)} />;
}
