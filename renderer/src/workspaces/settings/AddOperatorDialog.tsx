import { Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../../../electron/contract/define';
import type { CallOutput } from '../../../../electron/contract';
import { useStation } from '../../shell/station-context';
import { useFormCall } from '../../shell/use-form-call';

interface Props {
  readonly open: boolean;
  readonly onClose: () => void;
  readonly onAdded: (result: CallOutput<'users.add'>) => void;
}

interface Fields {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
}

/** Adds an operator with a generated one-time password; the service checks the name and role. */
export function AddOperatorDialog({ open, onClose, onAdded }: Props) {
  const { t } = useTranslation();
  const { client } = useStation();
  const { form, busy, submit } = useFormCall<Fields>('settings', async (fields) =>
    onAdded(await client.call('users.add', fields)),
  );

  return (
    <Modal
      open={open}
      title={t('settings.operators.add')}
      okText={t('settings.operators.add')}
      cancelText={t('settings.operators.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ role: 'warehouse' }}>
        <Form.Item
          name="username"
          label={t('settings.operators.username')}
          extra={t('settings.operators.usernameHint')}
          rules={[{ required: true }]}
        >
          <Input autoFocus autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('settings.operators.displayName')}
          rules={[{ required: true }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="role" label={t('settings.operators.role')} rules={[{ required: true }]}>
          <Select options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
