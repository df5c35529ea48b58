import { Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReasonCodes } from './use-reason-codes';

export interface RevisionValues {
  readonly reasonCode: string;
  readonly note?: string;
}

interface Props {
  readonly open: boolean;
  readonly documentName: string;
  readonly reasons: ReasonCodes;
  readonly busy: boolean;
  readonly onCancel: () => void;
  readonly onConfirm: (values: RevisionValues) => void;
}

/** Marks one document as needing revision: a reason from the document list, and an optional note. */
export function RevisionDialog({ open, documentName, reasons, busy, onCancel, onConfirm }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RevisionValues>();
  return (
    <Modal
      open={open}
      title={`${t('review.docs.needsRevision')} · ${documentName}`}
      okText={t('review.docs.confirmRevision')}
      cancelText={t('review.case.cancel')}
      okButtonProps={{ danger: true, loading: busy, htmlType: 'submit', form: 'revision-form' }}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Form
        id="revision-form"
        form={form}
        layout="vertical"
        onFinish={(v) =>
          onConfirm({ reasonCode: v.reasonCode, ...(v.note?.trim() ? { note: v.note.trim() } : {}) })
        }
      >
        <Form.Item
          name="reasonCode"
          label={t('review.docs.reasonFor')}
          rules={[{ required: true, message: t('review.docs.reasonPlaceholder') }]}
        >
          <Select
            autoFocus
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('review.docs.reasonPlaceholder')}
            options={reasons.optionsFor('document')}
            data-testid="revision-reason"
          />
        </Form.Item>
        <Form.Item name="note" label={t('review.docs.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
