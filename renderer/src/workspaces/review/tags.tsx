import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { shanghaiWallClock } from '../../format/shanghai-time';
import { isDueToday } from './time';
import type { CaseState, RiskLevel } from './types';

const STATE_COLOR: Record<CaseState, string> = {
  submitted: 'blue',
  resubmitted: 'geekblue',
  in_review: 'processing',
  awaiting_second_approval: 'purple',
  approved: 'success',
  rejected: 'error',
  info_requested: 'warning',
};

const RISK_COLOR: Record<RiskLevel, string> = { low: 'green', medium: 'orange', high: 'red' };

/** Every state and risk level, complete because the colour tables are typed over the contract's enums. */
export const CASE_STATES = Object.keys(STATE_COLOR) as CaseState[];
export const RISK_LEVELS = Object.keys(RISK_COLOR) as RiskLevel[];

export function StateTag({ state }: { state: CaseState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLOR[state]} data-testid="case-state">
      {t(`review.states.${state}`)}
    </Tag>
  );
}

export function RiskTag({ risk }: { risk: RiskLevel }) {
  const { t } = useTranslation();
  return (
    <Tag color={RISK_COLOR[risk]} variant={risk === 'high' ? 'solid' : 'outlined'}>
      {t(`review.risks.${risk}`)}
    </Tag>
  );
}

/** The due date; overdue open cases in red with a tag, cases due today in orange. */
export function DueDate({ dueAt, overdue }: { dueAt: string; overdue: boolean }) {
  const { t } = useTranslation();
  const today = !overdue && isDueToday(dueAt);
  return (
    <Space size={4} style={{ whiteSpace: 'nowrap' }}>
      <Typography.Text type={overdue ? 'danger' : today ? 'warning' : undefined} strong={overdue}>
        {shanghaiWallClock(dueAt)}
      </Typography.Text>
      {overdue && (
        <Tag color="red" variant="solid">
          {t('review.queue.overdueTag')}
        </Tag>
      )}
      {today && <Tag color="orange">{t('review.queue.todayTag')}</Tag>}
    </Space>
  );
}
