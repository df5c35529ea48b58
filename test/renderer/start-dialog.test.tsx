import { useRef, useState } from 'react';
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { z } from 'zod';
import { focusStartUnlessInField, StartDialog } from '../../renderer/src/workspaces/provisioning/StartDialog';
import type { firmwareImageSchema } from '../../electron/contract/devices';
import type { BoardUnit } from '../../renderer/src/workspaces/provisioning/types';
import { boardUnit, LOCK } from './board-units';
import { renderWithStation } from './station';

const image: z.input<typeof firmwareImageSchema> = {
  id: 'px7-2.5.0',
  file: 'px7-2.5.0.img',
  model: 'PX7',
  version: '2.5.0',
  securityCounter: 7,
  payloadSize: 2_097_152,
  blockSize: 4096,
  imageSha256: 'a'.repeat(64),
  signerKeyId: 'vendor-2026',
  signer: 'PX Vendor Release 2026',
  valid: true,
  problem: null,
};

/** A production board: each unit stands for one line of the batch's count. */
const board: readonly BoardUnit[] = [
  // Boxes scanned: these start now, one with its application and one shipped as stock.
  boardUnit({
    portId: 'p1',
    label: 'COM3',
    serial: 'PX7-001',
    scannedSerial: 'PX7-001',
    applicationId: 'APP-9',
  }),
  boardUnit({ portId: 'p2', label: 'COM4', serial: 'PX7-002', scannedSerial: 'PX7-002' }),
  // A run that failed may be started again.
  boardUnit({
    portId: 'p3',
    label: 'COM5',
    serial: 'PX7-003',
    scannedSerial: 'PX7-003',
    state: 'failed',
    runId: 'r3',
  }),
  // Waiting for its box scan.
  boardUnit({ portId: 'p4', label: 'COM6', serial: 'PX7-004', scannedSerial: null }),
  // Locked by the station: shipped, quarantined.
  boardUnit({ portId: 'p5', label: 'COM7', serial: 'PX7-005', lock: LOCK.shipped }),
  boardUnit({
    portId: 'p6',
    label: 'COM8',
    serial: 'PX7-006',
    state: 'refused',
    runId: 'r6',
    lock: LOCK.quarantined,
  }),
  // Busy, done and not yet identified: none of them is part of the batch.
  boardUnit({
    portId: 'p7',
    label: 'COM9',
    serial: 'PX7-007',
    state: 'running',
    phase: 'flash',
    runId: 'r7',
  }),
  boardUnit({ portId: 'p8', label: 'COM10', serial: 'PX7-008', state: 'succeeded', runId: 'r8' }),
  boardUnit({
    portId: 'p9',
    label: 'COM11',
    serial: null,
    model: null,
    state: 'probing',
    scannedSerial: null,
  }),
];

async function openBatch(
  demo = false,
  onStarted = vi.fn(),
  onClose = vi.fn(),
  provision: () => unknown = () => ({ started: ['p1', 'p2', 'p3'], batch: true }),
) {
  const station = await renderWithStation(
    <StartDialog
      unit={null}
      open
      units={board}
      demo={demo}
      onStarted={onStarted}
      onClose={onClose}
      onClosed={() => undefined}
    />,
    {
      role: 'warehouse',
      handlers: {
        'devices.firmwareImages': () => ({ images: [image] }),
        'devices.provision': provision,
      },
    },
  );
  return { station, onStarted, onClose };
}

describe('StartDialog (Start all)', () => {
  it('counts what will and will not start, as the station decides it', async () => {
    await openBatch();
    const counts = await screen.findByTestId('batch-counts');
    const lines = [...counts.querySelectorAll('li')].map((li) => li.textContent);
    expect(lines).toEqual([
      '现在开始 3 台',
      '1 台还没扫盒码：扫码后自动加入本批',
      '2 台没选申请：作为库存机出库，不绑定',
      '2 台已发货、已绑定或已隔离：不会开始',
      '1 台正在生产',
    ]);
  });

  it('in demo mode counts the unit without a box scan among those that start, and says so', async () => {
    await openBatch(true);
    const counts = await screen.findByTestId('batch-counts');
    const lines = [...counts.querySelectorAll('li')].map((li) => li.textContent);
    expect(lines).toEqual([
      '现在开始 4 台',
      '演示模式：1 台没扫盒码也会开始（正式生产必须先扫盒码）',
      '3 台没选申请：作为库存机出库，不绑定',
      '2 台已发货、已绑定或已隔离：不会开始',
      '1 台正在生产',
    ]);
  });

  it('puts the focus on Start, so Enter starts the batch', async () => {
    const user = userEvent.setup({ delay: null });
    const { station, onStarted, onClose } = await openBatch();
    const start = await screen.findByRole('button', { name: /^开\s?始$/ });
    await waitFor(() => expect(document.activeElement).toBe(start));
    await user.keyboard('{Enter}');
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(station.calls.filter((c) => c.name === 'devices.provision')).toEqual([
      {
        name: 'devices.provision',
        input: expect.objectContaining({ questionnaireAnswered: false, accountClass: 'I', queue: false }),
      },
    ]);
    // A batch names no port: the station starts every ready unit.
    expect(station.calls.find((c) => c.name === 'devices.provision')?.input).not.toHaveProperty('portId');
    expect(onStarted).toHaveBeenCalledWith(true, new Set(['r3', 'r6', 'r7', 'r8']));
  });

  it('starts once: Start pressed again while the station answers sends nothing more', async () => {
    const user = userEvent.setup({ delay: null });
    let answer: (value: unknown) => void = () => undefined;
    const { station, onClose } = await openBatch(
      false,
      vi.fn(),
      vi.fn(),
      () => new Promise((r) => (answer = r)),
    );
    const start = await screen.findByRole('button', { name: /^开\s?始$/ });
    // Twice in one tick, before the first has rendered, then again once Start shows it is busy.
    act(() => {
      start.click();
      start.click();
    });
    await waitFor(() => expect(start.getAttribute('aria-busy')).toBe('true'));
    await user.click(start);
    await user.keyboard('{Enter}');
    answer({ started: ['p1'], batch: true });
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(station.calls.filter((c) => c.name === 'devices.provision')).toHaveLength(1);
  });
});

