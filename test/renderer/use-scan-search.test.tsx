import { act, fireEvent, render, screen } from '@testing-library/react';
import { Input } from 'antd';
import { TYPING_PAUSE_MS, useScanSearch, type ScanSearchRun } from '../../renderer/src/shell/use-scan-search';

/**
 * The support desk's scan field (the cases and the freeze list share it): a scanner's fast keys
 * ending with Enter search once, at once, asking for the single hit to be opened; typing by hand
 * filters when it pauses; an older search's answer is known to be stale.
 */
type Searched = { query: string } & ScanSearchRun;

function ScanField({ searched }: { searched: Searched[] }) {
  const { inputRef, query, change, enter } = useScanSearch((q, run) => searched.push({ query: q, ...run }));
  return (
    <Input
      ref={inputRef}
      value={query}
      onChange={(e) => change(e.target.value)}
      onPressEnter={enter}
      data-testid="scan"
    />
  );
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const field = () => screen.getByTestId('scan') as HTMLInputElement;
/** A scanner's keys: each character a moment after the last, far inside the typing pause. */
function scanKeys(text: string) {
  for (let i = 1; i <= text.length; i++) {
    fireEvent.change(field(), { target: { value: text.slice(0, i) } });
    act(() => vi.advanceTimersByTime(20));
  }
}

describe('useScanSearch', () => {
  it('a scan ending with Enter searches once, at once, for the whole serial, and selects it for the next scan', () => {
    const searched: Searched[] = [];
    render(<ScanField searched={searched} />);
    scanKeys('PSM1R0000201');
    fireEvent.keyDown(field(), { key: 'Enter', code: 'Enter', keyCode: 13 });
    expect(searched.map((s) => [s.query, s.entered])).toEqual([['PSM1R0000201', true]]);
    // The filter the keys scheduled was dropped: nothing else searches after the pause.
    act(() => vi.advanceTimersByTime(TYPING_PAUSE_MS * 2));
    expect(searched).toHaveLength(1);
    expect([field().selectionStart, field().selectionEnd]).toEqual([0, 'PSM1R0000201'.length]);
  });

  it('typing by hand filters once the typing pauses, without asking to open anything', () => {
    const searched: Searched[] = [];
    render(<ScanField searched={searched} />);
    fireEvent.change(field(), { target: { value: 'PSM1' } });
    act(() => vi.advanceTimersByTime(TYPING_PAUSE_MS - 1));
    expect(searched).toEqual([]);
    act(() => vi.advanceTimersByTime(1));
    expect(searched.map((s) => [s.query, s.entered])).toEqual([['PSM1', false]]);
  });

  it('only the latest search counts: a filter still answering is stale once Enter searched again', () => {
    const searched: Searched[] = [];
    render(<ScanField searched={searched} />);
    fireEvent.change(field(), { target: { value: 'PSM' } });
    act(() => vi.advanceTimersByTime(TYPING_PAUSE_MS));
    const [filter] = searched;
    expect(filter!.isLatest()).toBe(true);
    fireEvent.keyDown(field(), { key: 'Enter', code: 'Enter', keyCode: 13 });
    expect(filter!.isLatest()).toBe(false);
    expect(searched[1]!.isLatest()).toBe(true);
  });
});
