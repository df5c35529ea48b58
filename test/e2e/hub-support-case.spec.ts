import { test, expect, type Browser, type Page } from '@playwright/test';
import { enrol } from '../../electron/services/sync/identity';
import { createHubClient } from '../../electron/services/sync/hub-client';
import { startStation, type StationProcess } from './station-process';
import { startHub, type HubProcess } from './hub-process';
import { enrolInSettings } from './enrol-in-settings';
import { saveScreenshot } from './screenshot';

/**
 * An embedded hub, a browser-hosted demo station enrolled through Settings, and a second station
 * (a bare hub client here) that has taken in the demo's returned unit first: the case page at the
 * first station says the unit has an open case at the other station and lists it, and its intake
 * is refused at once naming that station (docs/sync.md §10.7).
 */
let hub: HubProcess;
let station: StationProcess;
let page: Page;
const SERIAL = 'PSM1R0000103';

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  test.setTimeout(300_000);
  hub = await startHub({
    stations: ['柜台一', '三号柜台'],
    operators: [{ username: 'zhou', name: '周售后', role: 'support', password: 'zhou-long-pass-9' }],
    leaseSeconds: 60,
  });
  station = await startStation();
  page = await (await browser.newContext()).newPage();
});

test.afterAll(async () => {
  await Promise.all([station?.stop(), hub?.stop()]);
});

test('the case page says the unit has an open case at another station, and lists it', async () => {
  test.setTimeout(120_000);
  const other = createHubClient(await enrol(hub.url, hub.codes[1]!));
  const pushed = await other.post<{ results: { status: string }[] }>('/v1/push', {
    mutations: [
      {
        id: '0b7c4f52-6d1e-4c0a-9b55-3f1f5d1c9a01',
        kind: 'support.case',
        operator: 'zhou',
        payload: {
          caseId: 'SC-20261124-007',
          serial: SERIAL,
          action: 'open',
          state: 'received',
          symptom: 'printer',
        },
      },
    ],
  });
  other.close();
  expect(pushed.results[0]!.status).toBe('accepted');

  await enrolInSettings(page, station, hub.url, hub.codes[0]!);

  await page.getByRole('menuitem', { name: '售后支持' }).click();
  const scan = page.getByTestId('support-scan');
  await scan.fill(SERIAL);
  await scan.press('Enter');
  const card = page.getByTestId('support-hub-history');
  await expect(card).toContainText('其他站点的售后工单');
  await expect(page.getByTestId('support-hub-open-elsewhere')).toContainText(
    '该终端在工作站“三号柜台”有进行中的售后工单 SC-20261124-007',
  );
  // The other station's operator by the name the hub knows: this station never saw zhou sign in.
  await expect(card).toContainText('三号柜台 · 周售后：售后工单 SC-20261124-007 → 已收件');
  await saveScreenshot(page, test.info(), 'support-hub-case-elsewhere-zh.png');
});

test('taking the unit in here is refused at once, naming the other station and who took it in', async () => {
  await page.keyboard.press('Escape'); // the case page of the first test
  await page.getByTestId('support-intake').click();
  await expect(page.getByTestId('intake-serial')).toHaveValue(SERIAL);
  await page.getByTestId('intake-form').getByText('打印故障').click();
  await page.getByRole('button', { name: /^登\s?记$/ }).click();
  await expect(page.locator('.ant-message')).toContainText(
    '这台设备在工作站“三号柜台”已有进行中的工单 SC-20261124-007（周售后 于',
  );
  await expect(page.getByTestId('intake-form')).toBeVisible(); // nothing taken in: the form stays
  await saveScreenshot(page, test.info(), 'support-hub-intake-refused-zh.png');
});
