import { test, expect } from '@playwright/test';
import { demoStationPerFile } from './demo-station';
import { NEW_ADMIN_PASSWORD } from './sign-in';
import { saveScreenshot } from './screenshot';

const station = demoStationPerFile();

test('a trivial new password is refused with the reason; the admin manages operators and reads the audit log', async ({
  page,
}, testInfo) => {
  await page.goto(station.url);
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill(station.adminPassword);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByText('首次登录请修改密码')).toBeVisible();
  await page.getByLabel('当前密码').fill(station.adminPassword);
  await page.getByLabel('新密码（至少 10 位）').fill('aaaaaaaaaa');
  await page.getByLabel('再次输入新密码').fill('aaaaaaaaaa');
  await page.getByRole('button', { name: '修改密码并继续' }).click();
  await expect(page.getByText('重复的字符或片段（如 aaaa、abcabc）很容易被猜中')).toBeVisible();
  await saveScreenshot(page, testInfo, 'password-refused-zh.png');
  await page.getByLabel('新密码（至少 10 位）').fill(NEW_ADMIN_PASSWORD);
  await page.getByLabel('再次输入新密码').fill(NEW_ADMIN_PASSWORD);
  await page.getByRole('button', { name: '修改密码并继续' }).click();
  // The password change (scrypt) can take far longer than 10 s on a loaded machine.
  await expect(page.getByTestId('operator')).toContainText('管理员', { timeout: 90_000 });

  await page.getByRole('menuitem', { name: '设置' }).click();
  await page.getByRole('tab', { name: '操作员' }).click();
  await page.getByRole('button', { name: '添加操作员' }).click();
  await page.getByLabel('用户名').fill('li.na');
  await page.getByLabel('姓名').fill('李娜');
  await page.locator('.ant-modal').getByText('仓库').click();
  await page.locator('.ant-select-item-option[title="高级审核员"]').click();
  await page.locator('.ant-modal').getByRole('button', { name: '添加操作员' }).click();
  await expect(page.getByTestId('one-time-password')).toHaveText(/^[A-Za-z0-9]{16}$/);
  await saveScreenshot(page, testInfo, 'operator-added-zh.png');
  await page.getByRole('button', { name: '我已记下' }).click();
  const row = page.getByRole('row', { name: /li\.na/ });
  await expect(row).toContainText('待修改一次性密码');
  await saveScreenshot(page, testInfo, 'operators-zh.png');

  await page.getByRole('tab', { name: '审计日志' }).click();
  await page.getByRole('button', { name: '校验审计日志' }).click();
  await expect(page.getByTestId('audit-verdict')).toContainText('审计日志完好');
  await page.getByLabel('操作员').fill('admin');
  await page.getByRole('button', { name: /查\s*询/ }).click();
  await expect(page.getByRole('cell', { name: 'operator.created' }).first()).toBeVisible();
  await saveScreenshot(page, testInfo, 'audit-zh.png');

  await page.getByRole('tab', { name: '常规' }).click();
  await page.getByText('English').last().click();
  await page.getByRole('tab', { name: 'Operators' }).click();
  await expect(page.getByRole('row', { name: /li\.na/ })).toContainText('Must change one-time password');
  await saveScreenshot(page, testInfo, 'operators-en.png');
  await page.getByRole('tab', { name: 'Audit log' }).click();
  await page.getByRole('button', { name: 'Verify audit log' }).click();
  await expect(page.getByTestId('audit-verdict')).toContainText('The audit log is intact');
  await saveScreenshot(page, testInfo, 'audit-en.png');
});
