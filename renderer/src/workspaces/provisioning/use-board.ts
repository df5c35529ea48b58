import { startTransition, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useStation } from '../../shell/station-context';
import type { BoardUnit, ProgressEvent } from './types';

export interface Board {
  readonly units: readonly BoardUnit[];
  readonly demo: boolean;
  readonly batch: boolean;
  /** Units the signed-in operator shipped this shift. */
  readonly shipped: number;
  readonly loaded: boolean;
  readonly refresh: () => void;
}

/** While a unit is busy and no event came for this long, the board asks the station itself. */
const QUIET_MS = 3000;
/** Even when nothing seems to happen, look again this often (a missed removal, a reconnect). */
const IDLE_POLL_MS = 10_000;

/**
 * Progress is applied to the board at most this often. The station reports a unit's progress at
 * most 4 times a second, so no bar moves less often than it is told; with 16 units flashing the
 * board renders 4 times a second instead of once per frame. A timer, not animation frames: a hidden
 * or minimised window gets no frames, and its board must still be current when it is shown again.
 */
export const PROGRESS_INTERVAL_MS = 250;

/**
 * At most this many units' whole states go into one board update. When Start is answered all 16
 * cards turn to running at once, and their one commit (new tags, buttons and bars to style, lay out
 * and paint) was the window's longest task left in the long-task bench (22–26 ms of CPU, over 50 ms
 * of wall time beside the starting flashes); four at a time still took 15–16 ms, stretched past
 * 50 ms in two of six runs. Two at a time, the board has followed within a few frames.
 */
export const WHOLE_UNITS_PER_UPDATE = 2;

const busy = (u: BoardUnit) => u.state === 'running' || u.state === 'paused' || u.state === 'probing';

/** COM3 before COM10. One collator: `localeCompare` with a locale builds one per comparison. */
const LABEL_ORDER = new Intl.Collator('en', { numeric: true });

function byLabel(a: BoardUnit, b: BoardUnit): number {
  return LABEL_ORDER.compare(a.label, b.label);
}

/** A progress event moves one unit's bar without refetching the board. */
function withProgress(unit: BoardUnit, event: ProgressEvent): BoardUnit {
  const { portId: _port, serial, phase, state, ...progress } = event;
  return { ...unit, serial: serial ?? unit.serial, phase, state, progress };
}

/**
 * The fetched board, keeping each unit's earlier object while the station reports it unchanged: a
 * poll (every 10 s, and after every shipped unit) then renders only the cards that changed.
 */
function merged(previous: ReadonlyMap<string, BoardUnit>, fetched: readonly BoardUnit[]) {
  return new Map(
    fetched.map((unit) => {
      const kept = previous.get(unit.portId);
      return [unit.portId, kept && JSON.stringify(kept) === JSON.stringify(unit) ? kept : unit];
    }),
  );
}

/**
 * The live board: one fetch, then the station's 'devices.changed' and 'devices.progress' events
 * (at most 4 a second per unit); a poll covers a lost event socket.
 *
 * Progress is applied every PROGRESS_INTERVAL_MS, not once per event: with 16 units flashing the
 * events come ~64 a second, and a board render for each kept the window's main thread busy for
 * hundreds of milliseconds at a time (docs/performance.md, "Window: long tasks"). Only the latest
 * event per port matters — each carries the unit's whole progress — so an interval's events
 * collapse to one per port, and a unit's unchanged object keeps its card from rendering again.
 * Every board update is a transition (rendered in slices, input first), one at a time, with at most
 * WHOLE_UNITS_PER_UPDATE units' whole states.
 */
