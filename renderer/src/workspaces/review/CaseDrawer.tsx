import { useEffect, useEffectEvent, useState } from 'react';
import { Alert, App, Button, Col, Drawer, Row, Space, Spin, Tooltip, Typography } from 'antd';
import { FormOutlined } from '@ant-design/icons';
import { RESUBMITTABLE_STATES } from '../../../../electron/contract/kyc';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../shell/station-context';
import { shanghaiWallClock } from '../../format/shanghai-time';
import { ApplicantPanel } from './ApplicantPanel';
import { CaseHistory } from './CaseHistory';
import { DecisionBar, type Outcome } from './DecisionBar';
import { DocumentViewer } from './DocumentViewer';
import { OutcomeBanner } from './OutcomeBanner';
import { FindingsPanel } from './FindingsPanel';
import { DueDate, RiskTag, StateTag } from './tags';
import { CaseHolder, holding } from './CaseHolder';
import type { ReasonCodes } from './use-reason-codes';
import { useCallError } from '../../shell/use-call-error';
import { useShortcuts } from './use-shortcuts';
import { ShortcutLegend } from './ShortcutLegend';
import { useClaimRefusal } from './use-claim-refusal';
import type { CaseView } from './types';
import { HubCaseNotice } from '../sync/HubCaseNotice';
import { StationCallError } from '../../bridge/station-bridge';

interface Props {
  readonly applicationId: string | null;
  readonly reasons: ReasonCodes;
  readonly isReviewer: boolean;
  readonly onClose: () => void;
  /** Something changed the queue (claim, release, decision). */
  readonly onChanged: () => void;
  readonly onClaimNext: () => void;
  /** Opens the counter form to correct a returned case; null when the operator may not enter. */
  readonly onCorrect: ((applicationId: string) => void) | null;
}

/** The case view: documents beside the form fields, findings, history, and the decision bar. */
export function CaseDrawer(props: Props) {
  // One mount per case, so nothing of the previous case (view, outcome, fetched documents) lingers.
  return props.applicationId === null ? null : (
    <OpenCase key={props.applicationId} {...props} applicationId={props.applicationId} />
  );
}

