import { Divider, Form, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { PROOF_TYPES, type CounterFormValues } from './counter-form';
import { CounterFileField } from './CounterFileField';
import { CounterQrProof } from './CounterQrProof';
import { CounterStallProof } from './CounterStallProof';

/** The proof of business, in the one kind the applicant brought; a bank statement is only its CSV. */
export function CounterProofSection() {
  const { t } = useTranslation();
  const form = Form.useFormInstance<CounterFormValues>();
  const proofType = Form.useWatch('proofType', form) ?? 'qr_records';

  return (
    <>
      <Divider titlePlacement="start">{t('review.counter.sections.proof')}</Divider>
      <Form.Item name="proofType" label={t('review.counter.proofType')}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={PROOF_TYPES.map((p) => ({ value: p, label: t(`review.case.proofTypes.${p}`) }))}
          data-testid="counter-proof-type"
        />
      </Form.Item>
      {proofType === 'qr_records' && <CounterQrProof />}
      {proofType === 'bank_statement' && <CounterFileField slot="statement" />}
      {proofType === 'stall_certificate' && <CounterStallProof />}
    </>
  );
}
