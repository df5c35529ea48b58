import { useMemo, useRef, useState } from 'react';
import { App, Button, Card, Space, Tooltip, type InputRef } from 'antd';
import { ReloadOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../shell/station-context';
import { CaseDrawer } from './CaseDrawer';
import { QueueFilters } from './QueueFilters';
import { QueueTable } from './QueueTable';
import { useQueue } from './use-queue';
import { useReasonCodes } from './use-reason-codes';
import { useReviewError } from './use-review-error';
import { useShortcuts } from './use-shortcuts';
import type { QueueFilter, QueueItem } from './types';
import './review.css';

/** Rows visible at once; the table renders only those (virtualised) however long the queue. */
const QUEUE_HEIGHT = 'calc(100vh - 330px)';
const QUEUE_MIN_HEIGHT_PX = 360;

function queueHeight(): number {
  const probe = document.createElement('div');
  probe.style.height = QUEUE_HEIGHT;
  document.body.appendChild(probe);
  const px = probe.getBoundingClientRect().height;
  probe.remove();
  return Math.max(px, QUEUE_MIN_HEIGHT_PX);
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
  const showError = useReviewError();
  const reasons = useReasonCodes();
  const [filter, setFilter] = useState<QueueFilter>({});
  const stableFilter = useMemo(() => filter, [filter]);
  const queue = useQueue(stableFilter, showError);
  const [openId, setOpenId] = useState<string | null>(null);
  const [claiming, setClaiming] = useState(false);
  const [height] = useState(queueHeight);
  const searchRef = useRef<InputRef>(null);
  const isReviewer = operator.role === 'reviewer' || operator.role === 'senior_reviewer';

  const assignees = useMemo(() => {
    const seen = new Map<string, string>([[operator.id, operator.displayName]]);
    for (const item of queue.items) if (item.assignee) seen.set(item.assignee.id, item.assignee.displayName);
    return [...seen].map(([id, displayName]) => ({ id, displayName }));
  }, [queue.items, operator]);

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

  useShortcuts({
    n: () => void claimNext(),
    '/': () => searchRef.current?.focus(),
  });

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
      <CaseDrawer
        applicationId={openId}
        reasons={reasons}
        isReviewer={isReviewer}
        onClose={() => setOpenId(null)}
        onChanged={queue.reload}
        onClaimNext={() => void claimNext()}
      />
    </>
  );
}
