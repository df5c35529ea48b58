import { useState } from 'react';
import { Alert, Descriptions, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../shell/station-context';
import { callErrorWords } from '../../shell/use-call-error';

/** As the freezes service asks (MIN_FREEZE_REASON_CHARS): a reason someone can read back later. */
const MIN_REASON = 4;

export interface FreezeOutcome {
  readonly onUnit: boolean;
}

/**
 * A freeze or its lifting as the dialog sends it: the reason typed, the call in flight, and a
 * refusal kept in the dialog in words (the operator reads why, then corrects or cancels).
 */
function useReasonedCall(
  send: (reason: string) => Promise<FreezeOutcome>,
  onClose: (done: FreezeOutcome) => void,
) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const submit = () => {
    setBusy(true);
    setRefusal(null);
    send(reason.trim())
      .then(onClose)
      .catch((error: unknown) => setRefusal(callErrorWords(error, t, 'support')))
      .finally(() => setBusy(false));
  };
  return { reason, setReason, busy, refusal, ready: reason.trim().length >= MIN_REASON, submit };
}

/**
 * The freeze confirmation: the serial, the reason (required), and what happens the moment it is
 * confirmed — so nobody freezes a merchant's working unit by a slip.
 */
export function FreezeDialog({
  serial,
  onClose,
}: {
  serial: string;
  onClose: (done: FreezeOutcome | null) => void;
}) {
  const { t } = useTranslation();
  const { client } = useStation();
  const { reason, setReason, busy, refusal, ready, submit } = useReasonedCall(async (why) => {
    const out = await client.call('devices.freeze', { serial, reason: why });
    return { onUnit: out.unitFrozen };
  }, onClose);

  return (
    <Modal
      open
      title={t('support.freeze.dialogTitle')}
      okText={t('support.freeze.confirm', { serial })}
      okButtonProps={{ danger: true, disabled: !ready, loading: busy }}
      cancelText={t('support.freeze.cancel')}
      onOk={submit}
      onCancel={() => onClose(null)}
      width={620}
    >
      <div data-testid="freeze-dialog">
        <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t('support.freeze.serial')}>
            <span className="support-mono" data-testid="freeze-serial">
              {serial}
            </span>
          </Descriptions.Item>
        </Descriptions>
        <Typography.Text strong>{t('support.freeze.reason')}</Typography.Text>
        <Input.TextArea
          autoFocus
          rows={2}
          maxLength={200}
          value={reason}
          placeholder={t('support.freeze.reasonPlaceholder')}
          onChange={(e) => setReason(e.target.value)}
          data-testid="freeze-reason"
        />
        <Alert
          style={{ marginTop: 12 }}
          type="warning"
          showIcon
          title={t('support.freeze.whatHappens')}
          description={
            <ul className="support-effects" data-testid="freeze-effects">
              <li>{t('support.freeze.effectRegistry')}</li>
              <li>{t('support.freeze.effectRefuse')}</li>
              <li>{t('support.freeze.effectUnit')}</li>
              <li>{t('support.freeze.effectCustody')}</li>
              <li>{t('support.freeze.effectUnfreeze')}</li>
            </ul>
          }
        />
        {refusal && (
          <Alert
            style={{ marginTop: 12 }}
            type="error"
            showIcon
            title={refusal}
            data-testid="freeze-refusal"
          />
        )}
      </div>
    </Modal>
  );
}

/**
 * Lifting a freeze: the rule (a second person, the unit on a port of this station) said before,
 * the refusal said in words inside the dialog when the station refuses.
 */
export function UnfreezeDialog({
  serial,
  frozenBy,
  onClose,
}: {
  serial: string;
  frozenBy: string | null;
  onClose: (done: FreezeOutcome | null) => void;
}) {
  const { t } = useTranslation();
  const { client, operator } = useStation();
  const { reason, setReason, busy, refusal, ready, submit } = useReasonedCall(async (why) => {
    const out = await client.call('devices.unfreeze', { serial, reason: why });
    return { onUnit: out.unitUnfrozen };
  }, onClose);

  return (
    <Modal
      open
      title={t('support.freeze.unfreezeTitle')}
      okText={t('support.freeze.unfreezeConfirm', { serial })}
      okButtonProps={{ disabled: !ready, loading: busy }}
      cancelText={t('support.freeze.cancel')}
      onOk={submit}
      onCancel={() => onClose(null)}
      width={620}
    >
      <div data-testid="unfreeze-dialog">
        <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t('support.freeze.serial')}>
            <span className="support-mono">{serial}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('support.freeze.frozenByLabel')}>{frozenBy ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('support.freeze.youAre')}>
            {operator.displayName} · {t(`roles.${operator.role}`)}
          </Descriptions.Item>
        </Descriptions>
        <Alert type="info" showIcon title={t('support.freeze.unfreezeRules')} style={{ marginBottom: 12 }} />
        <Typography.Text strong>{t('support.freeze.unfreezeReason')}</Typography.Text>
        <Input.TextArea
          autoFocus
          rows={2}
          maxLength={200}
          value={reason}
          placeholder={t('support.freeze.unfreezeReasonPlaceholder')}
          onChange={(e) => setReason(e.target.value)}
          data-testid="unfreeze-reason"
        />
        {refusal && (
          <Alert
            style={{ marginTop: 12 }}
            type="error"
            showIcon
            title={t('support.freeze.refused')}
            description={refusal}
            data-testid="unfreeze-refusal"
          />
        )}
      </div>
    </Modal>
  );
}
