import { expect, type Page } from '@playwright/test';
import type { StationProcess } from './station-process';
import { signInFirstTime } from './sign-in';

/**
 * The admin's first sign-in, then the station joins the hub through Settings → 同步中心 with a
 * one-time code and is connected. Given `name` (the station's name at the hub), the tab is also seen
 * to say the station is not enrolled before the code and to show that name after.
 */
export async function enrolInSettings(
  page: Page,
  station: StationProcess,
  hubUrl: string,
  code: string,
  name?: string,
): Promise<void> {
  await signInFirstTime(page, station);
  await page.getByRole('menuitem', { name: '设置' }).click();
  await page.getByRole('tab', { name: '同步中心' }).click();
  if (name !== undefined) await expect(page.getByText('本工作站未加入同步中心')).toBeVisible();
  await page.getByLabel('中心地址').fill(hubUrl);
  await page.getByLabel('一次性加入码').fill(code);
  await page.getByRole('button', { name: '加入中心' }).click();
  if (name !== undefined) await expect(page.getByTestId('hub-identity')).toContainText(name);
  await expect(page.getByTestId('sync-status')).toContainText('已连接中心', { timeout: 20_000 });
}

/** A review queue row by its application id. */
export const queueRow = (page: Page, id: string) =>
  page.locator(`[data-testid="queue-row"][aria-label="${id}"]`);
