import { useState } from 'react';
import { Alert, App, Button, Card, Space, Typography } from 'antd';
import { LockOutlined, UnlockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../../electron/contract';
import { shanghaiWallClock } from '../../format/shanghai-time';
import { FreezeDialog, UnfreezeDialog, type FreezeOutcome } from './FreezeDialogs';

type Unit = CallOutput<'support.unit'>;

/**
 * A unit's freeze at a glance on its page: frozen → the custody order in red, who froze it and why,
 * and Unfreeze; not frozen → Freeze. The station decides who may do what; this says it in words.
 */
export function FreezePanel({ unit, onChanged }: { unit: Unit; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<'freeze' | 'unfreeze' | null>(null);
  const status = unit.registry?.status ?? null;
  const lastFreeze = [...unit.statusChanges].reverse().find((s) => s.action === 'device.frozen');

  const closed = (kind: 'freeze' | 'unfreeze') => (done: FreezeOutcome | null) => {
    setDialog(null);
    if (!done) return;
    const base = t(kind === 'freeze' ? 'support.freeze.frozenDone' : 'support.freeze.unfrozenDone', {
      serial: unit.serial,
    });
    const where =
      kind === 'freeze'
        ? t(done.onUnit ? 'support.freeze.frozenOnUnit' : 'support.freeze.frozenLater')
        : t(done.onUnit ? 'support.freeze.unfrozenOnUnit' : 'support.freeze.unfrozenLater');
    if (kind === 'unfreeze' && !done.onUnit) void message.warning(`${base} ${where}`, 8);
    else void message.success(`${base} ${where}`, 6);
    onChanged();
  };

  return (
    <Card
      size="small"
      title={t('support.freeze.title')}
      data-testid="support-freeze"
      style={{ marginBottom: 16 }}
    >
      {status === 'frozen' ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Alert
            type="error"
            showIcon
            icon={<LockOutlined />}
            className="support-custody"
            title={t('support.freeze.custody')}
            description={
              <>
                <div>{t('support.freeze.custodyWhat')}</div>
                {lastFreeze && (
                  <div data-testid="support-freeze-who">
                    {t('support.freeze.custodyDetail', {
                      by: t(`support.actor.${lastFreeze.actor}`, { defaultValue: lastFreeze.actor }),
                      at: shanghaiWallClock(lastFreeze.at),
                      reason: lastFreeze.reason ?? unit.registry?.statusReason ?? '—',
                    })}
                  </div>
                )}
              </>
            }
            data-testid="support-custody"
          />
          <Button
            icon={<UnlockOutlined />}
            onClick={() => setDialog('unfreeze')}
            data-testid="support-unfreeze"
          >
            {t('support.freeze.unfreezeButton')}
          </Button>
        </Space>
      ) : status === 'genuine' ? (
        <Space wrap>
          <Typography.Text type="secondary">{t('support.freeze.statusOk')}</Typography.Text>
          <Button
            danger
            icon={<LockOutlined />}
            onClick={() => setDialog('freeze')}
            data-testid="support-freeze-open"
          >
            {t('support.freeze.freezeButton')}
          </Button>
        </Space>
      ) : (
        <Typography.Text type="warning">
          {t(status === 'revoked' ? 'support.freeze.revoked' : 'support.freeze.notRegistered')}
        </Typography.Text>
      )}
      {dialog === 'freeze' && <FreezeDialog serial={unit.serial} onClose={closed('freeze')} />}
      {dialog === 'unfreeze' && (
        <UnfreezeDialog
          serial={unit.serial}
          frozenBy={
            lastFreeze ? t(`support.actor.${lastFreeze.actor}`, { defaultValue: lastFreeze.actor }) : null
          }
          onClose={closed('unfreeze')}
        />
      )}
    </Card>
  );
}
