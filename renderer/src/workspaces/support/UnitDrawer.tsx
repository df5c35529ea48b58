import { useEffect, useEffectEvent, useState } from 'react';
import { Drawer, Space, Spin, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../../electron/contract';
import { useStation } from '../../shell/station-context';
import { useSupportError } from './use-support-error';
import { FreezePanel } from './FreezePanel';
import { UnitLifeCard } from './UnitLifeCard';

/** A unit's page found by its serial (a lost unit has no case): its freeze and its whole life. */
export function UnitDrawer({ scanned, onClose }: { scanned: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const showError = useSupportError();
  const [unit, setUnit] = useState<CallOutput<'support.unit'> | null>(null);
  const report = useEffectEvent((error: unknown) => {
    showError(error);
    onClose();
  });

  useEffect(() => {
    client.call('support.unit', { scanned }).then(setUnit, report);
  }, [client, scanned]);

  const reload = () => {
    client.call('support.unit', { scanned }).then(setUnit, showError);
  };

  return (
    <Drawer
      open
      onClose={onClose}
      size="min(900px, calc(100vw - 120px))"
      closable={{ 'aria-label': t('support.case.close') }}
      title={
        <Space data-testid="support-unit-title">
          {t('support.unitPage.title')}
          <span className="support-mono">{unit?.serial ?? scanned}</span>
          {unit?.registry?.status === 'frozen' && (
            <Tag color="red">{t('support.life.registryStatus.frozen')}</Tag>
          )}
        </Space>
      }
    >
      {!unit ? (
        <Spin />
      ) : (
        <>
          <FreezePanel unit={unit} onChanged={reload} />
          <UnitLifeCard unit={unit} currentCase="" />
        </>
      )}
    </Drawer>
  );
}
