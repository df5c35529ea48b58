import { Button, Form, Upload, type FormInstance, type UploadFile } from 'antd';
import type { Rule } from 'antd/es/form';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { MAX_FILE_BYTES, MAX_QR_SCREENSHOTS, MAX_TOTAL_BYTES, sniffMimeType } from './counter-entry';
import { fileOf, PROOF_SLOT, type CounterFormValues, type ProofType, type Slot } from './counter-form';

interface Props {
  readonly slot: Slot;
}

/** Files of the whole form together, for the 20 MB limit of one entry. */
function totalBytes(form: FormInstance<CounterFormValues>): number {
  const files = (form.getFieldValue('files') ?? {}) as CounterFormValues['files'];
  const proofType = form.getFieldValue('proofType') as ProofType;
  const slots: Slot[] = ['id_front', 'id_back', 'card_photo', PROOF_SLOT[proofType]];
  return slots.flatMap((s) => files[s] ?? []).reduce((sum, f) => sum + (fileOf(f)?.size ?? 0), 0);
}

/**
 * One slot's scanned files, chosen from disk and checked by their first bytes before anything is
 * sent: the bank statement is one CSV, the QR-code screenshots are several, every other slot is
 * one PNG, JPEG or PDF.
 */
export function CounterFileField({ slot }: Props) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<CounterFormValues>();
  const csv = slot === 'statement';
  const many = slot === 'qr';

  const rules: Rule[] = [
    {
      validator: async (_, value: UploadFile[] | undefined) => {
        if (!value?.length) throw new Error(t('review.counter.rules.requiredFile'));
      },
    },
    {
      validator: async (_, value: UploadFile[] | undefined) => {
        for (const f of value ?? []) {
          const file = fileOf(f);
          if (!file) continue;
          if (file.size > MAX_FILE_BYTES) throw new Error(t('review.counter.rules.fileSize'));
          const type = await sniffMimeType(file, csv);
          if (csv ? type !== 'text/csv' : type === null || type === 'text/csv')
            throw new Error(t(csv ? 'review.counter.rules.csvType' : 'review.counter.rules.fileType'));
        }
        if (totalBytes(form) > MAX_TOTAL_BYTES) throw new Error(t('review.counter.rules.totalSize'));
      },
    },
  ];

  return (
    <Form.Item
      name={['files', slot]}
      label={t(`review.counter.files.${slot}`)}
      valuePropName="fileList"
      // Nothing is uploaded anywhere: a chosen file is ready as soon as it is in the list.
      getValueFromEvent={(e: { fileList: UploadFile[] }) => {
        for (const f of e.fileList) f.status = 'done';
        return e.fileList;
      }}
      rules={rules}
      extra={t(csv ? 'review.counter.csvHint' : 'review.counter.fileHint')}
      required
    >
      <Upload
        beforeUpload={() => false}
        accept={csv ? '.csv,text/csv' : '.png,.jpg,.jpeg,.pdf'}
        multiple={many}
        maxCount={many ? MAX_QR_SCREENSHOTS : 1}
        listType={csv ? 'text' : 'picture'}
        data-testid={`counter-file-${slot}`}
      >
        <Button icon={<UploadOutlined />}>
          {t(many ? 'review.counter.chooseMany' : 'review.counter.choose')}
        </Button>
      </Upload>
    </Form.Item>
  );
}
