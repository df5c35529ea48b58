import { Col, Form, Input, Radio, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { parseQrRecords } from './counter-entry';
import type { CounterFormValues } from './counter-form';
import { CounterFileField } from './CounterFileField';

/**
 * WeChat or Alipay QR-code records, one a line as copied from the exported bill, with screenshots.
 * The records are counted as they are typed, so a line lost in pasting shows at once.
 */
export function CounterQrProof() {
  const { t } = useTranslation();
  const form = Form.useFormInstance<CounterFormValues>();
  const parsed = parseQrRecords(Form.useWatch(['qr', 'records'], form) ?? '');

  return (
    <>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name={['qr', 'provider']} label={t('review.counter.provider')}>
            <Radio.Group
              options={(['wechat', 'alipay'] as const).map((p) => ({
                value: p,
                label: t(`review.case.providers.${p}`),
              }))}
            />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item
            name={['qr', 'merchantName']}
            label={t('review.counter.merchantName')}
            extra={t('review.counter.merchantNameHelp')}
          >
            <Input maxLength={100} autoComplete="off" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name={['qr', 'records']}
        label={t('review.counter.qrRecords')}
        extra={
          parsed.ok && parsed.records.length > 0
            ? `${t('review.counter.qrRecordsHelp')} ${t('review.counter.qrRecordsCount', { count: parsed.records.length })}`
            : t('review.counter.qrRecordsHelp')
        }
        rules={[
          {
            validator: async (_, value: string | undefined) => {
              const parsed = parseQrRecords(value ?? '');
              if (!parsed.ok) {
                const { line, problem } = parsed.error;
                const key = ({ time: 'qrTime', amount: 'qrAmount', payer: 'qrPayer' } as const)[problem];
                throw new Error(t(`review.counter.rules.${key}`, { line }));
              }
              if (parsed.records.length === 0) throw new Error(t('review.counter.rules.qrNone'));
            },
          },
        ]}
        required
      >
        <Input.TextArea
          rows={4}
          className="review-mono"
          placeholder="2026-09-01 12:30, 25.50, 张**"
          data-testid="counter-qr-records"
        />
      </Form.Item>
      <CounterFileField slot="qr" />
    </>
  );
}
