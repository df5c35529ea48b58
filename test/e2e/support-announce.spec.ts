import { test, expect } from '@playwright/test';
import { demoStationPerFile } from './demo-station';
import { signInFirstTime } from './sign-in';
import { saveScreenshot } from './screenshot';

// 12 November: the 15 December rate change is more than 30 days away and may be announced.
const station = demoStationPerFile({ demoDate: '2026-11-12T10:00:00+08:00' });

test('support: announce a rate change to every merchant, delivery per merchant, never twice (zh and en)', async ({
  page,
}, testInfo) => {
  test.setTimeout(200_000);
  await signInFirstTime(page, station);
  await page.getByRole('menuitem', { name: '售后支持' }).click();
  await page.getByRole('tab', { name: '费率变更通知' }).click();

  const version = page.getByTestId('announce-2026-12-credit-0.65');
  await expect(version).toContainText('信用卡：0.6% + 3.00 元 → 0.65% + 3.00 元');
  await expect(version.getByTestId('announce-rule')).toContainText('符合 30 天提前通知规定');
  await expect(version.getByTestId('announce-body')).toHaveText(
    '【POS】费率将于 2026-12-15 起调整（版本 2026-12-credit-0.65），详情见商户 App。',
  );
  const merchants = version.getByTestId('announce-merchants');
  await expect(merchants).toContainText('M-DEMO-01');
  await expect(merchants).toContainText('未通知');

  await version.getByTestId('announce-send').click();
  await page.getByRole('button', { name: /^发\s*送$/ }).click();
  await expect(page.getByText(/^已排队 \d+ 位商户的通知；0 位之前已通知，未重复发送。$/)).toBeVisible();
  // The station's worker hands each notice to the gateway after commit.
  await expect(merchants.getByText('排队发送中')).toHaveCount(0, { timeout: 20_000 });
  await expect(merchants).toContainText('已发送');
  await expect(version.getByTestId('announce-send')).toBeDisabled();
  await expect(version.getByTestId('announce-send')).toContainText('已全部通知');
  await saveScreenshot(page, testInfo, 'support-announce-zh.png', { fullPage: true });

  await page.getByTestId('language-switch').click();
  await expect(version.getByTestId('announce-rule')).toContainText('30-day notice rule met');
  await expect(merchants).toContainText('Sent');
  await saveScreenshot(page, testInfo, 'support-announce-en.png', { fullPage: true });
});
