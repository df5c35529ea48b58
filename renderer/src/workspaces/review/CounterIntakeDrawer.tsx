import { useRef, useState, type KeyboardEvent } from 'react';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Col,
  Divider,
  Drawer,
  Form,
  Input,
  Radio,
  Row,
  Select,
  Space,
  Typography,
  Upload,
  type FormInstance,
  type InputRef,
  type UploadFile,
} from 'antd';
import type { Rule } from 'antd/es/form';
import type { NamePath } from 'antd/es/form/interface';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { StationCallError } from '../../bridge/station-bridge';
import { shanghaiWallClock } from '../../format/shanghai-time';
import { useStation } from '../../shell/station-context';
import { useCallError } from '../../shell/use-call-error';
import {
  idNumberSlip,
  isDate,
  MAX_FILE_BYTES,
  MAX_QR_SCREENSHOTS,
  MAX_TOTAL_BYTES,
  normalizeDate,
  normalizeDateTyping,
  normalizeIdNumber,
  parseQrRecords,
  readDocument,
  sniffMimeType,
  type CounterDocumentInput,
  type CounterInput,
} from './counter-entry';

type ProofType = CounterInput['businessProof']['type'];
const PROOF_TYPES: readonly ProofType[] = ['qr_records', 'bank_statement', 'stall_certificate'];

/** The file slots of the form, each one of the model's document kinds. */
type Slot = 'id_front' | 'id_back' | 'card_photo' | 'qr' | 'statement' | 'stall';
const SLOT_KIND: Record<Slot, CounterDocumentInput['kind']> = {
  id_front: 'id_front',
  id_back: 'id_back',
  card_photo: 'card_photo',
  qr: 'proof',
  statement: 'proof',
  stall: 'proof',
};
/** Document ids as the test-bundle generator names them, so counter and bundle cases read alike. */
const SLOT_ID: Record<Exclude<Slot, 'qr'>, string> = {
  id_front: 'id-front',
  id_back: 'id-back',
  card_photo: 'card',
  statement: 'statement',
  stall: 'stall-certificate',
};
const PROOF_SLOT: Record<ProofType, Slot> = {
  qr_records: 'qr',
  bank_statement: 'statement',
  stall_certificate: 'stall',
};

interface FormValues {
  applicant: {
    name: string;
    idNumber: string;
    idValidFrom: string;
    idValidTo?: string;
    phone: string;
    address: string;
  };
  idLongTerm: boolean;
  settlementCard: { number: string; holderName: string; bankReportedClass?: 'I' | 'II' };
  proofType: ProofType;
  qr?: { provider: 'wechat' | 'alipay'; merchantName?: string; records: string };
  stall?: { issuer: string; stamped: boolean; business: string; validFrom: string; validTo: string };
  deviceFingerprint?: string;
  files: Partial<Record<Slot, UploadFile[]>>;
}

const INITIAL: Partial<FormValues> = {
  idLongTerm: false,
  proofType: 'qr_records',
  qr: { provider: 'wechat', merchantName: '', records: '' },
  stall: { issuer: '', stamped: true, business: '', validFrom: '', validTo: '' },
  files: {},
};

interface Props {
  readonly open: boolean;
  readonly onClose: () => void;
  /** The stored application: the workspace refreshes the queue and opens it. */
  readonly onEntered: (applicationId: string) => void;
}

const fileOf = (f: UploadFile): File | undefined => f.originFileObj;

/** Where the station's dotted field name is on this form (null: no single field to mark). */
function formFieldOf(field: string, proofType: ProofType, slots: readonly Slot[]): NamePath | null {
  const parts = field.split('.');
  const [head, second] = parts;
  if ((head === 'applicant' || head === 'settlementCard') && second) return [head, second];
  if (head === 'deviceFingerprint') return ['deviceFingerprint'];
  if (head === 'documents' && second !== undefined) {
    const slot = slots[Number(second)];
    return slot ? ['files', slot] : null;
  }
  if (head === 'businessProof' && second) {
    if (second === 'documentId' || second === 'documentIds') return ['files', PROOF_SLOT[proofType]];
    if (proofType === 'qr_records') return ['qr', second === 'records' ? 'records' : second];
    if (proofType === 'stall_certificate') return ['stall', second];
  }
  return null;
}

