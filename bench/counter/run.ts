/**
 * The counter as a whole, driven like an operator: a browser-hosted demo station with 16 simulated
 * genuine units (plus the demo's test unit and counterfeit) whose HELLO settles on 921,600 baud, a
 * 4 MiB signed image, and Playwright at the board — scan each box, pick each unit's application,
 * Start all (Enter), wait until every unit has shipped or stopped. Prints units per hour and where
 * the minutes went. Needs the built station (`npx electron-vite build`) and /usr/bin/chromium.
 *
 *   npx tsx bench/counter/run.ts [--units 16] [--size-mib 4] [--baud 921600]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM } from '../../test/e2e/chromium';
import { buildImage } from '../../native/firmware/build-image';
import { syntheticPayload } from '../../native/firmware/synthetic-payload';
import { prepareFleet } from '../../native/simulator/fleet';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const UNITS = arg('units', 16);
const SIZE = Math.round(arg('size-mib', 4) * 1024 * 1024);
const BAUD = arg('baud', 921600);
const ROOT = join(__dirname, '..', '..');
const NEW_PASSWORD = 'counter-bench-2026-shenzhen';

/** A copy of the shipped resources whose demo signer is ours, with one 4 MiB image for the demo model. */
function benchResources(dir: string): string {
  const resources = join(dir, 'resources');
  cpSync(join(ROOT, 'resources'), resources, { recursive: true, dereference: true });
  const firmware = join(resources, 'firmware');
  for (const f of readdirSync(firmware)) if (f.endsWith('.img')) rmSync(join(firmware, f));
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(
    join(firmware, 'keys', 'demo-signer.pub.pem'),
    publicKey.export({ type: 'spki', format: 'pem' }),
  );
  const image = buildImage(
    {
      payload: syntheticPayload({ size: SIZE, kind: 'typical', seed: 7 }),
      version: '1.1.0',
      securityCounter: 2,
      model: 'PS-M1',
    },
    privateKey,
  );
  writeFileSync(join(firmware, 'bench-PS-M1-1.1.0.img'), image);
  return resources;
}

/** The demo start's fleets, made beforehand with 16 genuine units (the demo start reuses a saved set). */
async function benchFleets(dataDir: string): Promise<void> {
  const dir = join(dataDir, 'demo');
  mkdirSync(dir, { recursive: true });
  const fleets = {
    genuine: await prepareFleet({ dir, count: UNITS, model: 'PS-M1' }),
    testUnit: await prepareFleet({ dir, count: 1, model: 'PS-M1', mode: 'test_unit' }),
    counterfeit: await prepareFleet({ dir: join(dir, 'counterfeit'), count: 1, model: 'PS-M1' }),
  };
  writeFileSync(join(dir, 'fleets.json'), JSON.stringify(fleets, null, 2));
}

async function startStation(dataDir: string, resources: string) {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(ROOT, 'out', 'main', 'cli.js'),
      'serve',
      '--demo',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--link-baud',
      String(BAUD),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, POS_STATION_RESOURCES: resources } },
  );
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  for (const deadline = Date.now() + 120_000; !/Open: (\S+)/.test(output);) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`station did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: /Open: (\S+)/.exec(output)![1]!,
    password: /admin[^\n]*?:\s*(\S+)\s*$/m.exec(output)?.[1] ?? '',
    stop: () => new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill('SIGTERM'))),
  };
}

async function signIn(page: Page, url: string, password: string) {
  await page.goto(url);
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByLabel('当前密码').fill(password);
  await page.getByLabel('新密码（至少 10 位）').fill(NEW_PASSWORD);
  await page.getByLabel('再次输入新密码').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: '修改密码并继续' }).click();
  await page.getByRole('menuitem', { name: '设备生产' }).click();
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'pos-counter-bench-'));
  const dataDir = join(dir, 'data');
  const resources = benchResources(dir);
  await benchFleets(dataDir);
  const t0 = performance.now();
  const station = await startStation(dataDir, resources);
  const browser = await chromium.launch(CHROMIUM);
  const marks: [string, number][] = [];
  const mark = (what: string) => marks.push([what, performance.now()]);
  try {
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    await signIn(page, station.url, station.password);
    const cards = page.getByTestId('unit-card');
    const total = UNITS + 2;
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="unit-card"][data-state="idle"]').length >= n,
      total,
      { timeout: 180_000 },
    );
    mark('station up, every unit identified');

    // The operator's part: one box scan and one application per genuine unit.
    const serials = await cards.evaluateAll((els) =>
      els.map((el) => ({ serial: el.getAttribute('data-serial') ?? '', text: el.textContent ?? '' })),
    );
    const toShip = serials.filter((s) => !s.text.includes('测试机'));
    const scan = page.getByTestId('scan-input');
    for (const { serial } of toShip) {
      await scan.fill(serial);
      await scan.press('Enter');
      await page.locator(`[data-serial="${serial}"]`).getByText('盒码已核对').waitFor();
    }
    mark('boxes scanned');
    let n = 0;
    for (const { serial } of toShip) {
      const card = page.locator(`[data-serial="${serial}"]`);
      await card.getByTestId('application-picker').click();
      const id = `DEMO-${String(++n).padStart(4, '0')}`;
      await page.keyboard.type(id);
      await page.keyboard.press('Enter');
      await card.getByTestId('application-picker').getByText(id).waitFor();
    }
    mark('applications picked');
    await page.keyboard.press('F9');
    await page.getByTestId('start-ok').waitFor();
    await page.keyboard.press('Enter');
    mark('batch started');
    await page.waitForFunction(
      (n) =>
        document.querySelectorAll(
          '[data-testid="unit-card"][data-state="succeeded"], [data-testid="unit-card"][data-state="refused"], [data-testid="unit-card"][data-state="failed"]',
        ).length >= n,
      total,
      { timeout: 60 * 60_000, polling: 1000 },
    );
    mark('every unit shipped or stopped');
    const shipped = await page.locator('[data-testid="unit-card"][data-state="succeeded"]').count();

    const start = marks[0]![1];
    const end = marks[marks.length - 1]![1];
    console.log(
      `counter bench: ${UNITS} genuine units (+ test unit + counterfeit), ${SIZE / 1048576} MiB image, HELLO at ${BAUD} baud`,
    );
    console.log(
      `station start and identification: ${seconds(marks[0]![1] - t0)} (not counted: once a shift)`,
    );
    let previous = start;
    for (const [what, at] of marks.slice(1)) {
      console.log(`  ${what.padEnd(32)} ${seconds(at - previous)}`);
      previous = at;
    }
    const hours = (end - start) / 3_600_000;
    console.log(
      `shipped ${shipped} in ${seconds(end - start)}: ${Math.round(shipped / hours)} units per hour per operator`,
    );
  } finally {
    await browser.close();
    await station.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
