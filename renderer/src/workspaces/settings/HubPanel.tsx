import { useEffect, useState } from 'react';
import { Alert, App, Button, Descriptions, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SyncIdentityView } from '../../../../electron/contract/sync';
import { useStation } from '../../shell/station-context';
import { useCallError } from '../../shell/use-call-error';
import { shanghaiWallClock } from '../../format/shanghai-time';

/** The station's hub: address and one-time enrolment (admin), name and identity (everyone). */
export function HubPanel() {
  const { t } = useTranslation();
  const { client, operator } = useStation();
  const { message } = App.useApp();
  const showError = useCallError('sync');
  const [identity, setIdentity] = useState<SyncIdentityView | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    client.call('sync.identity', {}).then(setIdentity, showError);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- showError is a fresh closure each render
  }, [client]);

  const enrol = async (values: { hubUrl: string; code: string }) => {
    setBusy(true);
    try {
      const view = await client.call('sync.enrol', values);
      setIdentity(view);
      void message.success(t('sync.hub.enrolled', { name: view.name ?? '' }));
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  if (identity === null) return null;
  if (!identity.enrolled) {
    return (
      <>
        <Alert type="info" showIcon title={t('sync.hub.standalone')} style={{ marginBottom: 16 }} />
        {operator.role === 'admin' ? (
          <Form
            layout="vertical"
            style={{ maxWidth: 560 }}
            onFinish={(v) => void enrol(v)}
            data-testid="hub-enrol"
          >
            <Form.Item name="hubUrl" label={t('sync.hub.address')} rules={[{ required: true }]}>
              <Input placeholder="https://hub.example:8443" autoComplete="off" />
            </Form.Item>
            <Form.Item
              name="code"
              label={t('sync.hub.code')}
              extra={t('sync.hub.codeHint')}
              rules={[{ required: true }]}
            >
              <Input autoComplete="off" spellCheck={false} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('sync.hub.enrol')}
            </Button>
          </Form>
        ) : (
          <Typography.Text type="secondary">{t('sync.hub.adminOnly')}</Typography.Text>
        )}
      </>
    );
  }
  return (
    <Descriptions column={1} bordered size="middle" data-testid="hub-identity">
      <Descriptions.Item label={t('sync.hub.address')}>{identity.hubUrl}</Descriptions.Item>
      <Descriptions.Item label={t('sync.hub.stationName')}>{identity.name}</Descriptions.Item>
      <Descriptions.Item label={t('sync.hub.stationId')}>
        <span className="review-mono">{identity.stationId}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('sync.hub.certificate')}>
        <span className="review-mono" data-testid="cert-fingerprint">
          {identity.certificateFingerprint}
        </span>
      </Descriptions.Item>
      <Descriptions.Item label={t('sync.hub.validTo')}>
        {identity.certificateValidTo ? shanghaiWallClock(identity.certificateValidTo) : ''}
      </Descriptions.Item>
      <Descriptions.Item label={t('sync.hub.caFingerprint')}>
        <span className="review-mono">{identity.hubCaFingerprint}</span>
      </Descriptions.Item>
    </Descriptions>
  );
}
