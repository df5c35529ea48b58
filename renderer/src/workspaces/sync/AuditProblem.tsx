import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SyncStatusView } from '../../../../electron/contract/sync';
import { knownKey } from '../../i18n/known-key';

/**
 * The hub refused this station's audit chain: said in words at the top of the attention list. On
 * an English screen the hub's own sentence (naming the record) is added; it has no Chinese.
 */
export function AuditProblem({ problem }: { problem: NonNullable<SyncStatusView['auditProblem']> }) {
  const { t, i18n } = useTranslation();
  const key = knownKey(`sync.audit.${problem.code}`);
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="sync-audit-problem"
      title={t('sync.audit.title')}
      description={
        <>
          <div>{key ? t(key) : t('sync.audit.other')}</div>
          {i18n.language === 'en' ? <div className="review-mono">{problem.message}</div> : null}
          <div>{t('sync.audit.whatToDo')}</div>
        </>
      }
    />
  );
}
