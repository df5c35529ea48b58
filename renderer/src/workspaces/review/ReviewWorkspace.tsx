import { useEffect, useRef, useState } from 'react';
import { App, Button, Card, Space, Tag, Tooltip, type InputRef } from 'antd';
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
import { ShortcutLegend } from './ShortcutLegend';
import { useClaimRefusal } from './use-claim-refusal';
import type { QueueFilter, QueueItem, QueueSort, QueueStats } from './types';
import './review.css';
import { isReviewer } from '../../../../electron/contract/define';

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

/** Due date ascending: the order claim-next works in. */
const DEFAULT_SORT: QueueSort = { by: 'due', order: 'asc' };

/**
 * The KYC review workspace. Its toasts show at the bottom of the window, above the case's
 * decision bar, so they never cover a page, card or case title.
 */
export function ReviewWorkspace() {
  const toasts = useRef<HTMLDivElement>(null);
  return (
    <App component={false} message={{ getContainer: () => toasts.current ?? document.body, maxCount: 3 }}>
      <ReviewQueue />
      <div ref={toasts} className="review-toasts" />
    </App>
  );
}

/** The total and the SLA counts (working-day due dates); a count filters the queue to its band. */
function QueueCounts({
  stats,
  filter,
  onFilter,
}: {
  stats: QueueStats | null;
  filter: QueueFilter;
  onFilter: (filter: QueueFilter) => void;
}) {
  const { t } = useTranslation();
  if (stats === null) return null;
  const band = (due: 'overdue' | 'today') => (checked: boolean) => {
    const { due: _dropped, ...rest } = filter;
    onFilter(checked ? { ...rest, due } : rest);
  };
  return (
    <Tooltip title={t('review.queue.slaHint')}>
      <Space size={4} data-testid="queue-counts">
        <Tag>{t('review.queue.total', { total: stats.total.toLocaleString('zh-CN') })}</Tag>
        <Tag.CheckableTag checked={filter.due === 'overdue'} onChange={band('overdue')}>
          <span
            className={stats.overdue > 0 ? 'review-count-overdue' : undefined}
            data-testid="count-overdue"
          >
            {t('review.queue.overdueCount', { count: stats.overdue })}
          </span>
        </Tag.CheckableTag>
        <Tag.CheckableTag checked={filter.due === 'today'} onChange={band('today')}>
          <span data-testid="count-due-today">
            {t('review.queue.dueTodayCount', { count: stats.dueToday })}
          </span>
        </Tag.CheckableTag>
      </Space>
    </Tooltip>
  );
}

/**
 * The queue with filters, search and sortable columns, claim-next (N), and the case view.
 * Keys (ShortcutLegend lists them all): N claims the next case, / jumps to search, Enter opens a
 * row, Esc closes the case.
 */
function ReviewQueue() {
  const { t } = useTranslation();
  const { client, operator } = useStation();
  const { message } = App.useApp();
  const showError = useCallError('review');
  const reasons = useReasonCodes();
  const refused = useClaimRefusal();
  const [filter, setFilter] = useState<QueueFilter>({});
  const [sort, setSort] = useState<QueueSort>(DEFAULT_SORT);
  const queue = useQueue(filter, sort, showError);
  const [openId, setOpenId] = useState<string | null>(null);
  const [claiming, setClaiming] = useState(false);
  /** The counter form: closed (null), a new application, or a correction of a returned case. */
  const [entering, setEntering] = useState<{ readonly resubmits: string | null } | null>(null);
  const height = useQueueHeight();
  const searchRef = useRef<InputRef>(null);
  const reviewer = isReviewer(operator.role);
  /** Who may enter an application at the counter: as for a bundle import ('kyc.intakeAtCounter'). */
  const mayEnter = reviewer || operator.role === 'admin';

  const assignees = useAssignees(queue.items, operator);

  const claimNext = async () => {
    if (!reviewer || claiming) return;
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
      // The row showed it claimable; refresh it to what the station knows now.
      queue.reload();
      await refused(error, item.applicationId);
    }
  };

  useShortcuts({ '/': () => searchRef.current?.focus() });
  // With a case open, the case view decides whether N may move on (not while the case is held).
  useShortcuts({ n: () => void claimNext() }, openId === null);

  return (
    <>
      <Card
        title={
          <Space size={12} wrap>
            {t('review.queue.title')}
            <QueueCounts stats={queue.stats} filter={filter} onFilter={setFilter} />
          </Space>
        }
        extra={
          <Space>
            <ShortcutLegend />
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
            {reviewer && (
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
          onClaim={reviewer ? (item) => void claim(item) : null}
          onOpen={(item) => setOpenId(item.applicationId)}
          selectedId={openId}
          height={height}
          sort={sort}
          onSort={(next) => setSort(next ?? DEFAULT_SORT)}
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
        isReviewer={reviewer}
        onClose={() => setOpenId(null)}
        onChanged={queue.reload}
        onClaimNext={() => void claimNext()}
        onCorrect={mayEnter ? (id) => setEntering({ resubmits: id }) : null}
      />
    </>
  );
}
