import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { TYPING_PAUSE_MS } from '../../renderer/src/shell/use-scan-search';
import { CasesPanel } from '../../renderer/src/workspaces/support/CasesPanel';
import { renderWithStation } from './station';

/**
 * The cases' scan field (shared with the freeze list): typing filters the cases in the chosen scope
 * and opens nothing; Enter searches every case, open and closed, at once.
 */
describe('CasesPanel scan field', () => {
  it('typing filters the open cases; Enter searches all of them', async () => {
    const station = await renderWithStation(<CasesPanel />, {
      role: 'support',
      handlers: { 'support.cases': () => ({ now: '2026-11-25T10:00:00+08:00', items: [] }) },
    });
    const scan = await screen.findByTestId('support-scan');
    await waitFor(() => expect(document.activeElement).toBe(scan));
    const cases = () => station.calls.filter((c) => c.name === 'support.cases').map((c) => c.input);

    fireEvent.change(scan, { target: { value: '138' } });
    await waitFor(() => expect(cases().at(-1)).toEqual({ query: '138', scope: 'open' }));

    fireEvent.change(scan, { target: { value: 'PSM1R0000103' } });
    fireEvent.keyDown(scan, { key: 'Enter', code: 'Enter', keyCode: 13 });
    expect(cases().at(-1)).toEqual({ query: 'PSM1R0000103', scope: 'all' });
    // The filter the last keys scheduled was dropped in favour of the scan's search.
    const after = cases().length;
    await act(() => new Promise((r) => setTimeout(r, TYPING_PAUSE_MS + 100)));
    expect(cases()).toHaveLength(after);
    expect(screen.getByTitle('全部').closest('.ant-segmented-item')!.className).toContain('selected');
  });
});
