import { useReducer } from 'react';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Radio,
  Row,
  Select,
  Tag,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CallInput, CallOutput } from '../../../../electron/contract';
import { useStation } from '../../shell/station-context';
import { useCallError } from '../../shell/use-call-error';
import { formatFen } from '../../format/money';
import { shanghaiWallClock } from '../../format/shanghai-time';
import { initialQuoteState, quoteReducer } from './quote-state';

type QuoteInput = CallInput<'fees.quote'>;
type Quote = CallOutput<'fees.quote'>;

interface FormValues {
  channel: QuoteInput['channel'];
  qrSubChannel?: QuoteInput['qrSubChannel'];
  amount: string;
  at?: Dayjs;
  accountClass: 'I' | 'II';
  options: ('instant' | 'firstTransaction' | 'questionnaireSkipped')[];
}

export function QuoteCalculator() {
  const { t } = useTranslation();
  const { client } = useStation();
  const showError = useCallError('fees');
  const [form] = Form.useForm<FormValues>();
  const channel = Form.useWatch('channel', form);
  const [{ quote, busy, request }, dispatch] = useReducer(quoteReducer<Quote>, initialQuoteState<Quote>());

  const submit = async (values: FormValues) => {
    // The number this request will carry once the reducer has counted the submit.
    const mine = request + 1;
    dispatch({ type: 'submitted' });
    try {
      const input: QuoteInput = {
        channel: values.channel,
        amount: values.amount.trim(),
        accountClass: values.accountClass,
        instant: values.options.includes('instant'),
        firstTransaction: values.options.includes('firstTransaction'),
        questionnaireSkipped: values.options.includes('questionnaireSkipped'),
        // The picker shows a wall-clock time; the station's times are Asia/Shanghai whatever this PC's zone.
        ...(values.at ? { at: `${values.at.format('YYYY-MM-DDTHH:mm:ss')}+08:00` } : {}),
        ...(values.channel === 'qr' && values.qrSubChannel ? { qrSubChannel: values.qrSubChannel } : {}),
      };
      dispatch({ type: 'answered', request: mine, quote: await client.call('fees.quote', input) });
    } catch (error) {
      dispatch({ type: 'failed', request: mine });
      showError(error);
    }
  };

  return (
    <Card title={t('fees.calculator')}>
      <Row gutter={24}>
        <Col xs={24} xl={11}>
          <Form
            form={form}
            layout="vertical"
            initialValues={{ channel: 'credit', amount: '100.00', accountClass: 'I', options: [] }}
            onFinish={submit}
            // Any edit makes the shown result stale (and an invalid amount has no result at all).
            onValuesChange={() => dispatch({ type: 'changed' })}
          >
            <Form.Item name="channel" label={t('fees.channel')}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={(['credit', 'debit', 'qr'] as const).map((c) => ({
                  value: c,
                  label: t(`fees.channels.${c}`),
                }))}
              />
            </Form.Item>
            {channel === 'qr' && (
              <Form.Item name="qrSubChannel" label={t('fees.qrProvider')}>
                <Select
                  allowClear
                  options={(['wechat', 'alipay', 'unionpay_qr'] as const).map((w) => ({
                    value: w,
                    label: t(`fees.qrWallets.${w}`),
                  }))}
                />
              </Form.Item>
            )}
            <Form.Item
              name="amount"
              label={t('fees.amount')}
              rules={[{ required: true, pattern: /^\d{1,11}(\.\d{1,2})?$/, message: t('fees.amountFormat') }]}
            >
              <Input autoFocus inputMode="decimal" prefix="¥" data-testid="fee-amount" />
            </Form.Item>
            <Form.Item name="at" label={t('fees.at')}>
              <DatePicker showTime style={{ width: '100%' }} placeholder={t('fees.now')} />
            </Form.Item>
            <Form.Item name="accountClass" label={t('fees.settlementAccountClass')}>
              <Radio.Group
                options={[
                  { value: 'I', label: t('fees.class1') },
                  { value: 'II', label: t('fees.class2') },
                ]}
              />
            </Form.Item>
            <Form.Item name="options">
              <Checkbox.Group
                options={[
                  { value: 'instant', label: t('fees.instant') },
                  { value: 'firstTransaction', label: t('fees.firstTransaction') },
                  { value: 'questionnaireSkipped', label: t('fees.questionnaireSkipped') },
                ]}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="fee-submit">
              {t('fees.quote')}
            </Button>
          </Form>
        </Col>
        <Col xs={24} xl={13}>
          {quote && <QuoteResult quote={quote} />}
        </Col>
      </Row>
    </Card>
  );
}

function QuoteResult({ quote }: { quote: Quote }) {
  const { t } = useTranslation();
  return (
    <div data-testid="quote-result">
      {quote.flagged && (
        <Alert type="warning" showIcon title={t('fees.flagged')} style={{ marginBottom: 12 }} />
      )}
      <Alert
        type={quote.allowed ? 'success' : 'error'}
        showIcon
        style={{ marginBottom: 12 }}
        title={
          quote.allowed || quote.reason === null
            ? t('fees.allowed')
            : `${t('fees.refused')} · ${t(`fees.reasons.${quote.reason}`)}`
        }
      />
      <Descriptions column={1} bordered size="middle">
        <Descriptions.Item label={t('fees.amount')}>
          <span className="money">¥ {formatFen(quote.amountFen)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('fees.fee')}>
          <b className="money" data-testid="quote-fee">
            ¥ {formatFen(quote.feeFen)}
          </b>{' '}
          <span className="fee-breakdown">
            = {formatFen(quote.percentagePartFen)}
            {quote.capped ? ` (${t('fees.capped')})` : ''} + {formatFen(quote.fixedPartFen)}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('fees.net')}>
          <span className="money">¥ {formatFen(quote.netFen)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('fees.settlement')}>
          {quote.settlement.mode === 'instant' ? t('fees.settlementInstant') : t('fees.settlementT1')} ·{' '}
          {shanghaiWallClock(quote.settlement.at)}
        </Descriptions.Item>
        <Descriptions.Item label={t('fees.headroom')}>
          {quote.headroomFen === null ? t('fees.unlimited') : `¥ ${formatFen(quote.headroomFen)}`}
          {quote.bindingLimit && (
            <Tag style={{ marginLeft: 8 }}>{t(`fees.reasons.${quote.bindingLimit}`)}</Tag>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('fees.schedule')}>
          <Tag color="blue">{quote.scheduleVersion}</Tag>
        </Descriptions.Item>
      </Descriptions>
    </div>
  );
}
