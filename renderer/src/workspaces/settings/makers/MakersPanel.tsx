import { App, Button, Input, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MakerView } from '../../../../../electron/contract/makers';
import { useStation } from '../../../shell/station-context';
import { useCallError } from '../../../shell/use-call-error';
import { ProposeMakerDialog } from './ProposeMakerDialog';

const STATUS_COLOR = { proposed: 'orange', trusted: 'green', withdrawn: 'default' } as const;

/** Fingerprint in groups of four, the way it is read aloud over the phone to the maker. */
function grouped(fingerprint: string): string {
  return (fingerprint.toUpperCase().match(/.{1,4}/g) ?? []).join(' ');
}

/** The admin's list of added terminal makers: propose, approve (a second admin), withdraw. */
export function MakersPanel() {
  const { t } = useTranslation();
  const { client, operator: me } = useStation();
  const { message, modal } = App.useApp();
  const showError = useCallError('settings.makers');
  const [makers, setMakers] = useState<MakerView[] | null>(null);
  const [proposing, setProposing] = useState(false);

  const reload = useCallback(
    () =>
      client.call('makers.list', {}).then(
        (r) => setMakers([...r.makers]),
        (error: unknown) => showError(error),
      ),
    // showError is a fresh function each render; the list only depends on the client.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [client],
  );
  useEffect(() => void reload(), [reload]);

  const act = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      void message.success(done);
    } catch (error) {
      showError(error);
    }
    await reload();
  };

  const withdraw = (maker: MakerView) => {
    let reason = '';
    modal.confirm({
      title: t('settings.makers.withdrawConfirm', { name: maker.name }),
      content: (
        <Input
          placeholder={t('settings.makers.withdrawReason')}
          aria-label={t('settings.makers.withdrawReason')}
          maxLength={200}
          onChange={(e) => (reason = e.target.value)}
        />
      ),
      okText: t('settings.makers.withdraw'),
      okButtonProps: { danger: true },
      cancelText: t('settings.makers.cancel'),
      onOk: () =>
        act(
          () => client.call('makers.withdraw', { id: maker.id, reason: reason.trim() || '—' }),
          t('settings.makers.withdrawnDone', { name: maker.name }),
        ),
    });
  };

  return (
    <>
      <Typography.Paragraph type="secondary">{t('settings.makers.intro')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setProposing(true)}>
          {t('settings.makers.propose')}
        </Button>
      </Space>
      <Table<MakerView>
        rowKey="id"
        size="middle"
        loading={makers === null}
        dataSource={makers ?? []}
        pagination={false}
        locale={{ emptyText: t('settings.makers.empty') }}
        columns={[
          { title: t('settings.makers.name'), dataIndex: 'name' },
          {
            title: t('settings.makers.models'),
            dataIndex: 'models',
            render: (models: readonly string[]) => models.map((m) => <Tag key={m}>{m}</Tag>),
          },
          {
            title: t('settings.makers.status'),
            dataIndex: 'status',
            render: (status: MakerView['status']) => (
              <Tag color={STATUS_COLOR[status]}>{t(`settings.makers.${status}`)}</Tag>
            ),
          },
          {
            title: t('settings.makers.fingerprint'),
            dataIndex: 'rootFingerprint',
            render: (fp: string) => (
              <Typography.Text code copyable={{ text: fp }} style={{ fontSize: 12 }}>
                {grouped(fp).slice(0, 39)}…
              </Typography.Text>
            ),
          },
          {
            title: t('settings.makers.proposedBy'),
            key: 'proposed',
            render: (_v, m) => `${m.proposedBy} · ${m.proposedAt.slice(0, 16).replace('T', ' ')}`,
          },
          {
            title: t('settings.makers.approvedBy'),
            key: 'approved',
            render: (_v, m) =>
              m.approvedBy && m.approvedAt
                ? `${m.approvedBy} · ${m.approvedAt.slice(0, 16).replace('T', ' ')}`
                : '—',
          },
          {
            title: t('settings.makers.actions'),
            key: 'actions',
            render: (_v, m) => (
              <Space size={4} wrap>
                {m.status === 'proposed' &&
                  (m.proposedBy === me.username ? (
                    <Tooltip title={t('settings.makers.ownProposal')}>
                      <Button size="small" disabled>
                        {t('settings.makers.approve')}
                      </Button>
                    </Tooltip>
                  ) : (
                    <Popconfirm
                      title={t('settings.makers.approveConfirm', {
                        name: m.name,
                        models: m.models.join('、'),
                      })}
                      okText={t('settings.makers.approve')}
                      cancelText={t('settings.makers.cancel')}
                      onConfirm={() =>
                        act(
                          () => client.call('makers.approve', { id: m.id }),
                          t('settings.makers.approved', { name: m.name }),
                        )
                      }
                    >
                      <Button size="small" type="primary">
                        {t('settings.makers.approve')}
                      </Button>
                    </Popconfirm>
                  ))}
                {m.status !== 'withdrawn' && (
                  <Button size="small" danger onClick={() => withdraw(m)}>
                    {t('settings.makers.withdraw')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <ProposeMakerDialog
        open={proposing}
        onClose={() => setProposing(false)}
        onProposed={(maker) => {
          setProposing(false);
          void message.success(t('settings.makers.submitted', { name: maker.name }));
          void reload();
        }}
      />
    </>
  );
}
