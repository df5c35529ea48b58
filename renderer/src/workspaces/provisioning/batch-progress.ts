import { useState } from 'react';
import type { BoardUnit } from './types';

export interface BatchProgress {
  readonly total: number;
  readonly done: number;
  /** The longest time left of the units still running (they run side by side); null = unknown. */
  readonly etaSeconds: number | null;
}

/** A batch as "Start all" began it: the runs already on the board then are not part of it. */
export interface BatchStart {
  readonly before: ReadonlySet<string>;
}

const FINAL = new Set<BoardUnit['state']>(['succeeded', 'failed', 'refused']);

/**
 * The batch since "Start all" was pressed: every run started from then on (units that join later
 * included, and units that moved to another port), how many ended, and the time left.
 */
export function useBatchProgress(
  units: readonly BoardUnit[],
  start: BatchStart | null,
): BatchProgress | null {
  const [batch, setBatch] = useState<{ start: BatchStart | null; runs: ReadonlySet<string> }>({
    start,
    runs: new Set(),
  });
  // Derived state, adjusted while rendering (React's pattern for it): a new batch starts empty, and
  // every run that was not on the board before it joins.
  const runs = batch.start === start ? batch.runs : new Set<string>();
  const fresh =
    start === null
      ? []
      : units.flatMap((u) =>
          u.runId !== null && !start.before.has(u.runId) && !runs.has(u.runId) ? [u.runId] : [],
        );
  if (batch.start !== start || fresh.length > 0) setBatch({ start, runs: new Set([...runs, ...fresh]) });
  const all = new Set([...runs, ...fresh]);
  if (start === null || all.size === 0) return null;
  const running = units.filter((u) => u.runId !== null && all.has(u.runId) && !FINAL.has(u.state));
  const etas = running.map((u) => u.progress?.etaSeconds ?? null);
  return {
    total: all.size,
    done: all.size - running.length,
    etaSeconds: etas.length === 0 ? 0 : etas.some((e) => e === null) ? null : Math.max(...(etas as number[])),
  };
}
