import { test, expect, type Page } from '@playwright/test';
import { demoStationPerFile } from './demo-station';
import { NEW_OPERATOR_PASSWORD, signInAsDemoOperator, signInFirstTime } from './sign-in';
import { saveScreenshot } from './screenshot';

/**
 * Each role lands on its own workspace after signing in, and each operator comes back to the one
 * they were last in — on one shared counter PC, one browser page, operators taking turns.
 */

const station = demoStationPerFile();
let page: Page;

// Five sign-ins, each hashing a password: minutes, not seconds, on a loaded 2-core machine.
test.describe.configure({ mode: 'serial', timeout: 180_000 });

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
});

test.afterAll(async () => {
  await page.close();
});

const workspaceTitle = () => page.locator('.app-header h4');
const selectedMenu = () => page.locator('.ant-menu-item-selected');

async function landsOn(title: string): Promise<void> {
  await expect(workspaceTitle()).toHaveText(title);
  await expect(selectedMenu()).toHaveText(title);
}

test('each role lands on its own workspace', async () => {
  await signInFirstTime(page, station);
  await landsOn('设置');
  for (const [username, displayName, home] of [
    ['warehouse1', '陈仓管', '设备生产'],
    ['reviewer1', '李审核', '进件审核'],
    ['support1', '刘售后', '售后支持'],
  ] as const) {
    await signInAsDemoOperator(page, station, username, displayName);
    await landsOn(home);
  }
});

test('the last workspace is remembered per operator, not per PC', async () => {
  const testInfo = test.info();
  // 刘售后 (still signed in) moves to the fee calculator, then 陈仓管 takes the counter.
  await page.getByRole('menuitem', { name: '费率与限额' }).click();
  await landsOn('费率与限额');
  await signIn('warehouse1');
  await landsOn('设备生产');
  await saveScreenshot(page, testInfo, 'shell-landing-warehouse-zh.png');
  await signIn('support1');
  await landsOn('费率与限额');

  await page.getByTestId('language-switch').click();
  await signIn('reviewer1', 'Sign out');
  await expect(workspaceTitle()).toHaveText('Review');
  await expect(page.getByTestId('queue-row').first()).toBeVisible();
  await saveScreenshot(page, testInfo, 'shell-landing-reviewer-en.png');
});

/** A second sign-in: the password each demo operator chose at their first. */
async function signIn(username: string, signOut: string = '退出登录'): Promise<void> {
  await page.getByRole('button', { name: signOut }).click();
  await page.locator('input[autocomplete="username"]').fill(username);
  await page.locator('input[autocomplete="current-password"]').fill(NEW_OPERATOR_PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('operator')).toBeVisible();
}
