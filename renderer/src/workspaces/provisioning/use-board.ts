import { useCallback, useEffect, useRef, useState } from 'react';
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

const busy = (u: BoardUnit) => u.state === 'running' || u.state === 'paused' || u.state === 'probing';

function byLabel(a: BoardUnit, b: BoardUnit): number {
  return a.label.localeCompare(b.label, 'en', { numeric: true });
}

/** A progress event moves one unit's bar without refetching the board. */
function withProgress(unit: BoardUnit, event: ProgressEvent): BoardUnit {
  const { portId: _port, serial, phase, state, ...progress } = event;
  return { ...unit, serial: serial ?? unit.serial, phase, state, progress };
}

/**
 * The live board: one fetch, then the station's 'devices.changed' and 'devices.progress' events
 * (at most 4 a second per unit); a poll covers a lost event socket.
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
      .then((board) => {
        setUnits(new Map(board.units.map((u) => [u.portId, u])));
        setFlags({ demo: board.demo, batch: board.batch, shipped: board.shift.shipped, loaded: true });
      })
      .catch(() => {
        // The next poll tries again; the shell's badge already says the station is unreachable.
      })
      .finally(() => {
        fetching.current = false;
      });
  }, [client]);

  useEffect(() => {
    const offChanged = client.on('devices.changed', ({ unit, removed }) => {
      lastEvent.current = Date.now();
      // A unit shipped: the shift's count comes from the station.
      if (unit.state === 'succeeded') refresh();
      setUnits((previous) => {
        const next = new Map(previous);
        if (removed) next.delete(unit.portId);
        else next.set(unit.portId, unit);
        return next;
      });
    });
    const offProgress = client.on('devices.progress', (event) => {
      lastEvent.current = Date.now();
      setUnits((previous) => {
        const unit = previous.get(event.portId);
        if (!unit) return previous;
        return new Map(previous).set(event.portId, withProgress(unit, event));
      });
    });
    return () => {
      offChanged();
      offProgress();
    };
  }, [client, refresh]);

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

  return { units: [...units.values()].sort(byLabel), ...flags, refresh };
}
