import type { Ref } from 'react';
import { Checkbox, Col, Divider, Form, Input, Row, type InputRef } from 'antd';
import { useTranslation } from 'react-i18next';
import { idNumberSlip, normalizeIdNumber } from './counter-entry';
import type { CounterFormValues } from './counter-form';
import { CounterDateRangeRow } from './CounterDateRangeRow';
import { useCounterRules } from './use-counter-rules';

interface Props {
  /** The first field, focused when the drawer opens. */
  readonly nameRef: Ref<InputRef>;
}

/**
 * The applicant as on the ID card. A slip in the number's format or check digit is only a warning:
 * the station's checks hand it to the reviewer as a finding.
 */
export function CounterApplicantSection({ nameRef }: Props) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<CounterFormValues>();
  const { required } = useCounterRules();
  const longTerm = Form.useWatch('idLongTerm', form) === true;

  return (
    <>
      <Divider titlePlacement="start">{t('review.counter.sections.applicant')}</Divider>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name={['applicant', 'name']} label={t('review.counter.name')} rules={[required]}>
            <Input ref={nameRef} maxLength={64} autoComplete="off" data-testid="counter-name" />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item
            name={['applicant', 'idNumber']}
            label={t('review.counter.idNumber')}
            normalize={normalizeIdNumber}
            rules={[
              required,
              {
                warningOnly: true,
                validator: async (_, value: string) => {
                  if (!value) return;
                  const slip = idNumberSlip(value);
                  if (slip === 'format') throw new Error(t('review.counter.rules.idFormat'));
                  if (slip === 'checksum') throw new Error(t('review.counter.rules.idChecksum'));
                },
              },
            ]}
          >
            <Input
              maxLength={32}
              className="review-mono"
              autoComplete="off"
              data-testid="counter-id-number"
            />
          </Form.Item>
        </Col>
      </Row>
      <CounterDateRangeRow
        from={{
          name: ['applicant', 'idValidFrom'],
          label: t('review.counter.idValidFrom'),
          testId: 'counter-id-valid-from',
        }}
        to={{
          name: ['applicant', 'idValidTo'],
          label: t('review.counter.idValidTo'),
          testId: 'counter-id-valid-to',
          longTerm,
          dependencies: ['idLongTerm'],
        }}
      >
        <Form.Item name="idLongTerm" valuePropName="checked">
          <Checkbox
            onChange={(e) => {
              if (e.target.checked)
                form.setFields([{ name: ['applicant', 'idValidTo'], value: '', errors: [] }]);
            }}
          >
            {t('review.counter.longTerm')}
          </Checkbox>
        </Form.Item>
      </CounterDateRangeRow>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item
            name={['applicant', 'phone']}
            label={t('review.counter.phone')}
            normalize={(v: string) => v.replace(/[\s-]/g, '')}
            rules={[
              required,
              {
                warningOnly: true,
                validator: async (_, value: string) => {
                  if (value && !/^1\d{10}$/.test(value)) throw new Error(t('review.counter.rules.phone'));
                },
              },
            ]}
          >
            <Input maxLength={20} inputMode="tel" autoComplete="off" data-testid="counter-phone" />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item name={['applicant', 'address']} label={t('review.counter.address')} rules={[required]}>
            <Input maxLength={200} autoComplete="off" data-testid="counter-address" />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}
