import { expect, type Page } from '@playwright/test';
import type { StationProcess } from './station-process';

export const NEW_ADMIN_PASSWORD = 'counter-7-station-2026';

/** First start: open the one-time link, sign in as admin with the printed password, change it. */
export async function signInFirstTime(page: Page, station: StationProcess): Promise<void> {
  await page.goto(station.url);
  await expect(page.getByText('登录工作站')).toBeVisible();
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill(station.adminPassword);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByText('首次登录请修改密码')).toBeVisible();
  await page.getByLabel('当前密码').fill(station.adminPassword);
  await page.getByLabel('新密码（至少 10 位）').fill(NEW_ADMIN_PASSWORD);
  await page.getByLabel('再次输入新密码').fill(NEW_ADMIN_PASSWORD);
  await page.getByRole('button', { name: '修改密码并继续' }).click();
  await expect(page.getByTestId('operator')).toContainText('管理员');
}
