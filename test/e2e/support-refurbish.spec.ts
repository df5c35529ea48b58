import { test, expect } from '@playwright/test';
import { demoStationPerFile } from './demo-station';
import { signInFirstTime } from './sign-in';
import { saveScreenshot } from './screenshot';

const station = demoStationPerFile();

test('support: a returned demo unit refurbished back to stock from the case drawer, with its evidence sheet', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  await signInFirstTime(page, station);
  await page.getByRole('menuitem', { name: '售后支持' }).click();

  // The serial of the unit on the first port, as the diagnosis panel of any case lists it.
  const scan = page.getByTestId('support-scan');
  await scan.fill('PSM1R0000101');
  await scan.press('Enter');
  await page.getByTestId('diagnosis-panel').getByRole('combobox').click();
  const first = page.locator('.ant-select-item-option').first();
  await expect(first).toBeVisible({ timeout: 60_000 });
  const serial = ((await first.textContent()) ?? '').split('·')[1]!.trim();
  expect(serial).not.toBe('');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: '关闭' }).click();

  // Intake, diagnosis, the merchant's decision: refurbish.
  await page.getByTestId('support-intake').click();
  await page.getByTestId('intake-serial').fill(serial);
  const intake = page.getByRole('dialog');
  await intake.getByText('商户退机', { exact: true }).click();
  await intake.getByRole('button', { name: /^登\s*记$/ }).click();
  const title = page.getByTestId('support-case-title');
  await expect(title).toContainText(serial);
  await page.getByRole('button', { name: '转到「检测中」' }).click();
  await page.getByRole('button', { name: '转到「待商户确认」' }).click();
  await page.getByTestId('support-cause').click();
  await page.getByTitle('未发现故障').click();
  await page.getByTestId('support-decision').click();
  await page.getByTitle('翻新回库').click();
  await page.getByRole('button', { name: '确认处理' }).click();
  await expect(title).toContainText('翻新中');
  // No plain move to stock: only the refurbish puts it there.
  await expect(page.getByRole('button', { name: '转到「已回库」' })).toHaveCount(0);

  const panel = page.getByTestId('refurbish-panel');
  await expect(panel).toContainText(serial);
  await panel.getByTestId('refurbish-run').click();
  const result = page.getByTestId('refurbish-result');
  await expect(result).toBeVisible({ timeout: 180_000 });
  await expect(result).toContainText('翻新完成，终端已回库');
  await expect(title).toContainText('已回库');
  await result.scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'support-refurbish-zh.png');

  // The same card in English. The header's switch lies under the drawer's mask, so the click is
  // dispatched to it; the result on screen is the same run's.
  await page.getByTestId('language-switch').dispatchEvent('click');
  await expect(result).toContainText('Refurbished: the unit is back in stock');
  await expect(title).toContainText('Back to stock');
  await saveScreenshot(page, testInfo, 'support-refurbish-en.png');
  await page.getByTestId('language-switch').dispatchEvent('click');
  await expect(result).toContainText('翻新完成，终端已回库');

  await result.getByTestId('refurbish-evidence').click();
  const steps = page.getByTestId('evidence-step');
  await expect(steps.filter({ hasText: '恢复出厂设置' })).toBeVisible();
  await expect(steps.filter({ hasText: '回库' }).last()).toBeVisible();
  await saveScreenshot(page, testInfo, 'support-refurbish-evidence-zh.png');
});
