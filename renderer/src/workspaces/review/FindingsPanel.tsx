import { useState } from 'react';
import { Card, Empty, Space, Switch, Tag, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, WarningFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { EvidenceView } from './EvidenceView';
import type { CaseFinding } from './types';

type Severity = CaseFinding['severity'];

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const ICON: Record<Severity, React.ReactNode> = {
  error: <CloseCircleFilled style={{ color: '#cf1322' }} />,
  warning: <WarningFilled style={{ color: '#d46b08' }} />,
  info: <CheckCircleFilled style={{ color: '#389e0d' }} />,
};
const TAG_COLOR: Record<Severity, string> = { error: 'red', warning: 'orange', info: 'green' };

/**
 * The automated checks of the current submission, problems first with their evidence; passed
 * checks folded away (every rule yields a finding, so there are many).
 */
export function FindingsPanel({
  findings,
  submission,
}: {
  findings: readonly CaseFinding[];
  submission: number;
}) {
  const { t, i18n } = useTranslation();
  const [showPassed, setShowPassed] = useState(false);
  const english = i18n.language === 'en';
  const current = findings.filter((f) => f.submission === submission);
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of current) counts[f.severity]++;
  const shown = current
    .filter((f) => showPassed || f.severity !== 'info')
    .sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);

  return (
    <Card
      size="small"
      title={t('review.findings.title')}
      extra={
        <Space size={6}>
          <Switch
            size="small"
            checked={showPassed}
            onChange={setShowPassed}
            aria-label={t('review.findings.showPassed')}
          />
          <span>{t('review.findings.showPassed')}</span>
        </Space>
      }
      data-testid="findings"
    >
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        <Tag color="red">
          {t('review.findings.severities.error')} {counts.error}
        </Tag>
        <Tag color="orange">
          {t('review.findings.severities.warning')} {counts.warning}
        </Tag>
        <Tag color="green">
          {t('review.findings.severities.info')} {counts.info}
        </Tag>
      </Typography.Paragraph>
      {shown.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('review.findings.none')} />
      ) : (
        <ul className="review-findings">
          {shown.map((f, i) => (
            <li key={`${f.code}-${i}`} className={`review-finding review-finding-${f.severity}`}>
              <div className="review-finding-row">
                {ICON[f.severity]}
                <div className="review-finding-body">
                  <div>
                    <b>{english ? f.messageEn : f.messageZh}</b>{' '}
                    {/* The code is English (docs/application-bundle.md lists it): not on a Chinese screen. */}
                    {english && (
                      <Tag color={TAG_COLOR[f.severity]} className="review-mono" style={{ marginLeft: 4 }}>
                        {f.code}
                      </Tag>
                    )}
                  </div>
                  {f.severity !== 'info' && <EvidenceView evidence={f.evidence} />}
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
