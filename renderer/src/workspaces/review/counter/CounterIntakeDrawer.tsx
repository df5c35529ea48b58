import { useRef, useState, type KeyboardEvent } from 'react';
import { Alert, App, Button, Drawer, Form, Space, Typography, type InputRef } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import { useTranslation } from 'react-i18next';
import { StationCallError } from '../../../bridge/station-bridge';
import { shanghaiWallClock } from '../../../format/shanghai-time';
import { useStation } from '../../../shell/station-context';
import { useCallError } from '../../../shell/use-call-error';
import {
  INITIAL_VALUES,
  PROOF_SLOT,
  type CounterFormValues,
  type ProofType,
  type Slot,
} from './counter-form';
import { buildCounterInput } from './counter-input';
import { CounterApplicantSection } from './CounterApplicantSection';
import { CounterCardSection } from './CounterCardSection';
import { CounterDocumentsSection } from './CounterDocumentsSection';
import { CounterOtherSection } from './CounterOtherSection';
import { CounterProofSection } from './CounterProofSection';

interface Props {
  readonly open: boolean;
  /** The returned case this entry corrects (stored as its next submission), or null for a new application. */
  readonly resubmits: string | null;
  readonly onClose: () => void;
  /** The stored application: the workspace refreshes the queue and opens it. */
  readonly onEntered: (applicationId: string) => void;
}

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

/**
 * 柜台录入: an application typed in at the counter while the applicant waits, with the scanned
 * files chosen from disk. Enter moves to the next field, Ctrl+Enter submits, Esc closes and keeps
 * what was typed. The station assigns the id and runs the same checks as for a bundle; a refusal
 * is marked on the field it names.
 */
export function CounterIntakeDrawer({ open, resubmits, onClose, onEntered }: Props) {
  const { t } = useTranslation();
  const { client } = useStation();
  const { message } = App.useApp();
  const showError = useCallError('review');
  const [form] = Form.useForm<CounterFormValues>();
  const [busy, setBusy] = useState(false);
  const nameRef = useRef<InputRef>(null);
  const formRef = useRef<HTMLDivElement>(null);

  const submit = async (values: CounterFormValues) => {
    if (busy) return;
    setBusy(true);
    let slots: readonly Slot[] = [];
    try {
      const built = await buildCounterInput(values);
      if (!built.ok) {
        const csv = built.unreadable === 'statement';
        form.setFields([
          {
            name: ['files', built.unreadable],
            errors: [t(csv ? 'review.counter.rules.csvType' : 'review.counter.rules.fileType')],
          },
        ]);
        return;
      }
      slots = built.slots;
      const result = await client.call('kyc.intakeAtCounter', {
        ...built.input,
        ...(resubmits !== null ? { resubmits } : {}),
      });
      void message.success({
        content: (
          <span data-testid="counter-entered">
            {t(resubmits !== null ? 'review.counter.corrected' : 'review.counter.entered', {
              id: result.applicationId,
              n: result.submission,
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
        showError(error);
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

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size="min(920px, calc(100vw - 80px))"
      title={
        resubmits !== null ? t('review.counter.correctTitle', { id: resubmits }) : t('review.counter.title')
      }
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
        <Alert
          type={resubmits !== null ? 'warning' : 'info'}
          showIcon
          title={t(resubmits !== null ? 'review.counter.correctIntro' : 'review.counter.intro')}
          style={{ marginBottom: 16 }}
          data-testid="counter-intro"
        />
        <Form<CounterFormValues>
          id="counter-intake"
          form={form}
          layout="vertical"
          initialValues={INITIAL_VALUES}
          onFinish={(v) => void submit(v)}
          scrollToFirstError={{ block: 'center', focus: true }}
          requiredMark
        >
          <CounterApplicantSection nameRef={nameRef} />
          <CounterCardSection />
          <CounterDocumentsSection />
          <CounterProofSection />
          <CounterOtherSection />
        </Form>
      </div>
    </Drawer>
  );
}
