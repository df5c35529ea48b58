import { App, Button, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../../../electron/contract/define';
import type { OperatorSummary } from '../../../../electron/contract/session';
import { useStation } from '../../shell/station-context';
import { useCallError } from '../../shell/use-call-error';
import { AddOperatorDialog } from './AddOperatorDialog';
import { OneTimePasswordDialog } from './OneTimePasswordDialog';

/** The admin's operator list: add, change role, reset password, lift a sign-in wait, disable. */
export function OperatorsPanel() {
  const { t } = useTranslation();
  const { client, operator: me } = useStation();
  const { message, modal } = App.useApp();
  const showError = useCallError('settings');
  const [users, setUsers] = useState<OperatorSummary[] | null>(null);
  const [adding, setAdding] = useState(false);
  const [otp, setOtp] = useState<{ name: string; password: string } | null>(null);

  const reload = useCallback(
    () =>
      client.call('users.list', {}).then(
        (r) => setUsers(r.users),
        (error: unknown) => showError(error),
      ),
    // showError is a fresh function each render; the list only depends on the client.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [client],
  );
  useEffect(() => void reload(), [reload]);

  /** Runs one admin action, says what happened, and refreshes the list either way. */
  const act = async (work: () => Promise<unknown>, done?: string) => {
    try {
      await work();
      if (done) void message.success(done);
    } catch (error) {
      showError(error);
    }
    await reload();
  };

  const changeRole = (user: OperatorSummary, role: Role) =>
    modal.confirm({
      title: t('settings.operators.changeRole', { name: user.displayName, role: t(`roles.${role}`) }),
      okText: t('settings.operators.confirm'),
      cancelText: t('settings.operators.cancel'),
      onOk: () =>
        act(
          () => client.call('users.setRole', { username: user.username, role }),
          t('settings.operators.roleChanged', { name: user.displayName, role: t(`roles.${role}`) }),
        ),
    });

  const status = (u: OperatorSummary) => {
    if (u.disabled) return <Tag>{t('settings.operators.disabled')}</Tag>;
    return (
      <Space size={4} wrap>
        {u.lockedUntil && (
          <Tag color="red">{t('settings.operators.waiting', { time: u.lockedUntil.slice(11, 19) })}</Tag>
        )}
        {u.mustChangePassword && <Tag color="orange">{t('settings.operators.mustChange')}</Tag>}
        {!u.lockedUntil && !u.mustChangePassword && <Tag color="green">{t('settings.operators.active')}</Tag>}
      </Space>
    );
  };

  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          {t('settings.operators.add')}
        </Button>
      </Space>
      <Table<OperatorSummary>
        rowKey="id"
        size="middle"
        loading={users === null}
        dataSource={users ?? []}
        pagination={false}
        columns={[
          {
            title: t('settings.operators.username'),
            dataIndex: 'username',
            render: (name: string) =>
              name === me.username ? `${name} ${t('settings.operators.you')}` : name,
          },
          { title: t('settings.operators.displayName'), dataIndex: 'displayName' },
          {
            title: t('settings.operators.role'),
            dataIndex: 'role',
            width: 170,
            render: (role: Role, u) => (
              <Select
                value={role}
                disabled={u.disabled}
                style={{ width: 150 }}
                aria-label={`${t('settings.operators.role')} ${u.username}`}
                onChange={(next: Role) => changeRole(u, next)}
                options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
              />
            ),
          },
          { title: t('settings.operators.status'), key: 'status', render: (_v, u) => status(u) },
          {
            title: t('settings.operators.actions'),
            key: 'actions',
            render: (_v, u) =>
              u.disabled ? null : (
                <Space size={4} wrap>
                  <Popconfirm
                    title={t('settings.operators.resetConfirm', { name: u.displayName })}
                    okText={t('settings.operators.confirm')}
                    cancelText={t('settings.operators.cancel')}
                    onConfirm={() =>
                      act(async () => {
                        const r = await client.call('users.resetPassword', { username: u.username });
                        setOtp({ name: u.displayName, password: r.oneTimePassword });
                      })
                    }
                  >
                    <Button size="small">{t('settings.operators.resetPassword')}</Button>
                  </Popconfirm>
                  {u.lockedUntil && (
                    <Button
                      size="small"
                      onClick={() =>
                        act(
                          () => client.call('users.unlock', { username: u.username }),
                          t('settings.operators.unlocked', { name: u.displayName }),
                        )
                      }
                    >
                      {t('settings.operators.unlock')}
                    </Button>
                  )}
                  <Popconfirm
                    title={t('settings.operators.disableConfirm', { name: u.displayName })}
                    okText={t('settings.operators.confirm')}
                    cancelText={t('settings.operators.cancel')}
                    okButtonProps={{ danger: true }}
                    onConfirm={() =>
                      act(
                        () => client.call('users.disable', { username: u.username }),
                        t('settings.operators.disabledDone', { name: u.displayName }),
                      )
                    }
                  >
                    <Button size="small" danger>
                      {t('settings.operators.disable')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
      <AddOperatorDialog
        open={adding}
        onClose={() => setAdding(false)}
        onAdded={(r) => {
          setAdding(false);
          void message.success(t('settings.operators.added', { name: r.user.displayName }));
          if (r.oneTimePassword) setOtp({ name: r.user.displayName, password: r.oneTimePassword });
          void reload();
        }}
      />
      <OneTimePasswordDialog shown={otp} onClose={() => setOtp(null)} />
    </>
  );
}
