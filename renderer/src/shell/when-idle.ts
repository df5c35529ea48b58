import { startTransition, useEffect, useState } from 'react';

/**
 * Runs `work` when the window's main thread is idle (`requestIdleCallback`), and at the latest after
 * `timeoutMs` so that it still runs on a window that is never idle. Where there is no
 * `requestIdleCallback`, a plain timer of `timeoutMs`. Returns a cancel function.
 */
export function whenIdle(work: () => void, timeoutMs: number): () => void {
  if (typeof window.requestIdleCallback === 'function') {
    const handle = window.requestIdleCallback(() => work(), { timeout: timeoutMs });
    return () => window.cancelIdleCallback(handle);
  }
  const timer = setTimeout(work, timeoutMs);
  return () => clearTimeout(timer);
}

/**
 * False until the window's main thread has first been idle (at the latest `timeoutMs`), then true
 * for the component's life; the change is a transition (rendered in slices). For work that can be
 * done ahead of an operator's action — a dialog rendered hidden before it is first opened.
 */
export function useIdle(timeoutMs: number): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    if (idle) return;
    return whenIdle(() => startTransition(() => setIdle(true)), timeoutMs);
  }, [idle, timeoutMs]);
  return idle;
}
