import { Button, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { DueDate, RiskTag, StateTag } from './tags';
import { isFuture } from './time';
import type { Queue } from './use-queue';
import type { QueueItem } from './types';

interface Props {
  readonly queue: Queue;
  /** Null when the operator may not claim (an admin looking on). */
  readonly onClaim: ((item: QueueItem) => void) | null;
  readonly onOpen: (item: QueueItem) => void;
  readonly selectedId: string | null;
  readonly height: number;
}

/** Start fetching the next page this many pixels before the end. */
const PREFETCH_PX = 400;

function claimable(item: QueueItem): boolean {
  const leased = item.assignee !== null && isFuture(item.leaseExpiresAt);
  if (leased) return false;
  return ['submitted', 'resubmitted', 'in_review', 'awaiting_second_approval'].includes(item.state);
}

export function QueueTable({ queue, onClaim, onOpen, selectedId, height }: Props) {
  const { t } = useTranslation();

  const columns: ColumnsType<QueueItem> = [
    {
      title: t('review.queue.columns.id'),
      dataIndex: 'applicationId',
      width: 170,
      fixed: 'left',
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
    { title: t('review.queue.columns.name'), dataIndex: 'nameMasked', width: 92 },
    {
      title: t('review.queue.columns.due'),
      dataIndex: 'dueAt',
      width: 185,
      render: (due: string, item) => <DueDate dueAt={due} overdue={item.overdue} />,
    },
    {
      title: t('review.queue.columns.idNumber'),
      dataIndex: 'idMasked',
      width: 190,
      render: (v: string) => <span className="review-mono">{v}</span>,
    },
    {
      title: t('review.queue.columns.phone'),
      dataIndex: 'phoneMasked',
      width: 120,
      render: (v: string) => <span className="review-mono">{v}</span>,
    },
    {
      title: t('review.queue.columns.state'),
      dataIndex: 'state',
      width: 110,
      render: (s: QueueItem['state']) => <StateTag state={s} />,
    },
    {
      title: t('review.queue.columns.risk'),
      dataIndex: 'risk',
      width: 100,
      render: (r: QueueItem['risk']) => <RiskTag risk={r} />,
    },
    {
      title: t('review.queue.columns.assignee'),
      width: 90,
      render: (_, item) => (item.assignee && isFuture(item.leaseExpiresAt) ? item.assignee.displayName : '—'),
    },
    {
      title: t('review.queue.columns.actions'),
      width: 130,
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
      scroll={{ x: 1190, y: height }}
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
          <Typography.Text type="secondary">
            {queue.hasMore
              ? t('review.queue.shownMore', { count: queue.items.length })
              : t('review.queue.shown', { count: queue.items.length })}
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
