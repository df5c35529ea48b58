import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { demoStationPerFile } from './demo-station';
import { NEW_OPERATOR_PASSWORD, signInChangingPassword } from './sign-in';
import { saveScreenshot } from './screenshot';

const station = demoStationPerFile();

/**
 * The support desk freezes a returned unit from its case page: the confirmation says what happens,
 * the page then orders custody; the same person's unfreeze is refused in words. The demo's lost
 * unit, handed in at the counter, is already frozen and kept.
 */
test('support: freeze a unit with its confirmation, custody on its page, an unfreeze refused in words', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  const fleets = JSON.parse(readFileSync(join(station.dataDir, 'demo', 'fleets.json'), 'utf8')) as {
    returned: { units: { serial: string }[] };
  };
  const reader = fleets.returned.units[0]!.serial;
  const battery = fleets.returned.units[1]!.serial;
  const lost = fleets.returned.units[4]!.serial;
  // Straight in as the demo's support operator (a password change takes a while on a loaded machine).
  const oneTime = /^Demo operator support1 \(\w+\): (\S+)$/m.exec(station.output())?.[1];
  expect(oneTime).toBeTruthy();
  await page.goto(station.url);
  await signInChangingPassword(page, 'support1', oneTime!, NEW_OPERATOR_PASSWORD);
  await expect(page.getByTestId('operator')).toContainText('刘售后', { timeout: 60_000 });
  await page.getByRole('menuitem', { name: '售后支持' }).click();

  const scan = page.getByTestId('support-scan');
  await scan.fill(battery);
  await scan.press('Enter');
  await expect(page.getByTestId('support-case-title')).toContainText(battery);
  await page.getByTestId('support-freeze-open').click();
  const dialog = page.getByTestId('freeze-dialog');
  await expect(dialog.getByTestId('freeze-effects')).toContainText('登记库马上把这台终端标记为“已冻结”');
  await dialog.getByTestId('freeze-reason').fill('商户来电：终端被盗，报警回执 110-2611');
  await saveScreenshot(page, testInfo, 'support-freeze-confirm-zh.png');
  await page.getByRole('button', { name: `确认冻结 ${battery}` }).click();

  const custody = page.getByTestId('support-custody');
  await expect(custody).toContainText('扣留，不得交还商户', { timeout: 20_000 });
  await expect(page.getByTestId('support-freeze-who')).toContainText('support1');
  await saveScreenshot(page, testInfo, 'support-frozen-unit-zh.png');

  // support1 froze it, and is no support lead: the station refuses, and the dialog says why.
  await page.getByTestId('support-unfreeze').click();
  await page.getByTestId('unfreeze-reason').fill('商户找回终端');
  await page.getByRole('button', { name: `确认解冻 ${battery}` }).click();
  await expect(page.getByTestId('unfreeze-refusal')).toContainText('售后主管或管理员');
  await saveScreenshot(page, testInfo, 'support-unfreeze-refused-zh.png');
  await page.getByRole('button', { name: /取\s*消/ }).click();
  await page.getByRole('button', { name: '关闭' }).click();

  // The lost unit a finder handed in: frozen by the demo's support desk, kept.
  await scan.fill(lost);
  await scan.press('Enter');
  await expect(page.getByTestId('support-case-title')).toContainText(lost);
  await expect(page.getByTestId('support-custody')).toContainText('扣留');
  await saveScreenshot(page, testInfo, 'support-lost-unit-zh.png');
  await page.getByRole('button', { name: '关闭' }).click();

  // The desk's list of every freeze: the two made today and the demo's, found by a scan.
  await page.getByRole('tab', { name: '冻结清单' }).click();
  const list = page.getByTestId('freeze-list');
  await expect(list).toContainText(battery);
  await expect(list).toContainText(lost);
  await expect(list).toContainText('商户来电：终端被盗，报警回执 110-2611');
  await expect(page.getByTestId('freeze-list-scan').getByRole('searchbox')).toBeFocused();
  await saveScreenshot(page, testInfo, 'support-freeze-list-zh.png');
  const listScan = page.getByTestId('freeze-list-scan').getByRole('searchbox');
  await listScan.fill(lost);
  await listScan.press('Enter');
  await expect(page.getByTestId('support-unit-title')).toContainText(lost);
  await expect(page.getByTestId('support-custody')).toContainText('扣留');
  await page.getByRole('button', { name: '关闭' }).click();

  // The same desk in English: the list, and a freeze confirmation on a unit's case.
  await page.getByTestId('language-switch').click();
  await listScan.fill('');
  await listScan.press('Enter');
  await expect(page.getByTestId('freeze-list-summary')).toContainText('frozen now');
  await saveScreenshot(page, testInfo, 'support-freeze-list-en.png');
  await page.getByRole('tab', { name: 'After-sales cases' }).click();
  await scan.fill(reader);
  await scan.press('Enter');
  await expect(page.getByTestId('support-case-title')).toContainText(reader);
  await page.getByTestId('support-freeze-open').click();
  await expect(dialog.getByTestId('freeze-effects')).toContainText('registry');
  await dialog
    .getByTestId('freeze-reason')
    .fill('Merchant called: stolen at the night market, police report 110-2611');
  await saveScreenshot(page, testInfo, 'support-freeze-confirm-en.png');
});
