import { memo, startTransition, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Empty, Progress, Space, Spin, Tag, type InputRef } from 'antd';
import { PlayCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../shell/station-context';
import { useBatchProgress, type BatchProgress, type BatchStart } from './batch-progress';
import { formatDuration } from './format';
import { EvidenceDrawer, type EvidenceTarget } from './EvidenceDrawer';
import { ManifestImport } from './ManifestImport';
import { RedList, refusedUnits } from './RedList';
import { boxCandidates, ScanBox } from './ScanBox';
import { StartDialog } from './StartDialog';
import { UnitCard, startable } from './UnitCard';
import { isWithSupport } from './custody';
import { useBoard } from './use-board';
import { sameFields, sameItems, useStable } from './use-stable';
import { useFunctionKeys } from './use-function-keys';
import type { BoardUnit } from './types';
import './provisioning.css';

interface BoardCounts {
  readonly units: number;
  readonly running: number;
  readonly done: number;
  readonly refused: number;
  readonly failed: number;
}

function boardCounts(units: readonly BoardUnit[]): BoardCounts {
  const count = (pred: (u: BoardUnit) => boolean) => units.filter(pred).length;
  return {
    units: units.length,
    running: count((u) => u.state === 'running' || u.state === 'paused'),
    done: count((u) => u.state === 'succeeded'),
    refused: count((u) => u.state === 'refused'),
    failed: count((u) => u.state === 'failed'),
  };
}

/** Memoised on its counts: a flashing unit's bar moving does not change them. */
const Summary = memo(function Summary({
  counts,
  batch,
  demo,
  shipped,
  progress,
}: {
  counts: BoardCounts;
  batch: boolean;
  demo: boolean;
  shipped: number;
  progress: BatchProgress | null;
}) {
  const { t } = useTranslation();
  const { refused, failed } = counts;
  return (
    <div className="provisioning-summary" data-testid="board-summary">
      <Tag>{t('provisioning.summary.units', { count: counts.units })}</Tag>
      <Tag color="processing">{t('provisioning.summary.running', { count: counts.running })}</Tag>
      <Tag color="success">{t('provisioning.summary.done', { count: counts.done })}</Tag>
      {refused > 0 && <Tag color="error">{t('provisioning.summary.refused', { count: refused })}</Tag>}
      {failed > 0 && <Tag color="warning">{t('provisioning.summary.failed', { count: failed })}</Tag>}
      <Tag color="green" data-testid="shift-count">
        {t('provisioning.summary.shift', { count: shipped })}
      </Tag>
      {progress && (
        <span className="batch-progress" data-testid="batch-progress">
          <Progress
            percent={Math.round((progress.done / progress.total) * 100)}
            size="small"
            style={{ width: 120, margin: 0 }}
            showInfo={false}
          />
          {t('provisioning.summary.batchProgress', { done: progress.done, total: progress.total })}
          {progress.done < progress.total && (
            <>
              {' · '}
              {progress.etaSeconds === null
                ? t('provisioning.unit.etaUnknown')
                : t('provisioning.summary.timeLeft', { eta: formatDuration(progress.etaSeconds, t) })}
            </>
          )}
        </span>
      )}
      {batch && <Tag color="purple">{t('provisioning.summary.batch')}</Tag>}
      {demo && <Tag color="orange">{t('provisioning.summary.demo')}</Tag>}
      <span className="provisioning-keys">{t('provisioning.actions.shortcuts')}</span>
    </div>
  );
});

/** Start all, the manifest import, Refresh: memoised, so the board's progress does not render them. */
const BoardActions = memo(function BoardActions({
  onStartAll,
  onRefresh,
}: {
  onStartAll: () => void;
  onRefresh: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Space wrap>
      <Button
        type="primary"
        size="large"
        icon={<PlayCircleOutlined />}
        onClick={onStartAll}
        data-testid="start-all"
      >
        {t('provisioning.actions.startAll')}
      </Button>
      <ManifestImport />
      <Button icon={<ReloadOutlined />} onClick={onRefresh}>
        {t('provisioning.actions.refresh')}
      </Button>
    </Space>
  );
});

const NOTHING_TAKEN: ReadonlySet<string> = new Set();

/** The applications picked for the other units, per port: one set per port, kept while the picks stay. */
function usePickedElsewhere(units: readonly BoardUnit[]): ReadonlyMap<string, ReadonlySet<string>> {
  const picks = useStable(
    units.map((u) => `${u.portId}\n${u.applicationId ?? ''}`),
    sameItems,
  );
  return useMemo(() => {
    const pairs = picks.map((line) => line.split('\n') as [string, string]);
    return new Map(
      pairs.map(([port]) => [port, new Set(pairs.flatMap(([p, id]) => (p !== port && id ? [id] : [])))]),
    );
  }, [picks]);
}

/**
 * The warehouse counter: every terminal on the station's ports with its phase, progress and genuine
 * verdict; a box scan finds a unit; one unit or all of them go through provisioning.
 */
export function ProvisioningWorkspace() {
  const { t } = useTranslation();
  const { connected } = useStation();
  const board = useBoard();
  // Returned units under an after-sales case are support's: named apart, never on the board.
  const withSupport = useStable(
    board.units.filter((u) => isWithSupport(u)),
    sameItems,
  );
  const units = useStable(
    board.units.filter((u) => !isWithSupport(u)),
    sameItems,
  );
  const [selected, setSelected] = useState<string | null>(null);
  const [starting, setStarting] = useState<{ unit: BoardUnit | null } | null>(null);
  const [evidence, setEvidence] = useState<EvidenceTarget | null>(null);
  const [batchStart, setBatchStart] = useState<BatchStart | null>(null);
  const progress = useStable(useBatchProgress(units, batchStart), sameFields);
  const counts = useStable(boardCounts(units), sameFields);
  const red = useStable(refusedUnits(units), sameItems);
  const picked = usePickedElsewhere(units);
  const candidates = useStable(boxCandidates(units), sameItems);
  const scanInput = useRef<InputRef>(null);
  // Plain maps kept for the board's life (not refs: the ref callbacks are made while rendering).
  const [cards] = useState(() => new Map<string, HTMLDivElement>());
  // One ref callback per port, kept for the board's life: a new one each render would detach and
  // attach every card's ref, and defeat the card's memo.
  const [cardRefs] = useState(() => new Map<string, (el: HTMLDivElement | null) => void>());
  const cardRef = (portId: string) => {
    let ref = cardRefs.get(portId);
    if (!ref) {
      ref = (el) => {
        if (el) cards.set(portId, el);
        else cards.delete(portId);
      };
      cardRefs.set(portId, ref);
    }
    return ref;
  };

  const selectedUnit = units.find((u) => u.portId === selected) ?? null;
  const dialogOpen = starting !== null || evidence !== null;
  const shownRun =
    evidence && 'runId' in evidence ? units.find((u) => u.runId === evidence.runId) : undefined;
  const evidenceRevision = shownRun ? `${shownRun.state}:${shownRun.phase ?? ''}` : '';

  // A scanned unit is brought into view: on a 16-port hub it may be below the fold.
  useEffect(() => {
    if (selected) cards.get(selected)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [cards, selected]);

  // Opening the dialog or the drawer mounts a whole form: as a transition React renders it in
  // slices, so the key press or click that opened it does not hold the window for the render.
  const openStart = useCallback((unit: BoardUnit | null) => {
    startTransition(() => setStarting({ unit }));
  }, []);
  const startOne = useCallback(
    (unit: BoardUnit | null) => {
      if (unit && startable(unit)) openStart(unit);
    },
    [openStart],
  );
  const openEvidence = useCallback((unit: BoardUnit | null) => {
    const runId = unit?.runId;
    if (runId) startTransition(() => setEvidence({ runId }));
  }, []);
  const startAll = useCallback(() => openStart(null), [openStart]);
  // After the start dialog or the evidence sheet has closed, not while it closes: its focus lock
  // still holds and pulls the focus back, then hands it to whatever opened it (a card's button,
  // where a scanned box's Enter would open the sheet again); measuring the dialog to do so made a
  // 60 ms task of the Start answer (docs/performance.md). In a task of its own: focusing
  // recalculates the styles of a board that has just changed. Not when the operator has opened the
  // other one meanwhile (Esc on the sheet, F9 at once): its focus lock would pull the focus to its ×.
  const focusScan = useCallback(
    () =>
      setTimeout(() => {
        if (!document.activeElement?.closest('[role="dialog"]')) scanInput.current?.focus();
      }),
    [],
  );
  const matched = useCallback((unit: BoardUnit) => {
    setSelected(unit.portId);
    scanInput.current?.focus();
  }, []);
  const showUnit = useCallback(
    (unit: BoardUnit) => {
      setSelected(unit.portId);
      cards.get(unit.portId)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    },
    [cards],
  );

  useFunctionKeys(
    {
      F2: () => scanInput.current?.focus(),
      F8: () => startOne(selectedUnit),
      F9: startAll,
      F4: () => openEvidence(selectedUnit),
    },
    !dialogOpen,
  );

  return (
    <div data-testid="provisioning">
      {!connected && (
        <Alert type="warning" showIcon title={t('provisioning.offline')} style={{ marginBottom: 12 }} />
      )}
      <div className="provisioning-toolbar">
        <ScanBox candidates={candidates} inputRef={scanInput} onMatched={matched} />
        <BoardActions onStartAll={startAll} onRefresh={board.refresh} />
      </div>
      <Summary
        counts={counts}
        batch={board.batch}
        demo={board.demo}
        shipped={board.shipped}
        progress={progress}
      />
      <RedList red={red} onShow={showUnit} />
      {withSupport.length > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('provisioning.withSupport', { count: withSupport.length })}
          description={
            <span className="unit-serial-list">{withSupport.map((u) => u.serial).join('  ')}</span>
          }
          data-testid="with-support"
        />
      )}
      {!board.loaded ? (
        <Spin size="large" style={{ display: 'block', margin: '10vh auto' }} />
      ) : units.length === 0 ? (
        <Empty description={t('provisioning.empty')} style={{ marginTop: '10vh' }} />
      ) : (
        <div className="unit-board" data-testid="unit-board">
          {units.map((unit) => (
            <UnitCard
              key={unit.portId}
              ref={cardRef(unit.portId)}
              unit={unit}
              takenElsewhere={picked.get(unit.portId) ?? NOTHING_TAKEN}
              demo={board.demo}
              selected={unit.portId === selected}
              onSelect={setSelected}
              onStart={startOne}
              onEvidence={openEvidence}
            />
          ))}
        </div>
      )}
      <StartDialog
        open={starting !== null}
        unit={starting?.unit ?? null}
        units={units}
        demo={board.demo}
        onStarted={(batch, before) => {
          if (batch) setBatchStart({ before });
        }}
        onClose={() => setStarting(null)}
        onClosed={focusScan}
      />
      <EvidenceDrawer
        target={evidence}
        revision={evidenceRevision}
        onClose={() => setEvidence(null)}
        onClosed={focusScan}
      />
    </div>
  );
}
