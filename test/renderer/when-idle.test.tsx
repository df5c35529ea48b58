import { whenIdle } from '../../renderer/src/shell/when-idle';

describe('whenIdle', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('waits for an idle moment, at the latest the timeout, where the window can say when it is idle', () => {
    const requested: { callback: () => void; timeout?: number }[] = [];
    vi.stubGlobal('requestIdleCallback', (callback: () => void, options?: { timeout?: number }) => {
      requested.push({ callback, timeout: options?.timeout });
      return requested.length;
    });
    const work = vi.fn();
    whenIdle(work, 500);
    expect(requested.map((r) => r.timeout)).toEqual([500]);
    expect(work).not.toHaveBeenCalled();
    requested[0]!.callback();
    expect(work).toHaveBeenCalledOnce();
  });

  it('cancelled, never runs', () => {
    const cancelled: number[] = [];
    vi.stubGlobal('requestIdleCallback', () => 7);
    vi.stubGlobal('cancelIdleCallback', (handle: number) => cancelled.push(handle));
    whenIdle(() => undefined, 500)();
    expect(cancelled).toEqual([7]);
  });

  it('runs after the timeout where the window cannot say when it is idle, unless cancelled', () => {
    vi.useFakeTimers();
    vi.stubGlobal('requestIdleCallback', undefined);
    const work = vi.fn();
    const cancelledWork = vi.fn();
    whenIdle(work, 500);
    whenIdle(cancelledWork, 500)();
    vi.advanceTimersByTime(499);
    expect(work).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(work).toHaveBeenCalledOnce();
    expect(cancelledWork).not.toHaveBeenCalled();
  });
});
