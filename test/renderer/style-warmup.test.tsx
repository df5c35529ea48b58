import { act, screen } from '@testing-library/react';
import { StyleWarmup } from '../../renderer/src/shell/StyleWarmup';
import { renderWithStation } from './station';

/** The CSS Ant Design has written into the document so far. */
const writtenCss = () => [...document.querySelectorAll('style')].map((s) => s.textContent ?? '').join('\n');

/** The parts of the counter that appear only on an operator's action (the first toast, start dialog, evidence drawer, bars). */
const LATE_PARTS = [
  '.ant-message-notice',
  '.ant-modal',
  '.ant-drawer',
  '.ant-select',
  '.ant-radio',
  '.ant-checkbox',
  '.ant-progress',
];

describe('StyleWarmup', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('writes the styles of the dialogs, drawers and bars while the window is idle, one part at a time', async () => {
    const idle: (() => void)[] = [];
    vi.stubGlobal('requestIdleCallback', (callback: () => void) => idle.push(callback));
    vi.stubGlobal('cancelIdleCallback', () => undefined);
    await renderWithStation(<StyleWarmup />);
    // Nothing before the window is idle: the first paint is not held up for it.
    for (const part of LATE_PARTS) expect(writtenCss()).not.toContain(part);

    let moments = 0;
    while (idle.length > 0) {
      // One idle moment asks for at most the next one: the parts come one by one.
      expect(idle).toHaveLength(1);
      await act(async () => idle.shift()!());
      moments += 1;
    }
    expect(moments).toBeGreaterThanOrEqual(LATE_PARTS.length);
    for (const part of LATE_PARTS) expect(writtenCss()).toContain(part);
    // Nothing anyone sees or reaches with the keyboard.
    const warmup = screen.getByTestId('style-warmup');
    expect(warmup.hidden).toBe(true);
    expect(warmup.getAttribute('aria-hidden')).toBe('true');
    expect(screen.queryAllByRole('textbox')).toEqual([]);
    expect(screen.queryAllByRole('combobox')).toEqual([]);
  });
});
