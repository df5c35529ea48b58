import { Button, Space, Table, Typography } from 'antd';
import type { ColumnsType, SortOrder } from 'antd/es/table/interface';
import { shanghaiWallClock } from '../../format/shanghai-time';
import { useTranslation } from 'react-i18next';
import { DueDate, RiskTag, StateTag } from './tags';
import { isFuture } from './time';
import type { Queue } from './use-queue';
import type { QueueItem, QueueSort } from './types';

interface Props {
  readonly queue: Queue;
  /** Null when the operator may not claim (an admin looking on). */
  readonly onClaim: ((item: QueueItem) => void) | null;
  readonly onOpen: (item: QueueItem) => void;
  readonly selectedId: string | null;
  readonly height: number;
  readonly sort: QueueSort;
  /** A column header was clicked; null goes back to the default (due date ascending). */
  readonly onSort: (sort: QueueSort | null) => void;
}

type SortBy = QueueSort['by'];

/** The antd header state of a column that sorts by `by`. */
function sortOrderOf(sort: QueueSort, by: SortBy): SortOrder {
  if (sort.by !== by) return null;
  return sort.order === 'asc' ? 'ascend' : 'descend';
}

/** Start fetching the next page this many pixels before the end. */
const PREFETCH_PX = 400;

function claimable(item: QueueItem): boolean {
  const leased = item.assignee !== null && isFuture(item.leaseExpiresAt);
  if (leased) return false;
  return ['submitted', 'resubmitted', 'in_review', 'awaiting_second_approval'].includes(item.state);
}

export function QueueTable({ queue, onClaim, onOpen, selectedId, height, sort, onSort }: Props) {
  const { t } = useTranslation();
  /** Sorted by the station over the whole queue (not just the rows loaded so far). */
  const sortable = (by: SortBy, first: 'ascend' | 'descend' = 'ascend') => ({
    key: by,
    sorter: true,
    sortOrder: sortOrderOf(sort, by),
    sortDirections: (first === 'ascend' ? ['ascend', 'descend'] : ['descend', 'ascend']) as SortOrder[],
    showSorterTooltip: { title: t('review.queue.sortHint') },
  });

  const columns: ColumnsType<QueueItem> = [
    {
      title: t('review.queue.columns.id'),
      dataIndex: 'applicationId',
      width: 175,
      fixed: 'left',
      ...sortable('id'),
      render: (id: string, item) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text className="review-mono" strong>
            {id}
          </Typography.Text>
          {item.submission > 1 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('review.queue.submission', { n: item.submission })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { title: t('review.queue.columns.name'), dataIndex: 'nameMasked', width: 84 },
    {
      title: t('review.queue.columns.due'),
      dataIndex: 'dueAt',
      width: 188,
      ...sortable('due'),
      render: (due: string, item) => <DueDate dueAt={due} overdue={item.overdue} />,
    },
    {
      title: t('review.queue.columns.idNumber'),
      dataIndex: 'idMasked',
      width: 170,
      render: (v: string) => <span className="review-mono">{v}</span>,
    },
    {
      title: t('review.queue.columns.state'),
      dataIndex: 'state',
      width: 96,
      render: (s: QueueItem['state']) => <StateTag state={s} />,
    },
    {
      title: t('review.queue.columns.risk'),
      dataIndex: 'risk',
      width: 88,
      ...sortable('risk', 'descend'),
      render: (r: QueueItem['risk']) => <RiskTag risk={r} />,
    },
    {
      title: t('review.queue.columns.submitted'),
      dataIndex: 'submittedAt',
      width: 140,
      ...sortable('submitted', 'descend'),
      render: (v: string) => <span className="review-mono">{shanghaiWallClock(v)}</span>,
    },
    {
      title: t('review.queue.columns.assignee'),
      width: 80,
      render: (_, item) => (item.assignee && isFuture(item.leaseExpiresAt) ? item.assignee.displayName : '—'),
    },
    {
      title: t('review.queue.columns.actions'),
      width: 108,
      fixed: 'right',
      render: (_, item) => (
        <Space size={4}>
          <Button size="small" onClick={() => onOpen(item)}>
            {t('review.queue.open')}
          </Button>
          {onClaim && claimable(item) && (
            <Button size="small" type="primary" ghost onClick={() => onClaim(item)} data-testid="row-claim">
              {t('review.queue.claim')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Table<QueueItem>
      virtual
      rowKey="applicationId"
      size="small"
      columns={columns}
      dataSource={[...queue.items]}
      loading={queue.loading && queue.items.length === 0}
      pagination={false}
      scroll={{ x: columns.reduce((n, c) => n + Number(c.width ?? 0), 0), y: height }}
      onChange={(_pagination, _filters, sorter) => {
        const one = Array.isArray(sorter) ? sorter[0] : sorter;
        const by = one?.columnKey as SortBy | undefined;
        if (!by || !one?.order) onSort(null);
        else onSort({ by, order: one.order === 'ascend' ? 'asc' : 'desc' });
      }}
      locale={{ emptyText: t('review.queue.empty') }}
      rowClassName={(item) =>
        [
          item.overdue ? 'review-row-overdue' : '',
          item.applicationId === selectedId ? 'review-row-selected' : '',
        ]
          .filter(Boolean)
          .join(' ')
      }
      onRow={(item) => ({
        tabIndex: 0,
        'data-testid': 'queue-row',
        'aria-label': item.applicationId,
        onKeyDown: (event) => {
          if (event.key === 'Enter' && event.target === event.currentTarget) onOpen(item);
        },
        onDoubleClick: () => onOpen(item),
      })}
      onScroll={(event) => {
        const el = event.currentTarget;
        if (el.scrollHeight - el.scrollTop - el.clientHeight < PREFETCH_PX) queue.loadMore();
      }}
      footer={() => (
        <Space>
          <Typography.Text type="secondary" data-testid="queue-shown">
            {queue.stats
              ? t('review.queue.shownOfTotal', {
                  count: queue.items.length,
                  total: queue.stats.total.toLocaleString('zh-CN'),
                })
              : t('review.queue.shown', { count: queue.items.length })}
            {queue.hasMore ? ` ${t('review.queue.scrollForMore')}` : ''}
          </Typography.Text>
          {queue.hasMore && (
            <Button size="small" loading={queue.loading} onClick={queue.loadMore}>
              {t('review.queue.loadMore')}
            </Button>
          )}
        </Space>
      )}
    />
  );
}