export function useBoard(): Board {
  const { client, connected } = useStation();
  const [units, setUnits] = useState<Map<string, BoardUnit>>(new Map());
  const [flags, setFlags] = useState({ demo: false, batch: false, shipped: 0, loaded: false });
  const lastEvent = useRef(0);
  const lastFetch = useRef(0);
  const fetching = useRef(false);

  const refresh = useCallback(() => {
    if (fetching.current) return;
    fetching.current = true;
    lastFetch.current = Date.now();
    void client
      .call('devices.board', {})
      .then((board) =>
        startTransition(() => {
          setUnits((previous) => merged(previous, board.units));
          setFlags({ demo: board.demo, batch: board.batch, shipped: board.shift.shipped, loaded: true });
        }),
      )
      .catch(() => {
        // The next poll tries again; the shell's badge already says the station is unreachable.
      })
      .finally(() => {
        fetching.current = false;
      });
  }, [client]);

  // One board update rendering at a time. Each update is a transition, and a transition started
  // while another is still rendering makes React start that render again from the top with both;
  // on a loaded machine a board render takes longer than the 250 ms between updates, so it was
  // started again and again until React's 5 s limit for a transition ran out and it rendered the
  // whole board in one task (84 ms of CPU in the long-task bench). What comes in while an update
  // renders waits, and goes in the next one as soon as it has committed.
  const [applied, setApplied] = useState(0);
  const rendering = useRef(0);
  const updates = useRef(0);
  const waiting = useRef({
    changed: new Map<string, { unit: BoardUnit; removed: boolean }>(),
    progress: new Map<string, ProgressEvent>(),
  });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const apply = useCallback(() => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    const { changed, progress } = waiting.current;
    if (rendering.current !== 0 || (changed.size === 0 && progress.size === 0)) return;
    const wholeUnits = [...changed.entries()].slice(0, WHOLE_UNITS_PER_UPDATE);
    for (const [portId] of wholeUnits) changed.delete(portId);
    // A unit's progress never goes in before its whole state that came first: it waits with it.
    const events = [...progress.values()].filter((event) => !changed.has(event.portId));
    for (const event of events) progress.delete(event.portId);
    const update = (rendering.current = ++updates.current);
    // A transition: React renders it in slices of a few milliseconds and yields between them, so
    // a board render never holds the window's main thread (and input goes first).
    startTransition(() => {
      setUnits((previous) => {
        const next = new Map(previous);
        for (const [portId, { unit, removed }] of wholeUnits) {
          if (removed) next.delete(portId);
          else next.set(portId, unit);
        }
        // Progress that came after a unit's whole state goes on top of it.
        for (const event of events) {
          const unit = next.get(event.portId);
          if (unit) next.set(event.portId, withProgress(unit, event));
        }
        return next;
      });
      setApplied(update);
    });
  }, []);

  // The update has committed (or changed nothing): what waited goes now.
  useEffect(() => {
    if (applied !== rendering.current) return;
    rendering.current = 0;
    apply();
  }, [applied, apply]);

  useEffect(() => {
    const { changed, progress } = waiting.current;
    const offChanged = client.on('devices.changed', ({ unit, removed }) => {
      lastEvent.current = Date.now();
      // The station's whole unit is newer than any progress still waiting for the interval.
      progress.delete(unit.portId);
      changed.set(unit.portId, { unit, removed });
      // A unit shipped: the shift's count comes from the station.
      if (unit.state === 'succeeded') refresh();
      apply();
    });
    const offProgress = client.on('devices.progress', (event) => {
      lastEvent.current = Date.now();
      progress.set(event.portId, event);
      if (timer.current === null) timer.current = setTimeout(apply, PROGRESS_INTERVAL_MS);
    });
    return () => {
      offChanged();
      offProgress();
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = null;
      changed.clear();
      progress.clear();
    };
  }, [client, refresh, apply]);

  // A reconnect may have missed events: start from the station's view again.
  useEffect(() => {
    if (connected) refresh();
  }, [connected, refresh]);

  const unitsRef = useRef(units);
  useEffect(() => {
    unitsRef.current = units;
  });
  useEffect(() => {
    const timer = setInterval(() => {
      const now = Date.now();
      const anyBusy = [...unitsRef.current.values()].some(busy);
      const quiet = now - Math.max(lastEvent.current, lastFetch.current) > QUIET_MS;
      if ((anyBusy && quiet) || now - lastFetch.current > IDLE_POLL_MS) refresh();
    }, 1000);
    return () => clearInterval(timer);
  }, [refresh]);

  const sorted = useMemo(() => [...units.values()].sort(byLabel), [units]);
  return { units: sorted, ...flags, refresh };
}
