import { test, expect } from '@playwright/test';
import { createManufacturerCa } from '../../native/attestation';
import { demoStationPerFile } from './demo-station';
import { NEW_OPERATOR_PASSWORD, signInChangingPassword, signInFirstTime } from './sign-in';
import { saveScreenshot } from './screenshot';

const station = demoStationPerFile();

test('a terminal maker is trusted only when a second administrator approves it', async ({
  page,
}, testInfo) => {
  // Valid on the demo station's day (its clock runs from DEMO_DATE), not only today.
  const acme = await createManufacturerCa({
    organisation: 'Acme Terminals',
    notBefore: new Date('2026-01-01'),
  });
  await signInFirstTime(page, station);
  await page.getByRole('menuitem', { name: '设置' }).click();

  // The second administrator the approval needs.
  await page.getByRole('tab', { name: '操作员' }).click();
  await page.getByRole('button', { name: '添加操作员' }).click();
  await page.getByLabel('用户名').fill('zhou.admin');
  await page.getByLabel('姓名').fill('周管理');
  await page.locator('.ant-modal').getByText('仓库').click();
  await page.locator('.ant-select-item-option[title="管理员"]').click();
  await page.locator('.ant-modal').getByRole('button', { name: '添加操作员' }).click();
  const oneTime = (await page.getByTestId('one-time-password').textContent()) ?? '';
  await page.getByRole('button', { name: '我已记下' }).click();

  await page.getByRole('tab', { name: '终端厂商' }).click();
  await page.getByRole('button', { name: '新增厂商' }).click();
  const dialog = page.locator('.ant-modal');
  await dialog.getByLabel('厂商名称').fill('安科终端');
  await dialog.getByLabel('可生产的型号').fill('AC-1');
  await dialog.getByLabel('可生产的型号').press('Enter');
  await dialog.getByLabel('厂商根证书（PEM）').fill('not a certificate');
  await dialog.getByRole('button', { name: '新增厂商' }).click();
  await expect(page.getByText('无法读取根证书：请提供一份 PEM 格式的证书')).toBeVisible();
  await dialog.getByLabel('厂商根证书（PEM）').fill(acme.root.cert.toString('pem'));
  await dialog.getByRole('button', { name: '新增厂商' }).click();
  const row = page.getByRole('row', { name: /安科终端/ });
  await expect(row).toContainText('待批准');
  await expect(row.getByRole('button', { name: /批\s*准/ })).toBeDisabled();
  await saveScreenshot(page, testInfo, 'maker-proposed-zh.png');

  await page.getByRole('button', { name: '退出登录' }).click();
  await signInChangingPassword(page, 'zhou.admin', oneTime, NEW_OPERATOR_PASSWORD);
  await page.getByRole('menuitem', { name: '设置' }).click();
  await page.getByRole('tab', { name: '终端厂商' }).click();
  await page
    .getByRole('row', { name: /安科终端/ })
    .getByRole('button', { name: /批\s*准/ })
    .click();
  await page
    .locator('.ant-popconfirm')
    .getByRole('button', { name: /批\s*准/ })
    .click();
  await expect(page.getByRole('row', { name: /安科终端/ })).toContainText('已信任');
  await expect(page.getByRole('row', { name: /安科终端/ })).toContainText('zhou.admin');
  await saveScreenshot(page, testInfo, 'maker-trusted-zh.png');
});
