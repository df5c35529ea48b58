import { memo, type Ref } from 'react';
import { Button, Progress, Tag, Tooltip } from 'antd';
import {
  CheckCircleFilled,
  CloseCircleFilled,
  FileSearchOutlined,
  LockFilled,
  PlayCircleOutlined,
  QuestionCircleOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApplicationPicker } from './ApplicationPicker';
import { PhaseStrip } from './PhaseStrip';
import { slidingTrack } from './sliding-track';
import { inCustody } from './custody';
import { formatBytes, formatDuration, inLanguage } from './format';
import type { BoardUnit, UnitState } from './types';

const STATE_COLOR: Record<UnitState, string> = {
  probing: 'default',
  idle: 'blue',
  running: 'processing',
  paused: 'warning',
  succeeded: 'success',
  refused: 'error',
  failed: 'error',
  detached: 'default',
};

/** May Start be pressed: identified, not running, and not locked by the station (shipped, bound, quarantined). */
export const startable = (u: BoardUnit) =>
  u.serial !== null && u.lock === null && ['idle', 'succeeded', 'refused', 'failed'].includes(u.state);

/** Waiting for its application and box: a unit a worker still prepares for the batch. */
const preparing = (u: BoardUnit) => startable(u) && u.state !== 'succeeded';

/** Why Start is refused on this unit and what to do with it (quarantine, a shipped unit…). */
function LockNotice({ unit }: { unit: BoardUnit }) {
  const { t, i18n } = useTranslation();
  if (!unit.lock || unit.state === 'succeeded') return null;
  return (
    <div className="stopped" role="alert" data-testid="unit-lock">
      <b>{t('provisioning.unit.locked')}</b>
      <div>{inLanguage(unit.lock, i18n.language)}</div>
    </div>
  );
}

/** A frozen (lost or stolen) unit: keep it, whatever else the card would say. */
function CustodyOrder({ unit }: { unit: BoardUnit }) {
  const { t, i18n } = useTranslation();
  const why = unit.verdict && !unit.verdict.genuine ? unit.verdict : unit.failure;
  return (
    <div className="verdict verdict-custody" role="alert" data-testid="custody">
      <LockFilled className="verdict-icon" />
      <div>
        <div className="verdict-title">{t('provisioning.unit.custodyTitle')}</div>
        <div className="verdict-reason">{t('provisioning.unit.custodyWhat')}</div>
        {why && <div className="verdict-reason">{inLanguage(why, i18n.language)}</div>}
      </div>
    </div>
  );
}

/** The three things a worker checks at a glance: genuine or not, where it stopped, shipped. */
function Verdict({ unit }: { unit: BoardUnit }) {
  const { t, i18n } = useTranslation();
  const { verdict, failure } = unit;
  if (inCustody(unit)) return <CustodyOrder unit={unit} />;
  if (verdict && !verdict.genuine) {
    return (
      <>
        <div className="verdict verdict-bad" role="alert" data-testid="verdict" data-genuine="false">
          <CloseCircleFilled className="verdict-icon" />
          <div>
            <div className="verdict-title">{t('provisioning.unit.notGenuine')}</div>
            <div className="verdict-reason">{inLanguage(verdict, i18n.language)}</div>
          </div>
        </div>
        <LockNotice unit={unit} />
      </>
    );
  }
  return (
    <>
      {verdict ? (
        <div className="verdict verdict-good" data-testid="verdict" data-genuine="true">
          <CheckCircleFilled className="verdict-icon" />
          <div className="verdict-title">{t('provisioning.unit.genuine')}</div>
        </div>
      ) : (
        <div className="verdict verdict-none" data-testid="verdict" data-genuine="unknown">
          <QuestionCircleOutlined className="verdict-icon" />
          <div>{t('provisioning.unit.notChecked')}</div>
        </div>
      )}
      {failure && (
        <div className="stopped" role="alert" data-testid="failure">
          <b>
            {t('provisioning.unit.stopped', { step: t(`provisioning.phases.${failure.step}`, failure.step) })}
          </b>
          <div>{inLanguage(failure, i18n.language)}</div>
        </div>
      )}
      {unit.state === 'succeeded' && <div className="shipped">{t('provisioning.unit.shipped')}</div>}
      <LockNotice unit={unit} />
    </>
  );
}

