import { useState } from 'react';
import { App, Button, Space, Tooltip, Typography } from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../shell/station-context';
import { approvalBlock } from './approval-block';
import { FindingsSummary, WarningsNote } from './FindingsSummary';
import { useDocumentName } from './document-name';
import { ReasonDialog, type ReasonValues } from './ReasonDialog';
import type { ReasonCodes } from './use-reason-codes';
import { useCallError } from '../../shell/use-call-error';
import { useShortcuts } from './use-shortcuts';
import type { CaseView } from './types';

export type Outcome =
  | { readonly kind: 'approved'; readonly codeExpiresAt: string | null }
  | { readonly kind: 'first_approved' }
  | { readonly kind: 'rejected'; readonly reasonCodes: readonly string[] }
  | { readonly kind: 'info_requested'; readonly reasonCodes: readonly string[] };

interface Props {
  readonly view: CaseView;
  readonly held: boolean;
  readonly reasons: ReasonCodes;
  readonly onDecided: (outcome: Outcome) => void;
}

/**
 * Approve, reject with reasons, or ask for more information, beside a summary of the checks'
 * findings. Approve stays disabled, with the reason beside it, while the case is not held, a check
 * found an error, a document is undecided or needs revision, or four-eyes forbids this operator.
 * Ctrl+Enter approves after a confirmation that lists the warnings being approved over.
 */
export function DecisionBar({ view, held, reasons, onDecided }: Props) {
  const { t } = useTranslation();
  const { client, operator } = useStation();
  const { modal } = App.useApp();
  const showError = useCallError('review');
  const nameOf = useDocumentName(view.documents);
  const [dialog, setDialog] = useState<'reject' | 'request_info' | null>(null);
  const [busy, setBusy] = useState(false);
  const applicationId = view.summary.applicationId;
  const second = view.summary.state === 'awaiting_second_approval';
  const block = approvalBlock(view, operator, held, nameOf);
  const open = held && (view.summary.state === 'in_review' || second);

  const run = async (action: () => Promise<Outcome>) => {
    setBusy(true);
    try {
      const outcome = await action();
      setDialog(null);
      onDecided(outcome);
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  const approve = () => {
    if (block !== null || busy) return;
    void modal.confirm({
      title: `${t(second ? 'review.decision.secondApprove' : 'review.decision.approve')} · ${applicationId}`,
      content: (
        <>
          <p>
            {view.summary.risk === 'high' && !second
              ? t('review.decision.highRiskNote')
              : t('review.decision.approveConfirm', { phone: view.applicant.phoneMasked })}
          </p>
          <WarningsNote view={view} />
        </>
      ),
      okText: t(second ? 'review.decision.secondApprove' : 'review.decision.approve'),
      cancelText: t('review.case.cancel'),
      autoFocusButton: 'ok',
      onOk: () =>
        run(async () => {
          const r = await client.call('kyc.approve', { applicationId });
          return r.state === 'approved'
            ? { kind: 'approved', codeExpiresAt: r.codeExpiresAt }
            : { kind: 'first_approved' };
        }),
    });
  };

  const closeWithReasons = (values: ReasonValues) => {
    const use = dialog;
    if (use === null) return;
    const input = {
      applicationId,
      reasonCodes: values.reasonCodes,
      ...(values.note ? { note: values.note } : {}),
    };
    void run(async () => {
      if (use === 'reject') {
        await client.call('kyc.reject', input);
        return { kind: 'rejected', reasonCodes: values.reasonCodes };
      }
      await client.call('kyc.requestInfo', input);
      return { kind: 'info_requested', reasonCodes: values.reasonCodes };
    });
  };

  useShortcuts({ 'Ctrl+Enter': approve }, dialog === null);

  const blockText = block
    ? t(block.key, { ...block.values, state: t(`review.states.${view.summary.state}`) })
    : null;

  return (
    <div className="review-decision-bar" data-testid="decision-bar">
      <Space wrap>
        <Tooltip title={blockText ?? t('review.decision.approveHint')}>
          <span>
            <Button
              type="primary"
              size="large"
              icon={<CheckCircleOutlined />}
              disabled={block !== null}
              loading={busy && dialog === null}
              onClick={approve}
              data-testid="approve"
            >
              {t(second ? 'review.decision.secondApprove' : 'review.decision.approve')}
            </Button>
          </span>
        </Tooltip>
        <Button
          size="large"
          icon={<QuestionCircleOutlined />}
          disabled={!open}
          onClick={() => setDialog('request_info')}
          data-testid="request-info"
        >
          {t('review.decision.requestInfo')}
        </Button>
        <Button
          size="large"
          danger
          icon={<CloseCircleOutlined />}
          disabled={!open}
          onClick={() => setDialog('reject')}
          data-testid="reject"
        >
          {t('review.decision.reject')}
        </Button>
        <FindingsSummary view={view} />
        {blockText && (
          <Typography.Text type="secondary" data-testid="approve-blocked">
            {blockText}
          </Typography.Text>
        )}
      </Space>
      <ReasonDialog
        use={dialog ?? 'reject'}
        open={dialog !== null}
        applicationId={applicationId}
        reasons={reasons}
        busy={busy}
        onCancel={() => setDialog(null)}
        onConfirm={closeWithReasons}
      />
    </div>
  );
}
