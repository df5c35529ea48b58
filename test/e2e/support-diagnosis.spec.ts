import { test, expect } from '@playwright/test';
import { demoStationPerFile } from './demo-station';
import { signInFirstTime } from './sign-in';
import { saveScreenshot } from './screenshot';

const station = demoStationPerFile();

test('support: diagnose a returned unit on a port — verdict with evidence and its activity chart, zh and en', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  await signInFirstTime(page, station);
  await page.getByRole('menuitem', { name: '售后支持' }).click();
  const scan = page.getByTestId('support-scan');
  await scan.fill('PSM1R0000101');
  await scan.press('Enter');
  await expect(page.getByTestId('support-case-title')).toContainText('检测中');

  // The unit on the counter is the demo's counterfeit, back from a merchant: the last port.
  const panel = page.getByTestId('diagnosis-panel');
  await panel.getByRole('combobox').click();
  const options = page.locator('.ant-select-item-option');
  await expect(options.first()).toBeVisible();
  await options.last().click();
  await panel.getByTestId('diagnosis-run').click();

  const verdict = page.getByTestId('diagnosis-verdict');
  await expect(verdict).toBeVisible({ timeout: 120_000 });
  await expect(verdict).toContainText('发现故障');
  await expect(verdict).toContainText('正品校验');
  await expect(page.getByTestId('diagnosis-activity-chart').locator('rect').first()).toBeVisible();
  await expect(page.getByText(/最长空闲 \d+ 天/).first()).toBeVisible();
  await page.getByTestId('diagnosis-activity-chart').scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'support-diagnosis-zh.png');

  await page.getByRole('button', { name: '关闭' }).click();
  await page.getByTestId('language-switch').click();
  const scanEn = page.getByTestId('support-scan');
  await scanEn.fill('PSM1R0000101');
  await scanEn.press('Enter');
  await expect(page.getByTestId('diagnosis-verdict')).toContainText('Fault found');
  await expect(page.getByText(/Longest idle: \d+ days/).first()).toBeVisible();
  await page.getByTestId('diagnosis-activity-chart').scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'support-diagnosis-en.png');
});