/** The moving figures: the only part of a card that a progress event changes. */
const FlashProgress = memo(function FlashProgress({
  progress: p,
  state,
}: {
  progress: BoardUnit['progress'];
  state: UnitState;
}) {
  const { t } = useTranslation();
  if (!p || p.bytesTotal === 0) return null;
  const percent = Math.min(100, Math.floor((p.bytesDone / p.bytesTotal) * 100));
  const moving = state === 'running';
  return (
    <div className="flash-progress" data-testid="flash-progress">
      <Progress
        percent={percent}
        // Not 'active': its shimmer is an endless animation on every flashing card, each repeat an
        // event the window's main thread dispatches; the figures beside the bar say it moves.
        status={state === 'failed' || state === 'refused' ? 'exception' : 'normal'}
        size="small"
        styles={{ track: slidingTrack(percent) }}
      />
      <div className="flash-figures">
        <span>
          {t('provisioning.unit.bytes', { done: formatBytes(p.bytesDone), total: formatBytes(p.bytesTotal) })}
        </span>
        {moving && (
          <>
            <span data-testid="flash-speed">
              {t('provisioning.unit.speed', { speed: formatBytes(p.bytesPerSec) })}
            </span>
            <span>
              {p.etaSeconds === null
                ? t('provisioning.unit.etaUnknown')
                : t('provisioning.unit.eta', { eta: formatDuration(p.etaSeconds, t) })}
            </span>
          </>
        )}
        {p.retries > 0 && (
          <span className="retries">{t('provisioning.unit.retries', { count: p.retries })}</span>
        )}
      </div>
    </div>
  );
});

function BoxCode({ unit }: { unit: BoardUnit }) {
  const { t } = useTranslation();
  if (unit.scannedSerial === null) return <Tag>{t('provisioning.unit.boxNotScanned')}</Tag>;
  if (unit.serial !== null && unit.scannedSerial !== unit.serial) {
    return <Tag color="red">{t('provisioning.unit.boxMismatch', { scanned: unit.scannedSerial })}</Tag>;
  }
  return <Tag color="green">{t('provisioning.unit.boxMatched')}</Tag>;
}

/**
 * Equal props but for the unit's flash figures: a progress event (several a second while a unit
 * flashes) gives the unit a new object with a new `progress` and the same everything else, and the
 * parts of the card that do not show the figures need not render again for it.
 */
export function sameBesidesProgress<P extends { unit: BoardUnit }>(a: P, b: P): boolean {
  const keys = Object.keys(a) as (keyof P)[];
  if (keys.length !== Object.keys(b).length) return false;
  if (!keys.every((key) => key === 'unit' || a[key] === b[key])) return false;
  const fields = Object.keys(a.unit) as (keyof BoardUnit)[];
  return (
    fields.length === Object.keys(b.unit).length &&
    fields.every((field) => field === 'progress' || a.unit[field] === b.unit[field])
  );
}

/** Port, state, serial, model and box, the application, the phase strip. */
const UnitHead = memo(function UnitHead({
  unit,
  takenElsewhere,
  demo,
}: {
  unit: BoardUnit;
  takenElsewhere: ReadonlySet<string>;
  demo: boolean;
}) {
  const { t } = useTranslation();
  const mode = unit.mode ?? 'production';
  return (
    <>
      <div className="unit-head">
        <Tooltip
          title={unit.usbLocation ? `${t('provisioning.unit.usb')}: ${unit.usbLocation}` : unit.portPath}
        >
          <span className="unit-port">{unit.label}</span>
        </Tooltip>
        <Tag color={STATE_COLOR[unit.state]} data-testid="unit-state">
          {t(`provisioning.states.${unit.state}`)}
        </Tag>
      </div>
      <div className="unit-serial" data-testid="unit-serial">
        {unit.serial ?? t('provisioning.unit.waitingIdentity')}
      </div>
      <div className="unit-meta">
        {unit.model && <span>{unit.model}</span>}
        {unit.firmwareVersion && (
          <span>
            {t('provisioning.unit.firmware')} {unit.firmwareVersion}
          </span>
        )}
        {mode !== 'production' && (
          <Tag color="#cf1322" className="mode-tag" data-testid="unit-mode">
            {t(`provisioning.modes.${mode}`, mode)}
          </Tag>
        )}
        {unit.serial && <BoxCode unit={unit} />}
        {unit.queue && <Tag color="purple">{t('provisioning.unit.queue')}</Tag>}
      </div>
      {preparing(unit) ? (
        <div className="unit-prepare">
          <ApplicationPicker unit={unit} takenElsewhere={takenElsewhere} />
          {demo && unit.scannedSerial === null && (
            <div className="box-demo" data-testid="box-demo-warning">
              {t('provisioning.unit.boxDemo')}
            </div>
          )}
        </div>
      ) : (
        unit.applicationId && (
          <div className="unit-application">
            {t('provisioning.unit.application', { id: unit.applicationId })}
          </div>
        )
      )}
      <PhaseStrip unit={unit} />
    </>
  );
}, sameBesidesProgress);

