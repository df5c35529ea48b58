import { _electron as electron, test, expect, type ElectronApplication } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataDirFileKey } from '../../electron/services/vault/data-dir-keys';
import { NEW_ADMIN_PASSWORD } from './sign-in';

/**
 * The desktop shell itself: the window opens, an operator signs in, and a call goes through the
 * preload, main's sender check and the station's utility process and back. It needs the Electron
 * binary, which npm ci does not download (offline machines install without it); where it is
 * missing the test is skipped and says why, on the console and in the report.
 */
const root = join(__dirname, '..', '..');

function electronBinary(): { path: string } | { missing: string } {
  try {
    const path = createRequire(__filename)('electron') as unknown;
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { missing: `the Electron binary is not at ${String(path)}` };
  } catch (error) {
    return {
      missing:
        `the Electron binary is not installed on this machine (${(error as Error).message.split('\n')[0]}); ` +
        'npm ci skips its download — `node node_modules/electron/install.js` fetches it where the network allows',
    };
  }
}

const binary = electronBinary();
const skipped = 'missing' in binary ? `Electron smoke test not run: ${binary.missing}.` : null;
if (skipped) process.stderr.write(`${skipped}\n`);

test.describe('desktop shell (Electron)', () => {
  test.skip(skipped !== null, skipped ?? '');

  let app: ElectronApplication;
  let dataDir: string;
  let output = '';

  test.beforeAll(() => {
    // better-sqlite3 for Electron beside node_modules, as npm start makes it.
    const built = spawnSync(process.execPath, [join(root, 'scripts', 'electron-native.mjs')], {
      encoding: 'utf8',
    });
    if (built.status !== 0) throw new Error(`Could not build better-sqlite3 for Electron:\n${built.stderr}`);
    dataDir = mkdtempSync(join(tmpdir(), 'pos-electron-'));
    // A test machine has no unlocked keyring: give the directory the key file a browser-hosted
    // start would have made, which the desktop app keeps using (the keyring path has unit tests).
    dataDirFileKey(dataDir).loadKey();
  });

  test.afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('opens the window, signs in, and a call goes through IPC and back', async () => {
    app = await electron.launch({
      executablePath: (binary as { path: string }).path,
      args: [root, '--data-dir', dataDir, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      cwd: root,
    });
    app.process().stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const page = await app.firstWindow();
    await expect(page.getByText('登录工作站')).toBeVisible({ timeout: 30_000 });
    await expect.poll(() => /one-time password: (\S+)/.exec(output)?.[1]).toBeTruthy();
    const oneTime = /one-time password: (\S+)/.exec(output)![1]!;

    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill(oneTime);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await expect(page.getByText('首次登录请修改密码')).toBeVisible();
    await page.getByLabel('当前密码').fill(oneTime);
    await page.getByLabel('新密码（至少 10 位）').fill(NEW_ADMIN_PASSWORD);
    await page.getByLabel('再次输入新密码').fill(NEW_ADMIN_PASSWORD);
    await page.getByRole('button', { name: '修改密码并继续' }).click();
    await expect(page.getByTestId('operator')).toContainText('管理员');

    // The preload's bridge, main's relay and the station process, round trip.
    const status = await page.evaluate(() => window.posStation!.invoke('station.status', {}));
    expect(status).toMatchObject({ ok: true, value: { shell: 'electron' } });
    // Names outside the contract never leave the page.
    await expect(page.evaluate(() => window.posStation!.invoke('no.such.call', {}))).rejects.toThrow(
      "Unknown call 'no.such.call'",
    );
  });
});
