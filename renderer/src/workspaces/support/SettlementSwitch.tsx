import { useEffect, useState } from 'react';
import { App, Button, Input, Modal, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../../electron/contract';
import { useStation } from '../../shell/station-context';
import { shanghaiWallClock } from '../../format/shanghai-time';
import { useSupportError } from './use-support-error';

type Settlement = CallOutput<'support.settlement'>;

/**
 * A merchant's settlement mode (T+1 by default, instant 秒到 once support switches it on) and the
 * switch, which takes a reason and is audited by the station. `onSwitched` lets the page explain the
 * ledger again in the new mode.
 */
export function SettlementSwitch({ merchantId, onSwitched }: { merchantId: string; onSwitched: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { client } = useStation();
  const showError = useSupportError();
  const [current, setCurrent] = useState<Settlement | null>(null);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    client.call('support.settlement', { merchantId }).then(setCurrent, showError);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- showError is a fresh closure each render
  }, [client, merchantId]);

  if (current === null) return null;
  const target = current.mode === 'instant' ? 't1' : 'instant';

  const submit = async () => {
    setBusy(true);
    try {
      const after = await client.call('support.switchSettlement', { merchantId, mode: target, reason });
      setCurrent(after);
      setAsking(false);
      setReason('');
      void message.success(
        t('support.money.switchDone', { merchant: merchantId, mode: t(`support.money.${after.mode}`) }),
      );
      onSwitched();
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space wrap data-testid="settlement-mode">
      <Typography.Text strong>{t('support.money.mode')}</Typography.Text>
      <Tag color={current.mode === 'instant' ? 'green' : 'blue'}>{t(`support.money.${current.mode}`)}</Tag>
      <Typography.Text type="secondary">
        {current.changedAt === null
          ? t('support.money.modeDefault')
          : t('support.money.modeSince', {
              at: shanghaiWallClock(current.changedAt),
              by: current.changedBy,
              reason: current.reason,
            })}
      </Typography.Text>
      <Button onClick={() => setAsking(true)} data-testid="settlement-switch">
        {target === 'instant' ? t('support.money.switchToInstant') : t('support.money.switchToT1')}
      </Button>
      <Modal
        open={asking}
        title={t('support.money.switchTitle', { merchant: merchantId })}
        okText={target === 'instant' ? t('support.money.switchToInstant') : t('support.money.switchToT1')}
        okButtonProps={{ disabled: reason.trim().length < 4, loading: busy }}
        onOk={() => void submit()}
        onCancel={() => setAsking(false)}
      >
        <Input.TextArea
          autoFocus
          rows={3}
          maxLength={500}
          placeholder={t('support.money.switchReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          data-testid="settlement-reason"
        />
      </Modal>
    </Space>
  );
}
