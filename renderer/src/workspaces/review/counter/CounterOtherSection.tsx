import { Divider, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

/** 其他: the applicant's phone or tablet, when known; one device behind several applicants is flagged. */
export function CounterOtherSection() {
  const { t } = useTranslation();
  return (
    <>
      <Divider titlePlacement="start">{t('review.counter.sections.other')}</Divider>
      <Form.Item
        name="deviceFingerprint"
        label={t('review.counter.deviceFingerprint')}
        extra={t('review.counter.deviceFingerprintHelp')}
      >
        <Input maxLength={128} autoComplete="off" />
      </Form.Item>
    </>
  );
}
