import type { ReactNode } from 'react';
import { Col, Form, Input, Row, type FormItemProps } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import { useTranslation } from 'react-i18next';
import { normalizeDate, normalizeDateTyping } from './counter-entry';
import { useCounterRules } from './use-counter-rules';

interface DateFieldProps {
  readonly name: NamePath;
  readonly label: string;
  readonly testId: string;
  /** An ID card valid 长期: no end date is needed, and none can be typed. */
  readonly longTerm?: boolean;
  readonly dependencies?: FormItemProps['dependencies'];
}

/** A date typed as printed on the document, in whatever separators the clerk uses. */
function DateField({ name, label, testId, longTerm = false, dependencies }: DateFieldProps) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const { required, date } = useCounterRules();

  /** Pads 2020-1-1 to 2020-01-01 when the clerk leaves the field. */
  const pad = () => {
    const value: unknown = form.getFieldValue(name);
    const padded = normalizeDate(value);
    if (padded !== value) form.setFieldValue(name, padded);
  };

  return (
    <Form.Item
      name={name}
      label={label}
      normalize={normalizeDateTyping}
      rules={longTerm ? [] : [required, date]}
      dependencies={dependencies}
    >
      <Input
        placeholder={t(longTerm ? 'review.counter.longTermPlaceholder' : 'review.counter.datePlaceholder')}
        inputMode="numeric"
        disabled={longTerm}
        onBlur={pad}
        data-testid={testId}
      />
    </Form.Item>
  );
}

interface Props {
  readonly from: DateFieldProps;
  readonly to: DateFieldProps;
  /** Beside the dates: what else the document says about its validity. */
  readonly children: ReactNode;
}

/** 有效期自 / 有效期至 of an ID card or a stall certificate, as one row. */
export function CounterDateRangeRow({ from, to, children }: Props) {
  return (
    <Row gutter={16} align="bottom">
      <Col span={8}>
        <DateField {...from} />
      </Col>
      <Col span={8}>
        <DateField {...to} />
      </Col>
      <Col span={8}>{children}</Col>
    </Row>
  );
}
