import { useState } from 'react';
import { App, Checkbox, Form, Input, Modal, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CallInput } from '../../../../electron/contract';
import { ACCESSORIES, SYMPTOMS } from '../../../../electron/contract/support';
import { useStation } from '../../shell/station-context';
import { useSupportError } from './use-support-error';

type Values = CallInput<'support.intake'>;

/** Receiving a returned unit: scan first (focused), pick the problem, tick what came with it. */
export function IntakeDialog({
  initialSerial,
  onClose,
}: {
  initialSerial: string;
  onClose: (opened: string | null) => void;
}) {
  const { t } = useTranslation();
  const { client } = useStation();
  const { message } = App.useApp();
  const showError = useSupportError();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      const opened = await client.call('support.intake', values);
      void message.success(t('support.intake.done', { id: opened.id }));
      onClose(opened.id);
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  const required = [{ required: true, message: t('support.intake.required') }];
  return (
    <Modal
      open
      title={t('support.intake.title')}
      okText={t('support.intake.submit')}
      onOk={() => void submit()}
      confirmLoading={busy}
      onCancel={() => onClose(null)}
      width={720}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ scanned: initialSerial, accessories: [] }}
        data-testid="intake-form"
      >
        <Form.Item name="scanned" label={t('support.intake.scanned')} rules={required}>
          <Input autoFocus className="support-mono" data-testid="intake-serial" />
        </Form.Item>
        <Form.Item name="symptom" label={t('support.intake.symptom')} rules={required}>
          <Radio.Group
            optionType="button"
            options={SYMPTOMS.map((s) => ({ value: s, label: t(`support.symptom.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="accessories" label={t('support.intake.accessories')}>
          <Checkbox.Group
            options={ACCESSORIES.map((a) => ({ value: a, label: t(`support.accessory.${a}`) }))}
          />
        </Form.Item>
        <Form.Item name="merchantPhone" label={t('support.intake.merchantPhone')}>
          <Input inputMode="numeric" maxLength={13} />
        </Form.Item>
        <Form.Item name="courierNumber" label={t('support.intake.courierNumber')}>
          <Input className="support-mono" />
        </Form.Item>
        <Form.Item name="merchantId" label={t('support.intake.merchantId')}>
          <Input />
        </Form.Item>
        <Form.Item name="applicationId" label={t('support.intake.applicationId')}>
          <Input />
        </Form.Item>
        <Form.Item name="note" label={t('support.intake.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
