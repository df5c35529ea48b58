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
