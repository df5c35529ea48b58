import { Alert, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReasonCodes } from './use-reason-codes';

export interface ReasonValues {
  readonly reasonCodes: string[];
  readonly note?: string;
}

interface Props {
  readonly use: 'reject' | 'request_info';
  readonly open: boolean;
  readonly applicationId: string;
  readonly reasons: ReasonCodes;
  readonly busy: boolean;
  readonly onCancel: () => void;
  readonly onConfirm: (values: ReasonValues) => void;
}

/** Reject or ask for more information: reasons from the fixed list, which the applicant reads by SMS. */
export function ReasonDialog({ use, open, applicationId, reasons, busy, onCancel, onConfirm }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ReasonValues>();
  const chosen = Form.useWatch('reasonCodes', form) ?? [];
  const reject = use === 'reject';
  return (
    <Modal
      open={open}
      title={`${t(reject ? 'review.decision.rejectTitle' : 'review.decision.requestInfoTitle')} · ${applicationId}`}
      okText={t(reject ? 'review.decision.confirmReject' : 'review.decision.confirmRequestInfo')}
      cancelText={t('review.case.cancel')}
      okButtonProps={{ danger: reject, loading: busy, htmlType: 'submit', form: `reasons-${use}` }}
      onCancel={onCancel}
      destroyOnHidden
      width={560}
    >
      <Form
        id={`reasons-${use}`}
        form={form}
        layout="vertical"
        onFinish={(v) =>
          onConfirm({ reasonCodes: v.reasonCodes, ...(v.note?.trim() ? { note: v.note.trim() } : {}) })
        }
      >
        <Form.Item
          name="reasonCodes"
          label={t('review.decision.reasons')}
          rules={[{ required: true, message: t('review.decision.reasonsRequired') }]}
        >
          <Select
            mode="multiple"
            autoFocus
            showSearch={{ optionFilterProp: 'label' }}
            options={reasons.optionsFor(use)}
            data-testid={`reasons-${use}`}
          />
        </Form.Item>
        <Form.Item name="note" label={t('review.decision.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        {chosen.length > 0 && (
          <Alert
            type={reject ? 'error' : 'warning'}
            title={t('review.decision.smsPreview')}
            description={chosen.map((c) => reasons.label(c)).join('；')}
          />
        )}
      </Form>
    </Modal>
  );
}
