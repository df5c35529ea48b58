import { defineConfig } from '@playwright/test';
import { CHROMIUM } from './test/e2e/chromium';

/** End-to-end tests drive the browser-hosted station in Debian's Chromium (no browser download here). */
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  // A decision writes a transaction with its audit record and fsyncs; on a loaded 2-core machine
  // the screen can take longer than Playwright's 5 s default to show it.
  expect: { timeout: 10_000 },
  workers: 1,
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'test-results/playwright.json' }],
  ],
  use: {
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    launchOptions: CHROMIUM,
  },
});
