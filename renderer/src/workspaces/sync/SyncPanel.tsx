import { useCallback, useEffect, useState } from 'react';
import { App, Button, Drawer, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SyncMutationView } from '../../../../electron/contract/sync';
import { useStation } from '../../shell/station-context';
import { useCallError } from '../../shell/use-call-error';
import { shanghaiWallClock } from '../../format/shanghai-time';
import { useOnSync, useSyncStatus } from './use-sync-status';
import { AuditProblem } from './AuditProblem';
import { kindWords, refusalTitle, refusalWords } from './kind-words';

interface Props {
  readonly open: boolean;
  readonly onClose: () => void;
}

/** Every mutation waiting for the hub or refused by it, with the reason in words; retry or discard. */
export function SyncPanel({ open, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const { client, operator } = useStation();
  const { message } = App.useApp();
  const showError = useCallError('sync');
  const [rows, setRows] = useState<SyncMutationView[]>([]);
  const [busy, setBusy] = useState(false);
  const status = useSyncStatus();

  const load = useCallback(() => {
    client.call('sync.mutations', {}).then((r) => setRows(r.mutations), showError);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- showError is a fresh closure each render
  }, [client]);
  useEffect(() => {
    if (open) load();
  }, [open, load]);
  useOnSync(load);

  const act = async (call: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await call();
      void message.success(done);
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
      load();
    }
  };

  const mayAct = (m: SyncMutationView) =>
    m.state === 'refused' && (m.operator === operator.username || operator.role === 'admin');

  return (
    <Drawer open={open} onClose={onClose} title={t('sync.panel.title')} size={960} data-testid="sync-panel">
      <Space style={{ marginBottom: 12 }}>
        <Button
          loading={busy}
          onClick={() => void act(() => client.call('sync.now', {}), t('sync.panel.syncNow'))}
        >
          {t('sync.panel.syncNow')}
        </Button>
      </Space>
      {status?.auditProblem ? <AuditProblem problem={status.auditProblem} /> : null}
      {status?.backfill && status.backfill.total > 0 ? (
        <Typography.Paragraph data-testid="sync-backfill">
          {t('sync.panel.backfill', { done: status.backfill.done, total: status.backfill.total })}
        </Typography.Paragraph>
      ) : null}
      <Table<SyncMutationView>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: t('sync.panel.empty') }}
        columns={[
          { title: t('sync.panel.kind'), key: 'kind', render: (_, m) => kindWords(t, m.kind) },
          {
            title: t('sync.panel.subject'),
            dataIndex: 'subject',
            render: (s: string | null) => <span className="review-mono">{s ?? '—'}</span>,
          },
          { title: t('sync.panel.operator'), dataIndex: 'operator' },
          {
            title: t('sync.panel.createdAt'),
            dataIndex: 'createdAt',
            render: (at: string) => shanghaiWallClock(at),
          },
          {
            title: t('sync.panel.state'),
            key: 'state',
            render: (_, m) =>
              m.state === 'refused' ? (
                <Tag color="red">{t('sync.panel.refused')}</Tag>
              ) : (
                <Tag color="blue">{t('sync.panel.pending')}</Tag>
              ),
          },
          {
            title: t('sync.panel.reason'),
            key: 'reason',
            render: (_, m) =>
              m.state === 'refused' ? (
                <Typography.Text data-testid="refusal-words">
                  {refusalTitle(t, m.code) && <strong>{refusalTitle(t, m.code)}</strong>}
                  {refusalTitle(t, m.code) && <br />}
                  {refusalWords(i18n.language, m)}
                </Typography.Text>
              ) : (
                <Typography.Text type="secondary">
                  {t('sync.panel.attempts', { count: m.attempts })}
                </Typography.Text>
              ),
          },
          {
            title: t('sync.panel.actions'),
            key: 'actions',
            render: (_, m) =>
              mayAct(m) && (
                <Space>
                  <Button
                    size="small"
                    disabled={busy}
                    onClick={() =>
                      void act(() => client.call('sync.retry', { id: m.id }), t('sync.panel.retried'))
                    }
                  >
                    {t('sync.panel.retry')}
                  </Button>
                  <Popconfirm
                    title={t('sync.panel.discardConfirm')}
                    okText={t('sync.panel.discard')}
                    cancelText={t('settings.operators.cancel')}
                    onConfirm={() =>
                      void act(() => client.call('sync.discard', { id: m.id }), t('sync.panel.discarded'))
                    }
                  >
                    <Button size="small" danger disabled={busy}>
                      {t('sync.panel.discard')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
    </Drawer>
  );
}
