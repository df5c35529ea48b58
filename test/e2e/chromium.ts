import type { LaunchOptions } from 'playwright-core';

/**
 * How the suite and the benches start Debian's Chromium: no downloaded browser, and none of the
 * background connections this machine's closed network refuses (each would cost a retry at start).
 */
export const CHROMIUM: LaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
