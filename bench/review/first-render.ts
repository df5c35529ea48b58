/**
 * The browser-hosted station's first render with a 100,000-application store:
 * `npx electron-vite build && npx tsx bench/review/first-render.ts` (prints figures; not a timed test).
 * Seeds the store as bench/review/run.ts does, starts the built station on it, signs in in
 * Chromium and times a cold load of the Review workspace until the first queue row is on screen.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM } from '../../test/e2e/chromium';
import { formatDay, shanghaiDayOf } from '../../electron/services/calendar/shanghai-time';
import { generateBundle } from '../../electron/services/kyc/bundle/generator/generate-bundle';
import { readBundle } from '../../electron/services/kyc/bundle/reader';
import type { Application } from '../../electron/contract/domain/kyc/application';
import { createKycContext } from '../../electron/services/kyc/store/context';
import { createKycSecrets } from '../../electron/services/kyc/store/secrets';
import { dataDirFileKey } from '../../electron/services/vault/data-dir-keys';
import { openDatabase } from '../../electron/store/database';
import { databaseFile } from '../../electron/services/station/data-dir';
import { seedApplications } from './seed-store';

const APPS = Number(process.env.KYC_BENCH_APPS ?? 100_000);
const RUNS = 5;
const PASSWORD = 'bench-station-password-1';

async function seed(dataDir: string): Promise<void> {
  const nowMs = Date.now();
  const db = openDatabase({ file: databaseFile(dataDir) });
  const ctx = createKycContext({
    db,
    dataDir,
    clock: { now: () => nowMs },
    secrets: createKycSecrets(dataDirFileKey(dataDir)),
  });
  const templateDir = join(dataDir, 'templates');
  generateBundle({ count: 50, outDir: templateDir, seed: 3, reviewDate: formatDay(shanghaiDayOf(nowMs)) });
  const templates: Application[] = [];
  for await (const result of readBundle(templateDir)) if (result.ok) templates.push(result.application);
  seedApplications(ctx, APPS, nowMs, templates);
  db.close();
}

function startStation(dataDir: string): Promise<{ url: string; password: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [join(__dirname, '..', '..', 'out', 'main', 'cli.js'), 'serve', '--port', '0', '--data-dir', dataDir],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`station exited (${code}): ${output}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /Open: (\S+)/.exec(output)?.[1];
      const password = /now\): (\S+)/.exec(output)?.[1];
      if (url && password) resolve({ url, password, stop: () => child.kill('SIGTERM') });
    });
  });
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'first-render-'));
  const seedStarted = performance.now();
  await seed(dataDir);
  console.log(`seeded ${APPS} applications in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
  const station = await startStation(dataDir);
  const browser = await chromium.launch(CHROMIUM);
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(station.url);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill(station.password);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByLabel('当前密码').fill(station.password);
    await page.getByLabel('新密码（至少 10 位）').fill(PASSWORD);
    await page.getByLabel('再次输入新密码').fill(PASSWORD);
    await page.getByRole('button', { name: '修改密码并继续' }).click();
    await page.getByTestId('operator').waitFor();
    const origin = new URL(station.url).origin;
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      await page.goto('about:blank');
      const started = performance.now();
      await page.goto(`${origin}/#/review`);
      await page.locator('text=/^B\\d{7}$/').first().waitFor({ timeout: 30_000 });
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.log(
      `first render of the Review queue with ${APPS} applications (load ${loadavg()[0]!.toFixed(1)}): ` +
        `median ${times[Math.floor(RUNS / 2)]!.toFixed(0)} ms, min ${times[0]!.toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms (target < 2000 ms)`,
    );
  } finally {
    await browser.close();
    station.stop();
  }
}

void main();
