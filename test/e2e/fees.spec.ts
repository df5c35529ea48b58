import { test, expect } from '@playwright/test';
import { demoStationPerFile } from './demo-station';
import { startStation, type StationProcess } from './station-process';
import { signInFirstTime } from './sign-in';
import { saveScreenshot } from './screenshot';

const station = demoStationPerFile();

test('the browser-hosted station refuses a browser without the token', async ({ page }) => {
  const response = await page.goto(station.origin + '/');
  expect(response?.status()).toBe(401);
  await expect(page.locator('body')).toContainText('请使用工作站启动时打印的链接打开');
  const wrong = await page.goto(station.origin + '/?token=not-the-token');
  expect(wrong?.status()).toBe(401);
});

test('sign in, quote 100 yuan on a credit card, check schedules and a ledger, switch language', async ({
  page,
}, testInfo) => {
  expect(station.adminPassword).not.toBe('');
  await signInFirstTime(page, station);
  await page.getByRole('menuitem', { name: '费率与限额' }).click();
  await expect(page.getByText('手续费试算')).toBeVisible();

  // The guide's worked example: 100 × 0.6% + 3 = 3.60.
  await page.getByTestId('fee-amount').fill('100.00');
  await page.getByTestId('fee-submit').click();
  await expect(page.getByTestId('quote-fee')).toHaveText('¥ 3.60');
  await expect(page.getByTestId('quote-result')).toContainText('¥ 96.40');
  await expect(page.getByTestId('quote-result')).toContainText('允许交易');
  // The station runs on the suite's demo day, a Wednesday: T+1 is Thursday 10:00.
  await expect(page.getByTestId('quote-result')).toContainText('2026-11-26 10:00');

  // Schedules: the baseline in force and the announced 0.65% credit change pending.
  await expect(page.getByText('生效中')).toBeVisible();
  await expect(page.getByText('待生效')).toBeVisible();
  await expect(page.getByText('0.65%', { exact: false }).first()).toBeVisible();
  await saveScreenshot(page, testInfo, 'fees-zh.png', { fullPage: true });

  // An amount that no longer matches the shown result clears it: no "允许交易" beside "abc".
  await page.getByTestId('fee-amount').fill('abc');
  await expect(page.getByTestId('quote-result')).toHaveCount(0);
  await expect(page.getByText('请输入金额（元），最多两位小数，如 100.00')).toBeVisible();
  await page.getByTestId('fee-submit').click();
  await expect(page.getByTestId('quote-result')).toHaveCount(0);
  // The station's own refusal is worded in the operator's language too.
  await page.getByTestId('fee-amount').fill('0');
  await page.getByTestId('fee-submit').click();
  await expect(page.getByText('金额必须大于 0')).toBeVisible();
  await expect(page.getByTestId('quote-result')).toHaveCount(0);

  // A refused quote names the limit: 60,000 yuan on a credit card is over the 50,000 single limit.
  await page.getByTestId('fee-amount').fill('60000');
  await page.getByTestId('fee-submit').click();
  await expect(page.getByTestId('quote-result')).toContainText('信用卡单笔限额 5 万元');
  // Any other change clears it too, until the next calculation.
  await page.getByText('II 类账户').click();
  await expect(page.getByTestId('quote-result')).toHaveCount(0);

  // Ledger check: two QR payments of 30,000 yuan in one day breach the 50,000 daily QR limit... and the
  // first one already breaches the 5,000 per-transaction limit.
  const csv = [
    'time,merchant,channel,amount',
    '2026-11-20T10:00:00+08:00,M001,credit,100.00',
    '2026-11-20T11:00:00+08:00,M001,qr,6000.00',
  ].join('\n');
  await page
    .getByTestId('ledger-upload')
    .locator('xpath=ancestor::span[1]//input[@type="file"]')
    .setInputFiles({
      name: 'ledger.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
  await expect(page.getByText('扫码单笔限额 5000 元').first()).toBeVisible();
  await saveScreenshot(page, testInfo, 'fees-ledger-zh.png', { fullPage: true });

  // A ledger with unreadable rows: every one listed with its row, in Chinese, and it stays listed.
  const upload = page.getByTestId('ledger-upload').locator('xpath=ancestor::span[1]//input[@type="file"]');
  const badLedger = [
    'time,merchant,channel,amount',
    '2026-11-20T10:00:00+08:00,M001,credit,100.00',
    '2026-11-20T11:00:00+08:00,M001,cash,100.00',
    '2026-11-20 25:00,M002,credit,100.00',
    '2026-11-20T12:00:00+08:00,M003,qr,12.345',
  ].join('\n');
  await upload.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(badLedger) });
  const errors = page.getByTestId('ledger-row-errors');
  await expect(errors).toContainText('有 3 行无法读取，整份流水未做限额检查');
  await expect(errors.getByRole('row', { name: /^3 交易方式（channel）/ })).toContainText(
    '“cash”不是有效的交易方式',
  );
  await expect(errors.getByRole('row', { name: /^4 时间（time）/ })).toContainText('不是有效的时间');
  await expect(errors.getByRole('row', { name: /^5 金额（amount）/ })).toContainText('“12.345”不是有效金额');
  await expect(errors).not.toContainText('ledger row');
  await page.waitForTimeout(4000); // longer than a toast lives: the list is still there
  await expect(errors).toContainText('“cash”不是有效的交易方式');
  await saveScreenshot(page, testInfo, 'fees-ledger-errors-zh.png', { fullPage: true });

  await page.getByTestId('language-switch').click();
  await expect(page.getByText('Fee calculator')).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Fees & limits' })).toBeVisible();
  await expect(errors).toContainText('"cash" is not a channel');
  await saveScreenshot(page, testInfo, 'fees-ledger-errors-en.png', { fullPage: true });

  // A file with no usable header: a lasting message, in the operator's language.
  await upload.setInputFiles({
    name: 'nohead.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('when,who\n1,2\n'),
  });
  await expect(page.getByTestId('ledger-file-error')).toContainText('The header lacks a required column');
  await page.getByTestId('fee-amount').fill('100.00');
  await page.getByTestId('fee-submit').click();
  await expect(page.getByTestId('quote-result')).toContainText('Allowed');
  await saveScreenshot(page, testInfo, 'fees-en.png', { fullPage: true });
});

test.describe('a station whose holiday calendar has run out', () => {
  let late: StationProcess;
  test.beforeAll(async () => {
    late = await startStation({ demoDate: '2027-01-11T10:00:00+08:00' });
  });
  test.afterAll(async () => {
    await late.stop();
  });

  test('still starts, says so on every screen, and refuses a T+1 quote in words', async ({
    page,
  }, testInfo) => {
    expect(late.output()).toContain('Demo review queue left empty');
    await signInFirstTime(page, late);
    await expect(page.getByTestId('calendar-notice')).toContainText(
      '工作日历只覆盖到 2026-12-31，今天已超出',
    );
    await page.getByRole('menuitem', { name: '费率与限额' }).click();
    await page.getByTestId('fee-amount').fill('100.00');
    await page.getByTestId('fee-submit').click();
    await expect(page.getByText('工作日历未覆盖这一天')).toBeVisible();
    await saveScreenshot(page, testInfo, 'fees-calendar-ended-zh.png', { fullPage: true });
  });
});
