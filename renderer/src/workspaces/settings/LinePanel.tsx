import { useEffect, useState } from 'react';
import { App, Button, Form, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { COMMON_LINE_SPEEDS, type LineSettings } from '../../../../electron/contract/station-settings';
import { useStation } from '../../shell/station-context';
import { useCallError } from '../../shell/use-call-error';

/** Provisioning's serial line speeds, stored in the station (admin); start flags still win for one run. */
export function LinePanel() {
  const { t } = useTranslation();
  const { client } = useStation();
  const { message } = App.useApp();
  const showError = useCallError('settings');
  const [form] = Form.useForm<LineSettings>();
  const [inUse, setInUse] = useState<LineSettings | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    client.call('station.lineSettings', {}).then((r) => {
      form.setFieldsValue(r.stored);
      setInUse(r.inUse);
    }, showError);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- showError is a fresh closure each render
  }, [client, form]);

  const save = async (values: LineSettings) => {
    setBusy(true);
    try {
      await client.call('station.setLineSettings', values);
      void message.success(t('sync.line.saved'));
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  const speeds = COMMON_LINE_SPEEDS.map((n) => ({ value: n, label: String(n) }));
  return (
    <Form form={form} layout="vertical" style={{ maxWidth: 420 }} onFinish={(v) => void save(v)}>
      <Form.Item name="powerOnBaud" label={t('sync.line.powerOn')} rules={[{ required: true }]}>
        <Select options={speeds} />
      </Form.Item>
      <Form.Item
        name="proposeBaud"
        label={t('sync.line.propose')}
        extra={t('sync.line.keep')}
        rules={[{ required: true }]}
      >
        <Select options={[{ value: 0, label: '0' }, ...speeds]} />
      </Form.Item>
      {inUse && (
        <Typography.Paragraph type="secondary">
          {t('sync.line.inUse', { powerOn: inUse.powerOnBaud, propose: inUse.proposeBaud })}
        </Typography.Paragraph>
      )}
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('sync.line.save')}
      </Button>
    </Form>
  );
}
