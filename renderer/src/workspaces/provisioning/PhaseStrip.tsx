import { useTranslation } from 'react-i18next';
import { PHASES, type BoardUnit } from './types';

type StepLook = 'done' | 'active' | 'error' | 'wait';

function looks(unit: BoardUnit): StepLook[] {
  const at = unit.phase === null ? -1 : PHASES.indexOf(unit.phase);
  return PHASES.map((_, i) => {
    if (unit.state === 'succeeded') return 'done';
    if (i < at) return 'done';
    if (i > at) return 'wait';
    if (unit.state === 'refused' || unit.state === 'failed') return 'error';
    if (unit.state === 'running' || unit.state === 'paused') return 'active';
    return 'wait';
  });
}

/** 识别 → 真伪验证 → 烧录 → 绑定 → 自检 → 出库, the step a unit is on lit and the one it stopped at red. */
export function PhaseStrip({ unit }: { unit: BoardUnit }) {
  const { t } = useTranslation();
  const steps = looks(unit);
  return (
    <ol className="phase-strip" aria-label={t('provisioning.unit.phase')}>
      {PHASES.map((phase, i) => (
        <li
          key={phase}
          className={`phase phase-${steps[i]}${unit.state === 'paused' && steps[i] === 'active' ? ' phase-paused' : ''}`}
          aria-current={steps[i] === 'active' ? 'step' : undefined}
          data-phase={phase}
          title={t(`provisioning.phases.${phase}`)}
        >
          {t(`provisioning.phasesShort.${phase}`)}
        </li>
      ))}
    </ol>
  );
}