/** Files of the whole form together, for the 20 MB limit of one entry. */
function totalBytes(form: FormInstance<FormValues>): number {
  const files = (form.getFieldValue('files') ?? {}) as FormValues['files'];
  const proofType = form.getFieldValue('proofType') as ProofType;
  const slots: Slot[] = ['id_front', 'id_back', 'card_photo', PROOF_SLOT[proofType]];
  return slots.flatMap((s) => files[s] ?? []).reduce((sum, f) => sum + (fileOf(f)?.size ?? 0), 0);
}

/**
 * 柜台录入: an application typed in at the counter while the applicant waits, with the scanned
 * files chosen from disk. Enter moves to the next field, Ctrl+Enter submits, Esc closes and keeps
 * what was typed. The station assigns the id and runs the same checks as for a bundle; a refusal
 * is marked on the field it names.
 */
export function CounterIntakeDrawer({ open, onClose, onEntered }: Props) {
  const { t } = useTranslation();
  const { client } = useStation();
  const { message } = App.useApp();
  const showError = useCallError('review');
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const nameRef = useRef<InputRef>(null);
  const formRef = useRef<HTMLDivElement>(null);
  const proofType = Form.useWatch('proofType', form) ?? 'qr_records';
  const longTerm = Form.useWatch('idLongTerm', form) === true;
  const qrText = Form.useWatch(['qr', 'records'], form) ?? '';
  const qrParsed = proofType === 'qr_records' ? parseQrRecords(qrText) : null;

  const required = (key = 'review.counter.rules.required'): Rule => ({
    required: true,
    whitespace: true,
    message: t(key),
  });
  const dateRule: Rule = {
    validator: async (_, value: unknown) => {
      if (value && !isDate(value)) throw new Error(t('review.counter.rules.date'));
    },
  };

  const fileRules = (slot: Slot, min: number): Rule[] => [
    {
      validator: async (_, value: UploadFile[] | undefined) => {
        if ((value?.length ?? 0) < min) throw new Error(t('review.counter.rules.requiredFile'));
      },
    },
    {
      validator: async (_, value: UploadFile[] | undefined) => {
        for (const f of value ?? []) {
          const file = fileOf(f);
          if (!file) continue;
          if (file.size > MAX_FILE_BYTES) throw new Error(t('review.counter.rules.fileSize'));
          const csv = slot === 'statement';
          const type = await sniffMimeType(file, csv);
          if (csv ? type !== 'text/csv' : type === null || type === 'text/csv')
            throw new Error(t(csv ? 'review.counter.rules.csvType' : 'review.counter.rules.fileType'));
        }
        if (totalBytes(form) > MAX_TOTAL_BYTES) throw new Error(t('review.counter.rules.totalSize'));
      },
    },
  ];

  const fileField = (slot: Slot, options: { many?: boolean; accept: string; hint: string }) => (
    <Form.Item
      name={['files', slot]}
      label={t(`review.counter.files.${slot}`)}
      valuePropName="fileList"
      // Nothing is uploaded anywhere: a chosen file is ready as soon as it is in the list.
      getValueFromEvent={(e: { fileList: UploadFile[] }) => {
        for (const f of e.fileList) f.status = 'done';
        return e.fileList;
      }}
      rules={fileRules(slot, 1)}
      extra={options.hint}
      required
    >
      <Upload
        beforeUpload={() => false}
        accept={options.accept}
        multiple={options.many === true}
        maxCount={options.many ? MAX_QR_SCREENSHOTS : 1}
        listType={slot === 'statement' ? 'text' : 'picture'}
        data-testid={`counter-file-${slot}`}
      >
        <Button icon={<UploadOutlined />}>
          {t(options.many ? 'review.counter.chooseMany' : 'review.counter.choose')}
        </Button>
      </Upload>
    </Form.Item>
  );

  /** The contract's input, and which form slot each document came from (to mark a refusal). */
  const buildInput = async (values: FormValues): Promise<{ input: CounterInput; slots: Slot[] }> => {
    const slots: Slot[] = [];
    const pending: Promise<CounterDocumentInput | null>[] = [];
    const add = (slot: Slot, id: string, file: UploadFile) => {
      const blob = fileOf(file);
      if (!blob) return;
      slots.push(slot);
      pending.push(readDocument(blob, id, SLOT_KIND[slot], slot === 'statement'));
    };
    for (const slot of ['id_front', 'id_back', 'card_photo'] as const) {
      const first = values.files[slot]?.[0];
      if (first) add(slot, SLOT_ID[slot], first);
    }
    const proofSlot = PROOF_SLOT[values.proofType];
    const proofFiles = values.files[proofSlot] ?? [];
    const proofIds: string[] = [];
    proofFiles.forEach((file, i) => {
      const id = proofSlot === 'qr' ? `qr-${i + 1}` : SLOT_ID[proofSlot];
      if (proofSlot !== 'qr' && i > 0) return;
      proofIds.push(id);
      add(proofSlot, id, file);
    });
    const read = await Promise.all(pending);
    const unreadable = read.findIndex((d) => d === null);
    if (unreadable >= 0) {
      const slot = slots[unreadable]!;
      form.setFields([
        {
          name: ['files', slot],
          errors: [
            t(slot === 'statement' ? 'review.counter.rules.csvType' : 'review.counter.rules.fileType'),
          ],
        },
      ]);
      throw new Error('unreadable file');
    }
    const documents = read as CounterDocumentInput[];

    let businessProof: CounterInput['businessProof'];
    if (values.proofType === 'qr_records') {
      const parsed = parseQrRecords(values.qr?.records ?? '');
      businessProof = {
        type: 'qr_records',
        provider: values.qr?.provider ?? 'wechat',
        merchantName: values.qr?.merchantName?.trim() ?? '',
        records: parsed.ok ? parsed.records : [],
        documentIds: proofIds,
      };
    } else if (values.proofType === 'bank_statement') {
      businessProof = { type: 'bank_statement', documentId: SLOT_ID.statement };
    } else {
      const stall = values.stall!;
      businessProof = {
        type: 'stall_certificate',
        issuer: stall.issuer.trim(),
        stamped: stall.stamped,
        business: stall.business.trim(),
        validFrom: normalizeDate(stall.validFrom),
        validTo: normalizeDate(stall.validTo),
        documentId: SLOT_ID.stall,
      };
    }
    const a = values.applicant;
    const card = values.settlementCard;
    const device = values.deviceFingerprint?.trim();
    return {
      slots,
      input: {
        applicant: {
          name: a.name.trim(),
          idNumber: a.idNumber,
          idValidFrom: normalizeDate(a.idValidFrom),
          idValidTo: values.idLongTerm ? 'long_term' : normalizeDate(a.idValidTo),
          phone: a.phone.trim(),
          address: a.address.trim(),
        },
        settlementCard: {
          number: card.number.trim(),
          holderName: card.holderName.trim(),
          ...(card.bankReportedClass ? { bankReportedClass: card.bankReportedClass } : {}),
        },
        businessProof,
        ...(device ? { deviceFingerprint: device } : {}),
        documents,
      },
    };
  };

  const submit = async (values: FormValues) => {
    if (busy) return;
    setBusy(true);
    let slots: Slot[] = [];
    try {
      const built = await buildInput(values);
      slots = built.slots;
      const result = await client.call('kyc.intakeAtCounter', built.input);
      void message.success({
        content: (
          <span data-testid="counter-entered">
            {t('review.counter.entered', {
              id: result.applicationId,
              risk: t(`review.risks.${result.risk}`),
              due: shanghaiWallClock(result.dueAt),
            })}
            <br />
            {t('review.counter.enteredFindings', result.findings)}
          </span>
        ),
        duration: 6,
      });
      form.resetFields();
      onEntered(result.applicationId);
    } catch (error) {
      if (!(error instanceof StationCallError)) {
        if (!(error instanceof Error && error.message === 'unreadable file')) showError(error);
        return;
      }
      const { field, reason } = error.error;
      const name = field ? formFieldOf(field, values.proofType, slots) : null;
      if (name !== null) {
        const key = `review.counter.fieldErrors.${(reason ?? 'kyc.counter.invalid').replaceAll('.', '_')}`;
        form.setFields([{ name, errors: [t(key, t('review.counter.fieldErrors.kyc_counter_invalid'))] }]);
        form.scrollToField(name, { block: 'center', focus: true });
      }
      // A shape fault the form's own rules missed has no reason code: say it in the clerk's language.
      showError(
        field && !reason ? new StationCallError({ ...error.error, reason: 'kyc.counter.invalid' }) : error,
      );
    } finally {
      setBusy(false);
    }
  };

  /** Enter in a text field moves on to the next field (as counter clerks expect); Ctrl+Enter submits. */
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      form.submit();
      return;
    }
    const target = event.target as HTMLElement;
    if (!(target instanceof HTMLInputElement) || target.closest('.ant-select')) return;
    if (!['text', 'tel', 'search', ''].includes(target.type)) return;
    event.preventDefault();
    const focusable = Array.from(
      formRef.current?.querySelectorAll<HTMLElement>('input, textarea, [role="button"][tabindex="0"]') ?? [],
    ).filter(
      (el) =>
        el.tabIndex >= 0 &&
        !(el as HTMLInputElement).disabled &&
        (el as HTMLInputElement).type !== 'file' &&
        el.getClientRects().length > 0,
    );
    focusable[focusable.indexOf(target) + 1]?.focus();
  };

  /** Pads 2020-1-1 to 2020-01-01 when the clerk leaves the field. */
  const padDate = (name: NamePath) => () => {
    const value: unknown = form.getFieldValue(name);
    const padded = normalizeDate(value);
    if (padded !== value) form.setFieldValue(name, padded);
  };

  const dateInput = (name: NamePath, testId: string) => (
    <Input
      placeholder={t('review.counter.datePlaceholder')}
      inputMode="numeric"
      onBlur={padDate(name)}
      data-testid={testId}
    />
  );

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size="min(920px, calc(100vw - 80px))"
      title={t('review.counter.title')}
      closable={{ 'aria-label': t('review.counter.close') }}
      afterOpenChange={(visible) => {
        if (visible) nameRef.current?.focus();
      }}
      footer={
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Text type="secondary">{t('review.counter.keyboardHint')}</Typography.Text>
          <Space>
            <Button onClick={() => form.resetFields()} disabled={busy}>
              {t('review.counter.clear')}
            </Button>
            <Button onClick={onClose}>{t('review.counter.cancel')}</Button>
            <Button
              type="primary"
              htmlType="submit"
              form="counter-intake"
              loading={busy}
              data-testid="counter-submit"
            >
              {t('review.counter.submit')}
            </Button>
          </Space>
        </Space>
      }
      data-testid="counter-intake"
    >
      <div ref={formRef} onKeyDown={onKeyDown}>
        <Alert type="info" showIcon title={t('review.counter.intro')} style={{ marginBottom: 16 }} />
        <Form<FormValues>
          id="counter-intake"
          form={form}
          layout="vertical"
          initialValues={INITIAL}
          onFinish={(v) => void submit(v)}
          scrollToFirstError={{ block: 'center', focus: true }}
          requiredMark
        >
          <Divider titlePlacement="start">{t('review.counter.sections.applicant')}</Divider>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name={['applicant', 'name']} label={t('review.counter.name')} rules={[required()]}>
                <Input ref={nameRef} maxLength={64} autoComplete="off" data-testid="counter-name" />
              </Form.Item>
            </Col>
            <Col span={16}>
              <Form.Item
                name={['applicant', 'idNumber']}
                label={t('review.counter.idNumber')}
                normalize={normalizeIdNumber}
                rules={[
                  required(),
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
          <Row gutter={16} align="bottom">
            <Col span={8}>
              <Form.Item
                name={['applicant', 'idValidFrom']}
                label={t('review.counter.idValidFrom')}
                normalize={normalizeDateTyping}
                rules={[required(), dateRule]}
              >
                {dateInput(['applicant', 'idValidFrom'], 'counter-id-valid-from')}
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item
                name={['applicant', 'idValidTo']}
                label={t('review.counter.idValidTo')}
                normalize={normalizeDateTyping}
                rules={longTerm ? [] : [required(), dateRule]}
                dependencies={['idLongTerm']}
              >
                <Input
                  placeholder={t(
                    longTerm ? 'review.counter.longTermPlaceholder' : 'review.counter.datePlaceholder',
                  )}
                  inputMode="numeric"
                  disabled={longTerm}
                  onBlur={padDate(['applicant', 'idValidTo'])}
                  data-testid="counter-id-valid-to"
                />
              </Form.Item>
            </Col>
            <Col span={8}>
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
            </Col>
          </Row>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item
                name={['applicant', 'phone']}
                label={t('review.counter.phone')}
                normalize={(v: string) => v.replace(/[\s-]/g, '')}
                rules={[
                  required(),
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
              <Form.Item
                name={['applicant', 'address']}
                label={t('review.counter.address')}
                rules={[required()]}
              >
                <Input maxLength={200} autoComplete="off" data-testid="counter-address" />
              </Form.Item>
            </Col>
          </Row>

          <Divider titlePlacement="start">{t('review.counter.sections.card')}</Divider>
          <Row gutter={16}>
            <Col span={10}>
              <Form.Item
                name={['settlementCard', 'number']}
                label={t('review.counter.cardNumber')}
                rules={[required()]}
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
                rules={[required()]}
                extra={t('review.counter.holderNameHelp')}
              >
                <Input maxLength={64} autoComplete="off" data-testid="counter-holder-name" />
              </Form.Item>
            </Col>
            <Col span={7}>
              <Form.Item
                name={['settlementCard', 'bankReportedClass']}
                label={t('review.counter.accountClass')}
              >
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

          <Divider titlePlacement="start">{t('review.counter.sections.documents')}</Divider>
          <Row gutter={16}>
            <Col span={8}>
              {fileField('id_front', { accept: '.png,.jpg,.jpeg,.pdf', hint: t('review.counter.fileHint') })}
            </Col>
            <Col span={8}>
              {fileField('id_back', { accept: '.png,.jpg,.jpeg,.pdf', hint: t('review.counter.fileHint') })}
            </Col>
            <Col span={8}>
              {fileField('card_photo', {
                accept: '.png,.jpg,.jpeg,.pdf',
                hint: t('review.counter.fileHint'),
              })}
            </Col>
          </Row>

          <Divider titlePlacement="start">{t('review.counter.sections.proof')}</Divider>
          <Form.Item name="proofType" label={t('review.counter.proofType')}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={PROOF_TYPES.map((p) => ({ value: p, label: t(`review.case.proofTypes.${p}`) }))}
              data-testid="counter-proof-type"
            />
          </Form.Item>
          {proofType === 'qr_records' && (
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
                  qrParsed?.ok && qrParsed.records.length > 0
                    ? `${t('review.counter.qrRecordsHelp')} ${t('review.counter.qrRecordsCount', { count: qrParsed.records.length })}`
                    : t('review.counter.qrRecordsHelp')
                }
                rules={[
                  {
                    validator: async (_, value: string | undefined) => {
                      const parsed = parseQrRecords(value ?? '');
                      if (!parsed.ok) {
                        const { line, problem } = parsed.error;
                        const key = { time: 'qrTime', amount: 'qrAmount', payer: 'qrPayer' }[problem];
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
              {fileField('qr', {
                many: true,
                accept: '.png,.jpg,.jpeg,.pdf',
                hint: t('review.counter.fileHint'),
              })}
            </>
          )}
          {proofType === 'bank_statement' &&
            fileField('statement', { accept: '.csv,text/csv', hint: t('review.counter.csvHint') })}
          {proofType === 'stall_certificate' && (
            <>
              <Row gutter={16}>
                <Col span={12}>
                  <Form.Item
                    name={['stall', 'issuer']}
                    label={t('review.counter.issuer')}
                    rules={[required()]}
                  >
                    <Input maxLength={100} autoComplete="off" data-testid="counter-stall-issuer" />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item
                    name={['stall', 'business']}
                    label={t('review.counter.business')}
                    rules={[required()]}
                  >
                    <Input maxLength={100} autoComplete="off" data-testid="counter-stall-business" />
                  </Form.Item>
                </Col>
              </Row>
              <Row gutter={16} align="bottom">
                <Col span={8}>
                  <Form.Item
                    name={['stall', 'validFrom']}
                    label={t('review.counter.certValidFrom')}
                    normalize={normalizeDateTyping}
                    rules={[required(), dateRule]}
                  >
                    {dateInput(['stall', 'validFrom'], 'counter-stall-valid-from')}
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item
                    name={['stall', 'validTo']}
                    label={t('review.counter.certValidTo')}
                    normalize={normalizeDateTyping}
                    rules={[required(), dateRule]}
                  >
                    {dateInput(['stall', 'validTo'], 'counter-stall-valid-to')}
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name={['stall', 'stamped']} valuePropName="checked">
                    <Checkbox>{t('review.counter.stamped')}</Checkbox>
                  </Form.Item>
                </Col>
              </Row>
              {fileField('stall', { accept: '.png,.jpg,.jpeg,.pdf', hint: t('review.counter.fileHint') })}
            </>
          )}

          <Divider titlePlacement="start">{t('review.counter.sections.other')}</Divider>
          <Form.Item
            name="deviceFingerprint"
            label={t('review.counter.deviceFingerprint')}
            extra={t('review.counter.deviceFingerprintHelp')}
          >
            <Input maxLength={128} autoComplete="off" />
          </Form.Item>
        </Form>
      </div>
    </Drawer>
  );
}
