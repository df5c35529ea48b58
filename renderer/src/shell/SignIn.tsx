import { useState } from 'react';
import { Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StationClient } from '../bridge/station-bridge';
import { useCallError } from './use-call-error';
import { LanguageSwitch } from './LanguageSwitch';

interface Props {
  readonly client: StationClient;
  readonly mustChangePassword: boolean;
  readonly onDone: () => void;
}

export function SignIn({ client, mustChangePassword, onDone }: Props) {
  const { t } = useTranslation();
  const showError = useCallError();
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await action();
      onDone();
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="sign-in">
      <Card
        title={mustChangePassword ? t('signIn.changeTitle') : t('signIn.title')}
        extra={<LanguageSwitch />}
        style={{ width: 420 }}
      >
        <Typography.Paragraph type="secondary">{t('app.title')}</Typography.Paragraph>
        {mustChangePassword ? (
          <Form
            layout="vertical"
            onFinish={(v: { currentPassword: string; newPassword: string }) =>
              run(() =>
                client.call('session.changePassword', {
                  currentPassword: v.currentPassword,
                  newPassword: v.newPassword,
                }),
              )
            }
          >
            <Form.Item
              name="currentPassword"
              label={t('signIn.currentPassword')}
              rules={[{ required: true }]}
            >
              <Input.Password autoFocus autoComplete="current-password" />
            </Form.Item>
            <Form.Item
              name="newPassword"
              label={t('signIn.newPassword')}
              extra={t('signIn.newPasswordHint')}
              rules={[{ required: true, min: 10 }]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Form.Item
              name="confirm"
              label={t('signIn.confirmPassword')}
              dependencies={['newPassword']}
              rules={[
                { required: true },
                ({ getFieldValue }) => ({
                  validator: (_rule, value) =>
                    value === getFieldValue('newPassword')
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('signIn.mismatch'))),
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} block>
              {t('signIn.change')}
            </Button>
          </Form>
        ) : (
          <Form
            layout="vertical"
            onFinish={(v: { username: string; password: string }) =>
              run(() => client.call('session.signIn', v))
            }
          >
            <Form.Item name="username" label={t('signIn.username')} rules={[{ required: true }]}>
              <Input autoFocus autoComplete="username" />
            </Form.Item>
            <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} block>
              {t('signIn.submit')}
            </Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
