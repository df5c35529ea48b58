import { Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { shanghaiWallClock } from '../../format/shanghai-time';
import { useStation } from '../../shell/station-context';
import { isFuture } from './time';
import type { CaseView } from './types';
import type { ParseKeys } from 'i18next';

const OPEN_STATES: readonly string[] = ['submitted', 'resubmitted', 'in_review', 'awaiting_second_approval'];

/** Who holds the case, and why this operator may not claim it, before they try (four-eyes). */
export function holding(view: CaseView, operatorId: string, role: string) {
  const { summary } = view;
  const leaseRunning = isFuture(summary.leaseExpiresAt);
  const holder = leaseRunning ? summary.assignee : null;
  const open = OPEN_STATES.includes(summary.state);
  let claimBlock: ParseKeys | null = null;
  if (summary.state === 'awaiting_second_approval') {
    if (role !== 'senior_reviewer') claimBlock = 'review.decision.fourEyesSeniorOnly';
    else if (view.firstApproverId === operatorId) claimBlock = 'review.decision.fourEyesSamePerson';
  }
  return {
    open,
    held: holder?.id === operatorId,
    heldByOther: holder !== null && holder.id !== operatorId ? holder : null,
    claimBlock,
  };
}

interface Props {
  readonly view: CaseView;
  readonly busy: boolean;
  readonly onClaim: () => void;
  readonly onRelease: () => void;
}

/** The case header's right side: the lease, and claim / renew / give back. */
export function CaseHolder({ view, busy, onClaim, onRelease }: Props) {
  const { t } = useTranslation();
  const { operator } = useStation();
  const { open, held, heldByOther, claimBlock } = holding(view, operator.id, operator.role);
  if (!open) return null;
  const until = shanghaiWallClock(view.summary.leaseExpiresAt ?? '');
  return (
    <Space>
      <Typography.Text
        type={held ? 'success' : heldByOther || claimBlock ? 'warning' : 'secondary'}
        data-testid="holder"
      >
        {held
          ? t('review.case.heldByMe', { until })
          : heldByOther
            ? t('review.case.heldBy', { name: heldByOther.displayName, until })
            : claimBlock
              ? t(claimBlock)
              : t('review.case.unheld')}
      </Typography.Text>
      {!heldByOther && !claimBlock && (
        <Button type={held ? 'default' : 'primary'} loading={busy} onClick={onClaim} data-testid="case-claim">
          {held ? t('review.case.renew') : t('review.case.claim')}
        </Button>
      )}
      {held && (
        <Button loading={busy} onClick={onRelease}>
          {t('review.case.release')}
        </Button>
      )}
    </Space>
  );
}