function OpenCase({
  applicationId,
  reasons,
  isReviewer,
  onClose,
  onChanged,
  onClaimNext,
  onCorrect,
}: Props & { applicationId: string }) {
  const { t } = useTranslation();
  const { client, operator } = useStation();
  const { message } = App.useApp();
  const showError = useCallError('review');
  const refused = useClaimRefusal();
  const [view, setView] = useState<CaseView | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [generation, setGeneration] = useState(0);
  /**
   * A review copy whose record was removed here once the case left this station — also right after
   * this reviewer's own decision, when the pull bringing the hub's answer is quicker than the reload:
   * the last view is stale (state, holder), so only the decision's answer and the words stay.
   */
  const [left, setLeft] = useState(false);
  const report = useEffectEvent(showError);

  useEffect(() => {
    let live = true;
    client.call('kyc.case', { applicationId }).then(
      (v) => {
        if (live) setView(v);
      },
      (error: unknown) => {
        if (!live) return;
        if (error instanceof StationCallError && error.error.reason === 'kyc.review_copy.redacted')
          setLeft(true);
        else report(error);
      },
    );
    return () => {
      live = false;
    };
  }, [client, applicationId, generation]);

  const load = () => setGeneration((g) => g + 1);

  const held = view !== null && !left && holding(view, operator.id, operator.role).held;

  useShortcuts({
    // Esc closes the case even when focus has left the drawer (a closed dialog can leave it on the page).
    Escape: onClose,
    // Moving on while holding this case would leave it locked to this reviewer until the lease runs out.
    n: () => {
      if (held) void message.info(t('review.case.finishFirst'));
      else onClaimNext();
    },
  });

  const act = async (call: () => Promise<unknown>, claiming: boolean) => {
    setBusy(true);
    try {
      await call();
    } catch (error) {
      if (claiming) await refused(error, applicationId);
      else showError(error);
    } finally {
      // Refused or not, show the case as the station has it now (who holds it, until when).
      load();
      onChanged();
      setBusy(false);
    }
  };

  const changed = () => {
    load();
    onChanged();
  };

  const decided = (o: Outcome) => {
    setOutcome(o);
    changed();
  };

  const summary = view?.summary;
  const firstApproval = view?.decisions
    .filter((d) => d.kind === 'approve' && d.submission === summary?.submission)
    .at(-1);

  const outcomeBanner = outcome && view && (
    <OutcomeBanner outcome={outcome} view={view} reasons={reasons} onNext={onClaimNext} onClose={onClose} />
  );

  return (
    <Drawer
      open
      onClose={onClose}
      size="min(1480px, calc(100vw - 120px))"
      closable={{ 'aria-label': t('review.case.close') }}
      title={
        summary ? (
          <Space wrap size={8} data-testid="case-title">
            <span className="review-mono">{summary.applicationId}</span>
            <span>{summary.nameMasked}</span>
            {!left && <StateTag state={summary.state} />}
            <RiskTag risk={summary.risk} />
            <Typography.Text type="secondary">{t('review.case.due')}</Typography.Text>
            <DueDate dueAt={summary.dueAt} overdue={summary.overdue} />
            <Typography.Text type="secondary">
              {t('review.case.submitted')} {shanghaiWallClock(summary.submittedAt)} ·{' '}
              {t(`review.channels.${summary.channel}`, { defaultValue: summary.channel })}
            </Typography.Text>
            {summary.submission > 1 && (
              <Typography.Text type="secondary">
                {t('review.queue.submission', { n: summary.submission })}
              </Typography.Text>
            )}
          </Space>
        ) : (
          applicationId
        )
      }
      extra={
        view &&
        !left && (
          <Space>
            <ShortcutLegend />
            {onCorrect && RESUBMITTABLE_STATES.includes(view.summary.state) && (
              <Tooltip title={t('review.counter.correctOpenHint')}>
                <Button
                  icon={<FormOutlined />}
                  onClick={() => onCorrect(applicationId)}
                  data-testid="case-correct"
                >
                  {t('review.counter.correctOpen')}
                </Button>
              </Tooltip>
            )}
            {isReviewer && (
              <CaseHolder
                view={view}
                busy={busy}
                onClaim={() => void act(() => client.call('kyc.claim', { applicationId }), true)}
                onRelease={() => void act(() => client.call('kyc.release', { applicationId }), false)}
              />
            )}
          </Space>
        )
      }
      footer={
        view && isReviewer && !outcome && !left ? (
          <DecisionBar view={view} held={held} reasons={reasons} onDecided={decided} />
        ) : null
      }
    >
      {left ? (
        <div className="review-case" data-testid="case-view">
          {outcomeBanner}
          <Alert
            type="info"
            showIcon
            data-testid="case-left"
            title={t('review.errors.kyc_review_copy_redacted', { applicationId })}
          />
        </div>
      ) : !view ? (
        <Spin description={t('review.case.loading')}>
          <div style={{ height: 300 }} />
        </Spin>
      ) : (
        <div className="review-case" data-testid="case-view">
          <HubCaseNotice applicationId={applicationId} />
          {outcomeBanner}
          {!isReviewer && (
            <Alert type="info" showIcon title={t('review.case.adminReadOnly')} style={{ marginBottom: 12 }} />
          )}
          {view.summary.state === 'awaiting_second_approval' && (
            <Alert
              type="warning"
              showIcon
              data-testid="four-eyes"
              style={{ marginBottom: 12 }}
              title={t('review.decision.awaitingSecond')}
              description={
                firstApproval
                  ? t('review.decision.firstApprovedBy', {
                      name: firstApproval.actorName,
                      at: shanghaiWallClock(firstApproval.at),
                    })
                  : undefined
              }
            />
          )}
          {view.summary.state === 'in_review' && view.summary.risk === 'high' && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('review.decision.highRiskNote')}
              data-testid="high-risk"
            />
          )}
          <Row gutter={16}>
            <Col xs={24} xl={14}>
              <DocumentViewer
                view={view}
                canView={isReviewer}
                canDecide={held}
                reasons={reasons}
                onChanged={changed}
              />
            </Col>
            <Col xs={24} xl={10}>
              <ApplicantPanel view={view} canReveal={isReviewer} />
            </Col>
          </Row>
          <div style={{ marginTop: 16 }}>
            <FindingsPanel findings={view.findings} submission={view.summary.submission} />
          </div>
          <div style={{ marginTop: 16 }}>
            <CaseHistory view={view} reasons={reasons} />
          </div>
        </div>
      )}
    </Drawer>
  );
}
