/**
 * The do-nothing baseline, in its own browser context (its own renderer process) in the same run:
 * a page whose only work is a 1 ms tick every 20 ms. None of its tasks needs 50 ms, so every long
 * task it records, and every tick that starts late, is time its main thread spent waiting for a CPU
 * — what the machine's load alone does to a page while the bench runs.
 */
import type { Browser, Page } from 'playwright-core';

declare global {
  interface Window {
    __idle: { longTasks: number[]; lateMs: number[] };
  }
}

function tick(): void {
  window.__idle = { longTasks: [], lateMs: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__idle.longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
  let due = performance.now() + 20;
  setInterval(() => {
    const now = performance.now();
    window.__idle.lateMs.push(Math.max(0, now - due));
    due = now + 20;
    while (performance.now() - now < 1) {
      // a 1 ms task: the page's whole work
    }
  }, 20);
}

export interface IdleFigures {
  readonly longTasks: number[];
  readonly ticks: number;
  readonly lateP99: number;
  readonly lateMax: number;
}

export async function openIdlePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.setContent('<!doctype html><title>idle</title><p>idle baseline</p>');
  await page.evaluate(`globalThis.__name = (f) => f; (${tick.toString()})();`);
  return page;
}

/** Forgets what was recorded so far: the window starts now. */
export async function restartIdle(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.__idle.longTasks.length = 0;
    window.__idle.lateMs.length = 0;
  });
}

export async function idleFigures(page: Page): Promise<IdleFigures> {
  const { longTasks, lateMs } = await page.evaluate(() => window.__idle);
  const late = [...lateMs].sort((a, b) => a - b);
  return {
    longTasks: [...longTasks].sort((a, b) => b - a),
    ticks: late.length,
    lateP99: late[Math.floor(late.length * 0.99)] ?? 0,
    lateMax: late.at(-1) ?? 0,
  };
}