/** The verdict, why the unit stopped, and Start / Evidence. */
const UnitFoot = memo(function UnitFoot({
  unit,
  onStart,
  onEvidence,
}: {
  unit: BoardUnit;
  onStart: (unit: BoardUnit) => void;
  onEvidence: (unit: BoardUnit) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Verdict unit={unit} />
      <div className="unit-actions">
        <Button
          type="primary"
          size="small"
          icon={<PlayCircleOutlined />}
          disabled={!startable(unit)}
          onClick={(e) => {
            e.stopPropagation();
            onStart(unit);
          }}
          data-testid="unit-start"
        >
          {t('provisioning.actions.start')}
        </Button>
        <Button
          size="small"
          icon={<FileSearchOutlined />}
          disabled={unit.runId === null}
          onClick={(e) => {
            e.stopPropagation();
            onEvidence(unit);
          }}
          data-testid="unit-evidence"
        >
          {t('provisioning.actions.evidence')}
        </Button>
      </div>
    </>
  );
}, sameBesidesProgress);

interface UnitCardProps {
  readonly unit: BoardUnit;
  /** Applications picked for the other units. */
  readonly takenElsewhere: ReadonlySet<string>;
  readonly demo: boolean;
  readonly selected: boolean;
  // Handlers take the unit (or its port) so the board passes the same function to every card.
  readonly onSelect: (portId: string) => void;
  readonly onStart: (unit: BoardUnit) => void;
  readonly onEvidence: (unit: BoardUnit) => void;
  readonly ref?: Ref<HTMLDivElement>;
}

/**
 * One terminal on the board: port, serial, phase, progress, verdict. Memoised: while 16 units flash,
 * a card renders again only when its own unit (or selection, or the applications picked elsewhere)
 * changed, not on every other unit's progress; and its own progress renders only the bar and the
 * figures (UnitHead and UnitFoot skip it).
 */
export const UnitCard = memo(function UnitCard({
  unit,
  takenElsewhere,
  demo,
  selected,
  onSelect,
  onStart,
  onEvidence,
  ref,
}: UnitCardProps) {
  const bad = unit.verdict !== null && !unit.verdict.genuine;
  const look = inCustody(unit)
    ? 'unit-custody'
    : bad
      ? 'unit-bad'
      : unit.state === 'succeeded'
        ? 'unit-done'
        : unit.state === 'failed' || unit.state === 'refused'
          ? 'unit-failed'
          : '';
  return (
    <div
      ref={ref}
      className={`unit-card ${look}${selected ? ' unit-selected' : ''}`}
      data-testid="unit-card"
      data-port={unit.portId}
      data-serial={unit.serial ?? ''}
      data-state={unit.state}
      data-run={unit.runId ?? ''}
      tabIndex={0}
      onClick={() => onSelect(unit.portId)}
      onFocus={() => onSelect(unit.portId)}
      onKeyDown={(e) => {
        // Enter on a focused card: a fresh unit is provisioned; one that has run shows its evidence
        // (running it again is a deliberate F8 or button press).
        if (e.key !== 'Enter' || e.target !== e.currentTarget) return;
        e.preventDefault();
        if (unit.runId !== null) onEvidence(unit);
        else if (startable(unit)) onStart(unit);
      }}
    >
      <UnitHead unit={unit} takenElsewhere={takenElsewhere} demo={demo} />
      <FlashProgress progress={unit.progress} state={unit.state} />
      <UnitFoot unit={unit} onStart={onStart} onEvidence={onEvidence} />
    </div>
  );
});
