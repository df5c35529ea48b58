import { useEffect, useRef, useState } from 'react';
import { App, Button, Card, Space, Tooltip, type InputRef } from 'antd';
import { FormOutlined, ReloadOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../shell/station-context';
import { CaseDrawer } from './CaseDrawer';
import { CounterIntakeDrawer } from './counter/CounterIntakeDrawer';
import { QueueFilters } from './QueueFilters';
import { QueueTable } from './QueueTable';
import { useQueue } from './use-queue';
import { useReasonCodes } from './use-reason-codes';
import { useAssignees } from './use-assignees';
import { useCallError } from '../../shell/use-call-error';
import { useShortcuts } from './use-shortcuts';
import type { QueueFilter, QueueItem } from './types';
import './review.css';

/** Page chrome above and below the queue's rows (header, card title, filters, table footer). */
const QUEUE_CHROME_PX = 330;
const QUEUE_MIN_HEIGHT_PX = 360;

/** The queue's scroll height: the table renders only the rows in view (virtualised), however long the queue. */
function useQueueHeight(): number {
  const fit = () => Math.max(window.innerHeight - QUEUE_CHROME_PX, QUEUE_MIN_HEIGHT_PX);
  const [height, setHeight] = useState(fit);
  useEffect(() => {
    const onResize = () => setHeight(fit());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return height;
}

/**
 * The KYC review workspace: the queue in due order with filters and search, claim-next (N),
 * and the case view. Keys: N claims the next case, / jumps to search, Enter opens a row,
 * Esc closes the case.
 */
export function ReviewWorkspace() {
  const { t } = useTranslation();
  const { client, operator } = useStation();
  const { message } = App.useApp();
  const showError = useCallError('review');
  const reasons = useReasonCodes();
  const [filter, setFilter] = useState<QueueFilter>({});
  const queue = useQueue(filter, showError);
  const [openId, setOpenId] = useState<string | null>(null);
  const [claiming, setClaiming] = useState(false);
  /** The counter form: closed (null), a new application, or a correction of a returned case. */
  const [entering, setEntering] = useState<{ readonly resubmits: string | null } | null>(null);
  const height = useQueueHeight();
  const searchRef = useRef<InputRef>(null);
  const isReviewer = operator.role === 'reviewer' || operator.role === 'senior_reviewer';
  /** Who may enter an application at the counter: as for a bundle import ('kyc.intakeAtCounter'). */
  const mayEnter = isReviewer || operator.role === 'admin';

  const assignees = useAssignees(queue.items, operator);

  const claimNext = async () => {
    if (!isReviewer || claiming) return;
    setClaiming(true);
    try {
      const { claimed } = await client.call('kyc.claimNext', {});
      if (claimed === null) {
        void message.info(t('review.queue.nothingToClaim'));
      } else {
        void message.success(t('review.queue.claimed', { id: claimed.applicationId }));
        setOpenId(claimed.applicationId);
      }
      queue.reload();
    } catch (error) {
      showError(error);
    } finally {
      setClaiming(false);
    }
  };

  const claim = async (item: QueueItem) => {
    try {
      await client.call('kyc.claim', { applicationId: item.applicationId });
      void message.success(t('review.queue.claimed', { id: item.applicationId }));
      setOpenId(item.applicationId);
      queue.reload();
    } catch (error) {
      showError(error);
    }
  };

  useShortcuts({ '/': () => searchRef.current?.focus() });
  // With a case open, the case view decides whether N may move on (not while the case is held).
  useShortcuts({ n: () => void claimNext() }, openId === null);

  return (
    <>
      <Card
        title={t('review.queue.title')}
        extra={
          <Space>
            <Tooltip title={t('review.queue.reload')}>
              <Button
                icon={<ReloadOutlined />}
                onClick={queue.reload}
                aria-label={t('review.queue.reload')}
              />
            </Tooltip>
            {mayEnter && (
              <Tooltip title={t('review.counter.openHint')}>
                <Button
                  icon={<FormOutlined />}
                  onClick={() => setEntering({ resubmits: null })}
                  data-testid="counter-open"
                >
                  {t('review.counter.open')}
                </Button>
              </Tooltip>
            )}
            {isReviewer && (
              <Tooltip title={t('review.queue.claimNextHint')}>
                <Button
                  type="primary"
                  icon={<ThunderboltOutlined />}
                  loading={claiming}
                  onClick={() => void claimNext()}
                  data-testid="claim-next"
                >
                  {t('review.queue.claimNext')} (N)
                </Button>
              </Tooltip>
            )}
          </Space>
        }
      >
        <QueueFilters ref={searchRef} value={filter} onChange={setFilter} assignees={assignees} />
        <QueueTable
          queue={queue}
          onClaim={isReviewer ? (item) => void claim(item) : null}
          onOpen={(item) => setOpenId(item.applicationId)}
          selectedId={openId}
          height={height}
        />
      </Card>
      {mayEnter && (
        <CounterIntakeDrawer
          open={entering !== null}
          resubmits={entering?.resubmits ?? null}
          onClose={() => setEntering(null)}
          onEntered={(id) => {
            setEntering(null);
            queue.reload();
            setOpenId(id);
          }}
        />
      )}
      <CaseDrawer
        applicationId={openId}
        reasons={reasons}
        isReviewer={isReviewer}
        onClose={() => setOpenId(null)}
        onChanged={queue.reload}
        onClaimNext={() => void claimNext()}
        onCorrect={mayEnter ? (id) => setEntering({ resubmits: id }) : null}
      />
    </>
  );
}
