import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import './i18n';
import './support.css';
import { CasesPanel } from './CasesPanel';
import { MoneyPanel } from './MoneyPanel';
import { IdlePanel } from './IdlePanel';
import { FreezeListPanel } from './FreezeListPanel';
import { AnnouncePanel } from './AnnouncePanel';

/** 售后支持: returned units' cases, merchants' money questions, idle units, freezes, rate-change notices. */
export function SupportWorkspace() {
  const { t } = useTranslation();
  return (
    <Tabs
      defaultActiveKey="cases"
      destroyOnHidden={false}
      items={[
        { key: 'cases', label: t('support.tabs.cases'), children: <CasesPanel /> },
        { key: 'money', label: t('support.tabs.money'), children: <MoneyPanel /> },
        { key: 'idle', label: t('support.tabs.idle'), children: <IdlePanel /> },
        { key: 'freezes', label: t('support.tabs.freezes'), children: <FreezeListPanel /> },
        { key: 'announce', label: t('support.tabs.announce'), children: <AnnouncePanel /> },
      ]}
    />
  );
}
