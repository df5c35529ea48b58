import { Button, Form, Input, Modal, Select, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { MakerView } from '../../../../../electron/contract/makers';
import { useStation } from '../../../shell/station-context';
import { useFormCall } from '../../../shell/use-form-call';

interface Props {
  readonly open: boolean;
  readonly onClose: () => void;
  readonly onProposed: (maker: MakerView) => void;
}

interface Fields {
  readonly name: string;
  readonly models: string[];
  readonly rootPem: string;
}

/** First person's half of adding a maker: the station checks the root and the models. */
export function ProposeMakerDialog({ open, onClose, onProposed }: Props) {
  const { t } = useTranslation();
  const { client } = useStation();
  const { form, busy, submit } = useFormCall<Fields>('settings.makers', async (fields) =>
    onProposed((await client.call('makers.propose', fields)).maker),
  );

  return (
    <Modal
      open={open}
      title={t('settings.makers.propose')}
      okText={t('settings.makers.propose')}
      cancelText={t('settings.makers.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="name" label={t('settings.makers.name')} rules={[{ required: true, message: '' }]}>
          <Input autoFocus autoComplete="off" maxLength={64} />
        </Form.Item>
        <Form.Item
          name="models"
          label={t('settings.makers.models')}
          extra={t('settings.makers.modelsHint')}
          rules={[{ required: true, message: '' }]}
        >
          <Select mode="tags" open={false} tokenSeparators={[',', ' ', '，']} />
        </Form.Item>
        <Form.Item
          name="rootPem"
          label={t('settings.makers.root')}
          extra={t('settings.makers.rootHint')}
          rules={[{ required: true, message: '' }]}
        >
          <Input.TextArea rows={6} spellCheck={false} style={{ fontFamily: 'monospace', fontSize: 12 }} />
        </Form.Item>
        <Upload
          accept=".pem,.crt,.cer"
          showUploadList={false}
          beforeUpload={(file) => {
            void file.text().then((text) => form.setFieldValue('rootPem', text));
            return false;
          }}
        >
          <Button icon={<UploadOutlined />}>{t('settings.makers.chooseFile')}</Button>
        </Upload>
      </Form>
    </Modal>
  );
}
