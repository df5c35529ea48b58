import { Checkbox, Col, Form, Input, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { CounterDateRangeRow } from './CounterDateRangeRow';
import { CounterFileField } from './CounterFileField';
import { useCounterRules } from './use-counter-rules';

/** A stall certificate from the community or market: who issued it, for what, how long, stamped or not. */
export function CounterStallProof() {
  const { t } = useTranslation();
  const { required } = useCounterRules();

  return (
    <>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name={['stall', 'issuer']} label={t('review.counter.issuer')} rules={[required]}>
            <Input maxLength={100} autoComplete="off" data-testid="counter-stall-issuer" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name={['stall', 'business']} label={t('review.counter.business')} rules={[required]}>
            <Input maxLength={100} autoComplete="off" data-testid="counter-stall-business" />
          </Form.Item>
        </Col>
      </Row>
      <CounterDateRangeRow
        from={{
          name: ['stall', 'validFrom'],
          label: t('review.counter.certValidFrom'),
          testId: 'counter-stall-valid-from',
        }}
        to={{
          name: ['stall', 'validTo'],
          label: t('review.counter.certValidTo'),
          testId: 'counter-stall-valid-to',
        }}
      >
        <Form.Item name={['stall', 'stamped']} valuePropName="checked">
          <Checkbox>{t('review.counter.stamped')}</Checkbox>
        </Form.Item>
      </CounterDateRangeRow>
      <CounterFileField slot="stall" />
    </>
  );
}
