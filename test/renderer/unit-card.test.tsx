import { within } from '@testing-library/react';
import { sameBesidesProgress } from '../../renderer/src/workspaces/provisioning/UnitCard';
import { boardUnit, LOCK } from './board-units';
import { showUnitCard, startButton } from './show-unit-card';

describe('UnitCard', () => {
  it('offers Start on an identified idle unit', async () => {
    const card = await showUnitCard(boardUnit());
    expect(within(card).getByText('待开始')).toBeTruthy();
    expect(startButton(card).disabled).toBe(false);
  });

  it('shows why a shipped unit is locked, in Chinese, and offers no Start', async () => {
    const card = await showUnitCard(boardUnit({ lock: LOCK.shipped }));
    const lock = within(card).getByTestId('unit-lock');
    expect(lock.textContent).toContain('不能开始');
    expect(lock.textContent).toContain(LOCK.shipped.zh);
    expect(card.textContent).not.toContain('shipped');
    expect(startButton(card).disabled).toBe(true);
  });

  it('shows why a quarantined unit was refused, in Chinese, and offers no Start', async () => {
    const card = await showUnitCard(
      boardUnit({
        state: 'refused',
        phase: 'genuine',
        runId: 'run-17',
        verdict: {
          genuine: false,
          code: 'registry_clone',
          zh: '同一设备密钥出现在两台终端上：疑似克隆机',
          en: 'The same device key is on two terminals: a suspected clone',
        },
        lock: LOCK.quarantined,
      }),
    );
    expect(within(card).getByText('不是可发货的正品')).toBeTruthy();
    expect(within(card).getByText('同一设备密钥出现在两台终端上：疑似克隆机')).toBeTruthy();
    // What to do with it stays on the card: the quarantine instruction, not only the verdict.
    const lock = within(card).getByTestId('unit-lock');
    expect(lock.textContent).toContain(LOCK.quarantined.zh);
    // Below the red verdict, the card's full width: inside its row it was squeezed beside the
    // reason and ran past the card's edge (seen on the English board).
    expect(within(card).getByTestId('verdict').contains(lock)).toBe(false);
    expect(card.textContent).not.toMatch(/clone|quarantine/i);
    expect(startButton(card).disabled).toBe(true);
  });

  it('shows the same lock in English on the English screen', async () => {
    const card = await showUnitCard(boardUnit({ lock: LOCK.shipped }), 'en');
    expect(within(card).getByTestId('unit-lock').textContent).toContain(LOCK.shipped.en);
    expect(card.textContent).not.toContain(LOCK.shipped.zh);
    expect(startButton(card).disabled).toBe(true);
  });

  it('shows a running unit’s flash progress: percent, bytes, speed and time left, and no Start', async () => {
    const card = await showUnitCard(
      boardUnit({
        state: 'running',
        phase: 'flash',
        runId: 'run-18',
        progress: {
          bytesDone: 786_432,
          bytesTotal: 2_097_152,
          bytesPerSec: 65_536,
          etaSeconds: 20,
          retries: 1,
        },
      }),
    );
    expect(within(card).getByText('进行中')).toBeTruthy();
    const progress = within(card).getByTestId('flash-progress');
    expect(within(progress).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('37');
    expect(progress.textContent).toContain('768.0 KiB / 2.00 MiB');
    expect(progress.textContent).toContain('64.0 KiB/s');
    expect(progress.textContent).toContain('剩余 20 秒');
    expect(progress.textContent).toContain('重试 1 次');
    expect(within(card).getByRole('listitem', { current: 'step' }).textContent).toBe('烧录');
    expect(startButton(card).disabled).toBe(true);
  });

  it('moves the flash bar in steps by sliding its full-width track, never by its width, with no shimmer', async () => {
    const card = await showUnitCard(
      boardUnit({
        state: 'running',
        phase: 'flash',
        runId: 'run-18',
        progress: {
          bytesDone: 786_432,
          bytesTotal: 2_097_152,
          bytesPerSec: 65_536,
          etaSeconds: 20,
          retries: 0,
        },
      }),
    );
    // A width change lays the card out again; a transform does not. No transition and no endless
    // shimmer: each would be style work and events on the window's main thread, 16 cards at a time.
    const track = card.querySelector<HTMLElement>('.ant-progress-track')!;
    expect(track.style.width).toBe('100%');
    expect(track.style.transform).toBe('translateX(-63%)');
    expect(track.style.transition).toBe('none');
    expect(card.querySelector('.ant-progress-status-active')).toBeNull();
  });
});

describe('UnitCard parts that skip a progress event', () => {
  const noop = () => undefined;
  const unit = boardUnit({ state: 'running', phase: 'flash' });
  const moved = {
    ...unit,
    progress: { bytesDone: 10, bytesTotal: 100, bytesPerSec: 5, etaSeconds: 18, retries: 0 },
  };

  it('take the unit as unchanged when only its flash figures moved', () => {
    expect(sameBesidesProgress({ unit, onStart: noop }, { unit: moved, onStart: noop })).toBe(true);
  });

  it('render again when anything else about the unit, or another prop, changed', () => {
    expect(sameBesidesProgress({ unit }, { unit: { ...moved, state: 'failed' } })).toBe(false);
    expect(sameBesidesProgress({ unit }, { unit: { ...unit, phase: 'bind' } })).toBe(false);
    expect(sameBesidesProgress({ unit, onStart: noop }, { unit, onStart: () => undefined })).toBe(false);
  });
});
