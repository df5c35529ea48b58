import { Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentFindings } from './approval-block';
import type { CaseFinding, CaseView } from './types';

/** A finding's sentence in the operator's language. */
export function useFindingText(): (f: CaseFinding) => string {
  const { i18n } = useTranslation();
  return (f) => (i18n.language === 'en' ? f.messageEn : f.messageZh);
}

/**
 * The current submission's problems where the decision is made: error and warning counts, and
 * the errors' sentences (each blocks approval), so nothing that matters sits below the fold.
 */
export function FindingsSummary({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const text = useFindingText();
  const errors = currentFindings(view, 'error');
  const warnings = currentFindings(view, 'warning');
  if (errors.length === 0 && warnings.length === 0) {
    return (
      <Tag color="green" data-testid="findings-summary">
        {t('review.findings.allPassed')}
      </Tag>
    );
  }
  return (
    <Space size={4} wrap data-testid="findings-summary">
      {errors.length > 0 && (
        <Tooltip title={errors.map(text).join('；')}>
          <Tag color="red">
            {t('review.findings.severities.error')} {errors.length}
          </Tag>
        </Tooltip>
      )}
      {warnings.length > 0 && (
        <Tooltip title={warnings.map(text).join('；')}>
          <Tag color="orange">
            {t('review.findings.severities.warning')} {warnings.length}
          </Tag>
        </Tooltip>
      )}
      {errors.length > 0 && (
        <Typography.Text type="danger" data-testid="findings-summary-errors">
          {errors.map(text).join('；')}
        </Typography.Text>
      )}
    </Space>
  );
}

/** What an approval confirmation says about the warnings the reviewer is approving over. */
export function WarningsNote({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const text = useFindingText();
  const warnings = currentFindings(view, 'warning');
  if (warnings.length === 0) return null;
  return (
    <div data-testid="approve-warnings">
      <Typography.Text type="warning" strong>
        {t('review.decision.approveWarnings', { count: warnings.length })}
      </Typography.Text>
      <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
        {warnings.map((f, i) => (
          <li key={`${f.code}-${i}`}>{text(f)}</li>
        ))}
      </ul>
    </div>
  );
}
