import { useState } from 'react';
import { Badge, Button, Space, Tag, Tooltip, Typography } from 'antd';
import { SyncOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { shanghaiWallClock } from '../../format/shanghai-time';
import { useSyncStatus } from './use-sync-status';
import { SyncPanel } from './SyncPanel';

/** The header's hub link: online or not, last sync, pending count, attention badge; opens the Sync panel. */
export function SyncHeader() {
  const { t } = useTranslation();
  const status = useSyncStatus();
  const [open, setOpen] = useState(false);
  if (status === null) return null;
  if (!status.enrolled)
    return (
      <Tag data-testid="sync-status" color="default">
        {t('sync.header.standalone')}
      </Tag>
    );
  const skewed = status.skewMs !== null && Math.abs(status.skewMs) > status.skewWarnMs;
  return (
    <>
      <Space size={8} data-testid="sync-status">
        <Badge
          status={status.online ? 'success' : 'error'}
          text={status.online ? t('sync.header.online') : t('sync.header.offline')}
        />
        <Typography.Text type="secondary" data-testid="sync-last">
          {status.lastSyncAt
            ? t('sync.header.lastSync', { time: shanghaiWallClock(status.lastSyncAt) })
            : t('sync.header.never')}
        </Typography.Text>
        {skewed && (
          <Tag color="orange">
            {t('sync.header.skew', { minutes: Math.round(Math.abs(status.skewMs ?? 0) / 60_000) })}
          </Tag>
        )}
        <Tooltip title={t('sync.panel.title')}>
          <Badge count={status.attention} size="small" data-testid="sync-attention">
            <Button
              size="small"
              icon={<SyncOutlined />}
              onClick={() => setOpen(true)}
              data-testid="sync-open"
            >
              {t('sync.header.pending', { count: status.pending })}
            </Button>
          </Badge>
        </Tooltip>
      </Space>
      <SyncPanel open={open} onClose={() => setOpen(false)} />
    </>
  );
}
