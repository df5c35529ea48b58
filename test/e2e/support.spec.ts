import { test, expect } from '@playwright/test';
import { demoStationPerFile } from './demo-station';
import { signInFirstTime } from './sign-in';
import { saveScreenshot } from './screenshot';

const station = demoStationPerFile();

test('support: scan a returned unit, decide the repair fee, explain a merchant’s money, in zh-CN and en', async ({
  page,
}, testInfo) => {
  await signInFirstTime(page, station);
  await page.getByRole('menuitem', { name: '售后支持' }).click();

  // The demo's returned units are waiting; the scan field has the focus.
  const scan = page.getByTestId('support-scan');
  await expect(scan).toBeFocused();
  await expect(page.getByText('PSM1R0000101')).toBeVisible();
  await expect(page.getByText('139****1111')).toBeVisible();

  // A scanner types the serial and Enter: the one case opens.
  await scan.fill('PSM1R0000103');
  await scan.press('Enter');
  const title = page.getByTestId('support-case-title');
  await expect(title).toContainText('待商户确认');

  // Water damage is the merchant's doing: repaired for the repair fee, never replaced free.
  await page.getByTestId('support-cause').click();
  await page.getByTitle('人为损坏').click();
  await page.getByTestId('support-decision').click();
  await page.getByTitle('维修', { exact: true }).click();
  await page.getByRole('button', { name: '确认处理' }).click();
  await expect(title).toContainText('维修中');
  await expect(page.getByTestId('support-charge')).toContainText('100.00');
  await expect(page.getByTestId('support-charge')).toContainText('人为损坏维修费');
  // A plain move may not skip a step: only the way back to the merchant is offered.
  await expect(page.getByRole('button', { name: '转到「已寄回商户」' })).toBeVisible();
  await saveScreenshot(page, testInfo, 'support-case-zh.png');
  await page.getByRole('button', { name: '关闭' }).click();

  // The merchant who called: money not arrived, a fee that looks wrong.
  await page.getByRole('tab', { name: '商户资金问题' }).click();
  await page.getByTestId('money-demo').click();
  const summary = page.getByTestId('money-merchant').first();
  await expect(summary).toContainText('M-DEMO-01');
  await expect(page.getByText('二类账户').first()).toBeVisible();
  await expect(page.getByText('风险问卷').first()).toBeVisible();
  await expect(page.getByText('法定节假日').first()).toBeVisible();
  await expect(page.getByText('调休上班').first()).toBeVisible();
  await expect(page.getByText('多收 0.05 元').first()).toBeVisible();
  await saveScreenshot(page, testInfo, 'support-money-zh.png', { fullPage: true });

  await page.getByTestId('language-switch').click();
  await expect(page.getByRole('tab', { name: "Merchants' money questions" })).toBeVisible();
  await expect(page.getByText('class-II account').first()).toBeVisible();
  await saveScreenshot(page, testInfo, 'support-money-en.png', { fullPage: true });

  await page.getByRole('tab', { name: 'After-sales cases' }).click();
  const scanEn = page.getByTestId('support-scan');
  await scanEn.fill('PSM1R0000103');
  await scanEn.press('Enter');
  await expect(page.getByTestId('support-case-title')).toContainText('Repairing');
  await expect(page.getByTestId('support-charge')).toContainText('Repair fee for user damage');
  await saveScreenshot(page, testInfo, 'support-case-en.png');
});
