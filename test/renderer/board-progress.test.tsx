import { act, waitFor } from '@testing-library/react';
import { useEffect } from 'react';
import {
  PROGRESS_INTERVAL_MS,
  useBoard,
  WHOLE_UNITS_PER_UPDATE,
} from '../../renderer/src/workspaces/provisioning/use-board';
import type { BoardUnit, ProgressEvent } from '../../renderer/src/workspaces/provisioning/types';
import { renderWithStation } from './station';

function unitOn(portId: string, label: string): BoardUnit {
  return {
    portId,
    label,
    portPath: `/dev/${portId}`,
    usbLocation: null,
    state: 'running',
    phase: 'flash',
    serial: `SN-${portId}`,
    model: 'P10',
    mode: 'production',
    firmwareVersion: '1.0.0',
    scannedSerial: `SN-${portId}`,
    applicationId: null,
    progress: { bytesDone: 0, bytesTotal: 1000, bytesPerSec: 0, etaSeconds: null, retries: 0 },
    verdict: null,
    failure: null,
    runId: `run-${portId}`,
    queue: false,
    lock: null,
  };
}

function progressOf(portId: string, bytesDone: number): ProgressEvent {
  return {
    portId,
    serial: `SN-${portId}`,
    phase: 'flash',
    state: 'running',
    bytesDone,
    bytesTotal: 1000,
    bytesPerSec: bytesDone * 2,
    etaSeconds: 10,
    retries: 0,
  };
}

/** Every board the hook hands out, in order (each is one render of the board for the screen). */
function BoardProbe({ boards }: { boards: (readonly BoardUnit[])[] }) {
  const board = useBoard();
  useEffect(() => {
    if (board.loaded) boards.push(board.units);
  }, [board.loaded, board.units, boards]);
  return null;
}

const done = (units: readonly BoardUnit[] | undefined, portId: string) =>
  units?.find((u) => u.portId === portId)?.progress?.bytesDone;

async function renderBoard(units = [unitOn('p1', 'P1'), unitOn('p2', 'P2')]) {
  const boards: (readonly BoardUnit[])[] = [];
  const station = await renderWithStation(<BoardProbe boards={boards} />, {
    role: 'warehouse',
    handlers: {
      'devices.board': () => ({
        units,
        demo: true,
        batch: false,
        shift: { since: '2026-11-25T08:00:00+08:00', shipped: 0 },
      }),
    },
  });
  await waitFor(() => expect(boards).toHaveLength(1));
  return { ...station, boards };
}

