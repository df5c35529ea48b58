import { expect, type Page } from '@playwright/test';
import type { StationProcess } from './station-process';

export const NEW_ADMIN_PASSWORD = 'counter-7-station-2026';
export const NEW_OPERATOR_PASSWORD = 'kyc-desk-7-2026-shenzhen';

/** Every account's first sign-in: the one-time password, then the new one the station insists on. */
export async function signInChangingPassword(
  page: Page,
  username: string,
  oneTime: string,
  newPassword: string,
): Promise<void> {
  // The first page of a station still starting its demo terminals can take long on a loaded machine.
  await expect(page.getByText('登录工作站')).toBeVisible({ timeout: 90_000 });
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(oneTime);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  // The password check (scrypt) can take far longer than 10 s on a loaded machine.
  await expect(page.getByText('首次登录请修改密码')).toBeVisible({ timeout: 90_000 });
  await page.getByLabel('当前密码').fill(oneTime);
  await page.getByLabel('新密码（至少 10 位）').fill(newPassword);
  await page.getByLabel('再次输入新密码').fill(newPassword);
  await page.getByRole('button', { name: '修改密码并继续' }).click();
}

/** First start: open the one-time link, sign in as admin with the printed password, change it. */
export async function signInFirstTime(page: Page, station: StationProcess): Promise<void> {
  await page.goto(station.url);
  await signInChangingPassword(page, 'admin', station.adminPassword, NEW_ADMIN_PASSWORD);
  await expect(page.getByTestId('operator')).toContainText('管理员', { timeout: 90_000 });
}

/** The one-time password the demo station printed for a demo operator at first start. */
function demoPassword(station: StationProcess, username: string): string {
  const match = new RegExp(`^Demo operator ${username} \\(\\w+\\): (\\S+)$`, 'm').exec(station.output());
  if (!match?.[1])
    throw new Error(`No demo password for ${username} in the station output:\n${station.output()}`);
  return match[1];
}

/** Signs the current operator out and a demo operator in, changing their one-time password. */
export async function signInAsDemoOperator(
  page: Page,
  station: StationProcess,
  username: string,
  displayName: string,
): Promise<void> {
  await page.getByRole('button', { name: '退出登录' }).click();
  await signInChangingPassword(page, username, demoPassword(station, username), NEW_OPERATOR_PASSWORD);
  await expect(page.getByTestId('operator')).toContainText(displayName);
}

/** Signs a demo operator in (as signInAsDemoOperator) and opens their review queue. */
export async function signInToReviewQueue(
  page: Page,
  station: StationProcess,
  username: string,
  displayName: string,
): Promise<void> {
  await signInAsDemoOperator(page, station, username, displayName);
  await page.evaluate(() => {
    location.hash = '/review';
  });
  await expect(page.getByTestId('queue-row').first()).toBeVisible();
}

/** At an enrolled station: signs the current operator out and an operator of the hub in. */
export async function signInAtHub(
  page: Page,
  username: string,
  password: string,
  displayName: string,
): Promise<void> {
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByText('登录工作站')).toBeVisible();
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  // The hub's password check (scrypt) and the station's own verifier after it: slow on a loaded machine.
  await expect(page.getByTestId('operator')).toContainText(displayName, { timeout: 60_000 });
}
