import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../electron/contract/support';

const COLOR: Record<CaseDetail['state'], string> = {
  received: 'blue',
  diagnosing: 'processing',
  awaiting_decision: 'gold',
  repairing: 'cyan',
  replacing: 'cyan',
  refurbishing: 'purple',
  scrapping: 'volcano',
  returned: 'green',
  restocked: 'green',
  scrapped: 'default',
};

export function StateTag({ state }: { state: CaseDetail['state'] }) {
  const { t } = useTranslation();
  return <Tag color={COLOR[state]}>{t(`support.state.${state}`)}</Tag>;
}
