import { Col, Divider, Form, Input, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCounterRules } from './use-counter-rules';

/**
 * The settlement debit card. The holder's name is typed from the card or the bank's slip, never
 * copied from the applicant's, so a mismatch stays visible to the reviewer.
 */
export function CounterCardSection() {
  const { t } = useTranslation();
  const { required } = useCounterRules();

  return (
    <>
      <Divider titlePlacement="start">{t('review.counter.sections.card')}</Divider>
      <Row gutter={16}>
        <Col span={10}>
          <Form.Item
            name={['settlementCard', 'number']}
            label={t('review.counter.cardNumber')}
            rules={[required]}
          >
            <Input
              maxLength={32}
              inputMode="numeric"
              className="review-mono"
              autoComplete="off"
              data-testid="counter-card-number"
            />
          </Form.Item>
        </Col>
        <Col span={7}>
          <Form.Item
            name={['settlementCard', 'holderName']}
            label={t('review.counter.holderName')}
            rules={[required]}
            extra={t('review.counter.holderNameHelp')}
          >
            <Input maxLength={64} autoComplete="off" data-testid="counter-holder-name" />
          </Form.Item>
        </Col>
        <Col span={7}>
          <Form.Item name={['settlementCard', 'bankReportedClass']} label={t('review.counter.accountClass')}>
            <Select
              allowClear
              placeholder={t('review.counter.accountClassUnknown')}
              options={[
                { value: 'I', label: t('review.case.classI') },
                { value: 'II', label: t('review.case.classII') },
              ]}
            />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}
