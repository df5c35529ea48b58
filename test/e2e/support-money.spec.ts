import { test, expect } from '@playwright/test';
import { demoStationPerFile } from './demo-station';
import { signInFirstTime } from './sign-in';
import { saveScreenshot } from './screenshot';

const station = demoStationPerFile();

test('support: switch a merchant to instant settlement, then remind the idle merchants (zh-CN)', async ({
  page,
}, testInfo) => {
  // A first sign-in alone can take a minute on a loaded machine.
  test.setTimeout(240_000);
  await signInFirstTime(page, station);
  await page.getByRole('menuitem', { name: '售后支持' }).click();

  // The merchant who called: the explanation follows the merchant's current settlement mode.
  await page.getByRole('tab', { name: '商户资金问题' }).click();
  await page.getByTestId('money-demo').click();
  await page.locator('.ant-select').filter({ hasText: '全部商户' }).click();
  await page.getByTitle('M-DEMO-01').click();
  const mode = page.getByTestId('settlement-mode');
  await expect(mode).toContainText('默认 T+1（从未切换）');
  await mode.getByTestId('settlement-switch').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('为商户 M-DEMO-01 切换结算方式');
  // No reason, no switch.
  await expect(dialog.getByRole('button', { name: /开通秒到/ })).toBeDisabled();
  await dialog.getByTestId('settlement-reason').fill('商户来电申请开通秒到');
  await dialog.getByRole('button', { name: /开通秒到/ }).click();
  await expect(mode).toContainText('秒到');
  await expect(mode).toContainText('商户来电申请开通秒到');
  await expect(mode.getByTestId('settlement-switch')).toHaveText(/改回\s*T\+1/);
  // Rows after the first transaction now settle instantly.
  await expect(page.getByText('已开通秒到').first()).toBeVisible();
  await saveScreenshot(page, testInfo, 'support-money-instant-zh.png', { fullPage: true });

  // October: M-DEMO-02's unit traded in September and not since.
  await page.getByRole('tab', { name: '闲置机具' }).click();
  await expect(page.getByTestId('idle-month')).toHaveValue('2026-10');
  await page.getByTestId('idle-demo').click();
  const row = page.locator('tr[data-row-key="M-DEMO-02/PSM1R0000102"]');
  await expect(row).toContainText('M-DEMO-02');
  await expect(row).toContainText('商户账单');
  await expect(row).toContainText('未提醒');
  await page.getByTestId('idle-remind').click();
  await page.getByRole('button', { name: /确\s*定/ }).click();
  await expect(page.getByText('已排队 1 条提醒；0 个商户本月已提醒过')).toBeVisible();
  // The station's worker hands it over after commit.
  await expect(row).toContainText('已发送', { timeout: 15_000 });
  // Asking again queues nothing new.
  await page.getByTestId('idle-remind').click();
  await page.getByRole('button', { name: /确\s*定/ }).click();
  await expect(page.getByText('已排队 0 条提醒；1 个商户本月已提醒过')).toBeVisible();
  await expect(page.locator('.ant-popconfirm')).toBeHidden();
  await saveScreenshot(page, testInfo, 'support-idle-reminders-zh.png', { fullPage: true });

  // 25 November: the 15 December rate change can no longer be announced (merchants had to be
  // told by 15 November); the screen says so with the earliest date, and offers no send.
  await page.getByRole('tab', { name: '费率变更通知' }).click();
  const version = page.getByTestId('announce-2026-12-credit-0.65');
  await expect(version.getByTestId('announce-rule')).toContainText('已不能发布：不足 30 天');
  await expect(version.getByTestId('announce-rule')).toContainText('2026-12-26');
  await expect(version.getByTestId('announce-send')).toBeDisabled();
  await saveScreenshot(page, testInfo, 'support-announce-too-late-zh.png', { fullPage: true });

  await page.getByTestId('language-switch').click();
  await expect(version.getByTestId('announce-rule')).toContainText('Too late to announce');
  await saveScreenshot(page, testInfo, 'support-announce-too-late-en.png', { fullPage: true });
  await page.getByRole('tab', { name: 'Idle units' }).click();
  await expect(row).toContainText('Sent');
  await saveScreenshot(page, testInfo, 'support-idle-reminders-en.png', { fullPage: true });
});
