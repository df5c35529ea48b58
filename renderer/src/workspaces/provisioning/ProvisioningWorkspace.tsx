import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Empty, Progress, Space, Spin, Tag, type InputRef } from 'antd';
import { PlayCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../shell/station-context';
import { useBatchProgress, type BatchProgress, type BatchStart } from './batch-progress';
import { formatDuration } from './format';
import { EvidenceDrawer, type EvidenceTarget } from './EvidenceDrawer';
import { ManifestImport } from './ManifestImport';
import { RedList } from './RedList';
import { ScanBox } from './ScanBox';
import { StartDialog } from './StartDialog';
import { UnitCard, startable } from './UnitCard';
import { useBoard } from './use-board';
import { useFunctionKeys } from './use-function-keys';
import type { BoardUnit } from './types';
import './provisioning.css';

function Summary({
  units,
  batch,
  demo,
  shipped,
  progress,
}: {
  units: readonly BoardUnit[];
  batch: boolean;
  demo: boolean;
  shipped: number;
  progress: BatchProgress | null;
}) {
  const { t } = useTranslation();
  const count = (pred: (u: BoardUnit) => boolean) => units.filter(pred).length;
  const refused = count((u) => u.state === 'refused');
  const failed = count((u) => u.state === 'failed');
  return (
    <div className="provisioning-summary" data-testid="board-summary">
      <Tag>{t('provisioning.summary.units', { count: units.length })}</Tag>
      <Tag color="processing">
        {t('provisioning.summary.running', {
          count: count((u) => u.state === 'running' || u.state === 'paused'),
        })}
      </Tag>
      <Tag color="success">
        {t('provisioning.summary.done', { count: count((u) => u.state === 'succeeded') })}
      </Tag>
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
}

/**
 * The warehouse counter: every terminal on the station's ports with its phase, progress and genuine
 * verdict; a box scan finds a unit; one unit or all of them go through provisioning.
 */
export function ProvisioningWorkspace() {
  const { t } = useTranslation();
  const { connected } = useStation();
  const board = useBoard();
  const [selected, setSelected] = useState<string | null>(null);
  const [starting, setStarting] = useState<{ unit: BoardUnit | null } | null>(null);
  const [evidence, setEvidence] = useState<EvidenceTarget | null>(null);
  const [batchStart, setBatchStart] = useState<BatchStart | null>(null);
  const progress = useBatchProgress(board.units, batchStart);
  const picked = (except: string) =>
    new Set(board.units.flatMap((u) => (u.portId !== except && u.applicationId ? [u.applicationId] : [])));
  const scanInput = useRef<InputRef>(null);
  const cards = useRef(new Map<string, HTMLDivElement>());

  const selectedUnit = board.units.find((u) => u.portId === selected) ?? null;
  const dialogOpen = starting !== null || evidence !== null;
  const shownRun =
    evidence && 'runId' in evidence ? board.units.find((u) => u.runId === evidence.runId) : undefined;
  const evidenceRevision = shownRun ? `${shownRun.state}:${shownRun.phase ?? ''}` : '';

  // A scanned unit is brought into view: on a 16-port hub it may be below the fold.
  useEffect(() => {
    if (selected) cards.current.get(selected)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [selected]);

  const startOne = (unit: BoardUnit | null) => {
    if (unit && startable(unit)) setStarting({ unit });
  };
  const openEvidence = (unit: BoardUnit | null) => {
    if (unit?.runId) setEvidence({ runId: unit.runId });
  };

  useFunctionKeys(
    {
      F2: () => scanInput.current?.focus(),
      F8: () => startOne(selectedUnit),
      F9: () => setStarting({ unit: null }),
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
        <ScanBox
          units={board.units}
          inputRef={scanInput}
          onMatched={(unit) => {
            setSelected(unit.portId);
            scanInput.current?.focus();
          }}
        />
        <Space wrap>
          <Button
            type="primary"
            size="large"
            icon={<PlayCircleOutlined />}
            onClick={() => setStarting({ unit: null })}
            data-testid="start-all"
          >
            {t('provisioning.actions.startAll')}
          </Button>
          <ManifestImport />
          <Button icon={<ReloadOutlined />} onClick={board.refresh}>
            {t('provisioning.actions.refresh')}
          </Button>
        </Space>
      </div>
      <Summary
        units={board.units}
        batch={board.batch}
        demo={board.demo}
        shipped={board.shipped}
        progress={progress}
      />
      <RedList
        units={board.units}
        onShow={(unit) => {
          setSelected(unit.portId);
          cards.current.get(unit.portId)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
        }}
      />
      {!board.loaded ? (
        <Spin size="large" style={{ display: 'block', margin: '10vh auto' }} />
      ) : board.units.length === 0 ? (
        <Empty description={t('provisioning.empty')} style={{ marginTop: '10vh' }} />
      ) : (
        <div className="unit-board" data-testid="unit-board">
          {board.units.map((unit) => (
            <UnitCard
              key={unit.portId}
              ref={(el) => {
                if (el) cards.current.set(unit.portId, el);
                else cards.current.delete(unit.portId);
              }}
              unit={unit}
              takenElsewhere={picked(unit.portId)}
              demo={board.demo}
              selected={unit.portId === selected}
              onSelect={() => setSelected(unit.portId)}
              onStart={() => startOne(unit)}
              onEvidence={() => openEvidence(unit)}
            />
          ))}
        </div>
      )}
      <StartDialog
        open={starting !== null}
        unit={starting?.unit ?? null}
        units={board.units}
        demo={board.demo}
        onStarted={(batch, before) => {
          if (batch) setBatchStart({ before });
        }}
        onClose={() => {
          setStarting(null);
          scanInput.current?.focus();
        }}
      />
      <EvidenceDrawer
        target={evidence}
        revision={evidenceRevision}
        onClose={() => {
          setEvidence(null);
          scanInput.current?.focus();
        }}
      />
    </div>
  );
}