describe('StartDialog, once it has opened', () => {
  const startButton = () => screen.findByRole('button', { name: /^开\s?始$/ });

  it('leaves the focus in a field the operator went to while it was opening (the firmware list)', async () => {
    await openBatch();
    const firmware = screen.getByRole('combobox');
    firmware.focus();
    focusStartUnlessInField(document);
    expect(document.activeElement).toBe(firmware);
  });

  it('puts the focus on Start when it is anywhere else (the close button, the page)', async () => {
    await openBatch();
    const start = await startButton();
    screen.getByRole('button', { name: /close|关闭/i }).focus();
    focusStartUnlessInField(document);
    expect(document.activeElement).toBe(start);
    (document.activeElement as HTMLElement).blur();
    focusStartUnlessInField(document);
    expect(document.activeElement).toBe(start);
  });
});

/** The board's part: a button that opens the batch dialog, the scan field the focus goes back to. */
function BatchHost() {
  const [open, setOpen] = useState(false);
  const scan = useRef<HTMLInputElement>(null);
  return (
    <>
      <button onClick={() => setOpen(true)}>open-batch</button>
      <input aria-label="card picker" />
      <input aria-label="scan" ref={scan} />
      <StartDialog
        unit={null}
        open={open}
        units={board}
        demo={false}
        onStarted={() => undefined}
        onClose={() => setOpen(false)}
        onClosed={() => scan.current?.focus()}
      />
    </>
  );
}

describe('StartDialog, rendered ahead and kept', () => {
  afterEach(() => {
    cleanup(); // unmounted while the idle stand-ins are still there
    vi.unstubAllGlobals();
  });

  async function renderHost() {
    const idle: (() => void)[] = [];
    vi.stubGlobal('requestIdleCallback', (callback: () => void) => idle.push(callback));
    vi.stubGlobal('cancelIdleCallback', () => undefined);
    await renderWithStation(<BatchHost />, {
      role: 'warehouse',
      handlers: { 'devices.firmwareImages': () => ({ images: [image] }) },
    });
    return idle;
  }

  it('is rendered hidden once the window is idle, before anyone opens it, and not before', async () => {
    const idle = await renderHost();
    expect(document.querySelector('[data-testid="batch-counts"]')).toBeNull();
    act(() => idle.splice(0).forEach((run) => run()));
    await waitFor(() => expect(document.querySelector('[data-testid="batch-counts"]')).not.toBeNull());
    // Rendered, but nobody sees it or reaches it.
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.queryByRole('button', { name: /^开\s?始$/ })).toBeNull();
  });

  it('opens rendered ahead with the focus on Start, taken from a field outside it (a card’s picker)', async () => {
    const user = userEvent.setup({ delay: null });
    const idle = await renderHost();
    act(() => idle.splice(0).forEach((run) => run()));
    await waitFor(() => expect(document.querySelector('[data-testid="batch-counts"]')).not.toBeNull());
    screen.getByRole('textbox', { name: 'card picker' }).focus();
    await user.click(screen.getByRole('button', { name: 'open-batch' }));
    const start = await screen.findByRole('button', { name: /^开\s?始$/ });
    await waitFor(() => expect(document.activeElement).toBe(start));
  });

  it('gives the focus to the board once it has closed, not while its focus lock still holds', async () => {
    const user = userEvent.setup({ delay: null });
    await renderHost();
    await user.click(screen.getByRole('button', { name: 'open-batch' }));
    await waitFor(() => expect(document.activeElement?.closest('[role="dialog"]')).not.toBeNull());
    await user.click(screen.getByRole('button', { name: /^取\s?消$/ }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    // Focused while it was closing, the scan field lost the focus to the button that opened it.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'scan' })));
  });

  it('kept after closing, opens again from the form’s initial values', { timeout: 60_000 }, async () => {
    const user = userEvent.setup({ delay: null });
    await renderHost();
    await user.click(screen.getByRole('button', { name: 'open-batch' }));
    const answered = await screen.findByRole<HTMLInputElement>('radio', { name: '商户已填写问卷' });
    await user.click(answered);
    await waitFor(() => expect(answered.checked).toBe(true));
    await user.click(screen.getByRole('button', { name: /^取\s?消$/ }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    // Kept: the closed dialog's form is still in the page, hidden.
    expect(document.querySelector('[data-testid="batch-counts"]')).not.toBeNull();
    await user.click(screen.getByRole('button', { name: 'open-batch' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeNull());
    expect(screen.getByRole<HTMLInputElement>('radio', { name: '商户已填写问卷' }).checked).toBe(false);
    expect(screen.getByRole<HTMLInputElement>('radio', { name: /跳过问卷/ }).checked).toBe(true);
  });
});
