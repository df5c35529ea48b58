import { memo } from 'react';
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { inLanguage } from './format';
import type { BoardUnit } from './types';

/**
 * Every unit the genuine check refused, named at the top of the board: on a 16-port hub a red card
 * may be below the fold, and such a unit must be set aside before it reaches a box. Memoised: it is
 * given only the refused units (`refusedUnits`), which stay the same objects while others flash.
 */
export const RedList = memo(function RedList({
  red,
  onShow,
}: {
  red: readonly BoardUnit[];
  onShow: (unit: BoardUnit) => void;
}) {
  const { t, i18n } = useTranslation();
  if (red.length === 0) return null;
  return (
    <Alert
      className="red-list"
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="red-list"
      title={t('provisioning.redList.title', { count: red.length })}
      description={
        <ul>
          {red.map((u) => (
            <li key={u.portId}>
              <button type="button" className="link" onClick={() => onShow(u)}>
                {u.serial ?? '—'} · {u.label}
              </button>
              : {u.verdict ? inLanguage(u.verdict, i18n.language) : ''}
            </li>
          ))}
        </ul>
      }
    />
  );
});

/** The units the genuine check refused. */
export const refusedUnits = (units: readonly BoardUnit[]) =>
  units.filter((u) => u.verdict !== null && !u.verdict.genuine);
