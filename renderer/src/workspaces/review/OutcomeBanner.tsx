import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { shanghaiWallClock } from '../../format/shanghai-time';
import type { Outcome } from './DecisionBar';
import type { ReasonCodes } from './use-reason-codes';
import type { CaseView } from './types';

interface Props {
  readonly outcome: Outcome;
  readonly view: CaseView;
  readonly reasons: ReasonCodes;
  readonly onNext: () => void;
  readonly onClose: () => void;
}

/** What the decision did, in the applicant's terms (which SMS went out, to which masked phone), and what next. */
export function OutcomeBanner({ outcome, view, reasons, onNext, onClose }: Props) {
  const { t } = useTranslation();
  const phone = view.applicant.phoneMasked;
  const listed = (codes: readonly string[]) => codes.map((c) => reasons.label(c)).join('；');
  let status: 'success' | 'info' | 'error' | 'warning';
  let title: string;
  let body: string;
  switch (outcome.kind) {
    case 'approved':
      status = 'success';
      title = t('review.decision.approvedTitle');
      body = t('review.decision.approvedBody', {
        phone,
        until: outcome.codeExpiresAt ? shanghaiWallClock(outcome.codeExpiresAt) : '—',
      });
      break;
    case 'first_approved':
      status = 'info';
      title = t('review.decision.firstApprovedTitle');
      body = t('review.decision.firstApprovedBody');
      break;
    case 'rejected':
      status = 'error';
      title = t('review.decision.rejectedTitle');
      body = t('review.decision.rejectedBody', { phone, reasons: listed(outcome.reasonCodes) });
      break;
    case 'info_requested':
      status = 'warning';
      title = t('review.decision.infoRequestedTitle');
      body = t('review.decision.infoRequestedBody', { phone, reasons: listed(outcome.reasonCodes) });
      break;
  }
  return (
    <Result
      status={status}
      title={`${title} · ${view.summary.applicationId}`}
      subTitle={<span data-testid="outcome-body">{body}</span>}
      className="review-outcome"
      data-testid="outcome"
      extra={[
        <Button key="next" type="primary" autoFocus onClick={onNext}>
          {t('review.decision.nextCase')}
        </Button>,
        <Button key="back" onClick={onClose}>
          {t('review.decision.backToQueue')}
        </Button>,
      ]}
    />
  );
}