describe('provisioning board: progress coalesced per interval', () => {
  /** The interval passes: the progress waiting for it is applied (in a transition; act waits for it). */
  const nextInterval = () =>
    act(() => new Promise<void>((resolve) => setTimeout(resolve, PROGRESS_INTERVAL_MS + 20)));

  it('applies an interval of events as one board update with the last values, losing no unit', async () => {
    const { emit, boards } = await renderBoard();
    // Each event in its own task, as they come over the socket.
    for (let bytes = 100; bytes <= 900; bytes += 100)
      act(() => emit('devices.progress', progressOf('p1', bytes)));
    act(() => emit('devices.progress', progressOf('p2', 40)));
    act(() => emit('devices.progress', progressOf('p1', 950)));
    expect(boards).toHaveLength(1);
    await nextInterval();
    expect(boards).toHaveLength(2);
    expect(done(boards[1], 'p1')).toBe(950);
    expect(boards[1]?.find((u) => u.portId === 'p1')?.progress?.bytesPerSec).toBe(1900);
    expect(done(boards[1], 'p2')).toBe(40);
    // Nothing waits any more: a later interval changes nothing.
    await nextInterval();
    expect(boards).toHaveLength(2);
  });

  it('keeps an unchanged unit the same object, so its memoised card does not render again', async () => {
    const { emit, boards } = await renderBoard();
    act(() => emit('devices.progress', progressOf('p1', 300)));
    await nextInterval();
    expect(boards[1]?.find((u) => u.portId === 'p2')).toBe(boards[0]?.find((u) => u.portId === 'p2'));
    expect(boards[1]?.find((u) => u.portId === 'p1')).not.toBe(boards[0]?.find((u) => u.portId === 'p1'));
  });

  it('lets the station’s whole unit win over progress still waiting for the interval', async () => {
    const { emit, boards } = await renderBoard();
    act(() => {
      emit('devices.progress', progressOf('p1', 500));
      emit('devices.changed', {
        unit: { ...unitOn('p1', 'P1'), state: 'failed', progress: progressOf('p1', 600) },
        removed: false,
      });
    });
    await nextInterval();
    const p1 = boards.at(-1)?.find((u) => u.portId === 'p1');
    expect(p1?.state).toBe('failed');
    expect(p1?.progress?.bytesDone).toBe(600);
  });

  it('applies progress without animation frames (a hidden window gets none)', async () => {
    vi.stubGlobal('requestAnimationFrame', () => 0);
    try {
      const { emit, boards } = await renderBoard();
      act(() => {
        emit('devices.progress', progressOf('p1', 200));
        emit('devices.progress', progressOf('p2', 700));
      });
      await nextInterval();
      expect(boards).toHaveLength(2);
      expect(done(boards[1], 'p1')).toBe(200);
      expect(done(boards[1], 'p2')).toBe(700);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('provisioning board: one update rendering at a time', () => {
  it('keeps what comes while an update renders for the next one, after it has committed, and loses nothing', async () => {
    const { emit, boards } = await renderBoard();
    // Both in one task: the second comes while the first update has not rendered yet. Started as
    // a second transition it would make React begin the render under way again with both.
    act(() => {
      emit('devices.changed', { unit: { ...unitOn('p1', 'P1'), state: 'failed' }, removed: false });
      emit('devices.changed', { unit: { ...unitOn('p2', 'P2'), state: 'refused' }, removed: false });
    });
    await waitFor(() => expect(boards.at(-1)?.find((u) => u.portId === 'p2')?.state).toBe('refused'));
    const states = boards.map((b) => b.map((u) => u.state).join(','));
    expect(states).toEqual(['running,running', 'failed,running', 'failed,refused']);
  });

  it('turns a burst of whole units a few per update, each unit’s later progress after its own state', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `p${i}`);
    const idle = (id: string): BoardUnit => ({
      ...unitOn(id, id),
      state: 'idle',
      phase: null,
      progress: null,
      runId: null,
    });
    const { emit, boards } = await renderBoard(ids.map(idle));
    // Start answered: every unit's whole state in one burst, then progress for the last one.
    act(() => {
      for (const id of ids) emit('devices.changed', { unit: unitOn(id, id), removed: false });
      emit('devices.progress', progressOf('p9', 500));
    });
    await waitFor(() => expect(done(boards.at(-1), 'p9')).toBe(500), { timeout: 3000 });
    const running = boards.map((b) => b.filter((u) => u.state === 'running').length);
    expect(running.at(-1)).toBe(ids.length);
    for (const [i, n] of running.entries())
      if (i > 0) expect(n - running[i - 1]!).toBeLessThanOrEqual(WHOLE_UNITS_PER_UPDATE);
    // p9's progress never reached a board before its whole state (its run) did.
    for (const board of boards) {
      const p9 = board.find((u) => u.portId === 'p9')!;
      if (p9.progress?.bytesDone === 500) expect(p9.runId).toBe('run-p9');
    }
  });
});

describe('provisioning board: order', () => {
  it('lists the units by port label, numbers in number order (COM9 before COM10)', async () => {
    const boards: (readonly BoardUnit[])[] = [];
    await renderWithStation(<BoardProbe boards={boards} />, {
      role: 'warehouse',
      handlers: {
        'devices.board': () => ({
          units: [unitOn('a', 'COM10'), unitOn('b', 'COM9'), unitOn('c', 'COM3'), unitOn('d', 'COM11')],
          demo: true,
          batch: false,
          shift: { since: '2026-11-25T08:00:00+08:00', shipped: 0 },
        }),
      },
    });
    await waitFor(() => expect(boards).toHaveLength(1));
    expect(boards[0]?.map((u) => u.label)).toEqual(['COM3', 'COM9', 'COM10', 'COM11']);
  });
});
