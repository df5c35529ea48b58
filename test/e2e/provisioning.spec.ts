import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, type Locator, type Page } from '@playwright/test';
import { demoStationPerFile } from './demo-station';
import { signInFirstTime } from './sign-in';
import { saveScreenshot } from './screenshot';

/**
 * The warehouse board against the demo start's simulated terminals (real simulator processes on
 * pseudo-terminals, 115200 baud): three genuine production units, a test unit and a counterfeit
 * (a certificate from a CA that is not the pinned manufacturer's).
 */
const station = demoStationPerFile();

const cards = (page: Page) => page.getByTestId('unit-card');

async function identifiedUnits(page: Page): Promise<{ card: Locator; serial: string; mode: string }[]> {
  const all = await cards(page).all();
  return Promise.all(
    all.map(async (card) => ({
      card,
      serial: (await card.getAttribute('data-serial')) ?? '',
      mode: (await card.textContent()) ?? '',
    })),
  );
}

test('the board shows simulated units flashing with speed and ETA, a test unit and a counterfeit in red, and evidence sheets', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await signInFirstTime(page, station);
  await page.getByRole('menuitem', { name: '设备生产' }).click();

  // The demo start attached five simulated terminals; each is identified on its own (HELLO, IDENTITY).
  await expect(cards(page)).toHaveCount(5, { timeout: 30_000 });
  for (const card of await cards(page).all()) {
    await expect(card).toHaveAttribute('data-state', 'idle', { timeout: 30_000 });
    await expect(card).toHaveAttribute('data-serial', /^[A-Z0-9]{6,24}$/);
  }
  await expect(page.getByTestId('board-summary')).toContainText('已连接 5 台');
  // The test unit says what it is before anything runs; the counterfeit claims to be a production
  // unit, and only the genuine check finds it out (the test knows it from the demo's own records).
  const units = await identifiedUnits(page);
  const testUnit = units.find((u) => u.mode.includes('测试机'));
  const demoFleets = JSON.parse(readFileSync(join(station.dataDir, 'demo', 'fleets.json'), 'utf8')) as {
    counterfeit: { units: { serial: string }[] };
  };
  const counterfeit = units.find((u) => u.serial === demoFleets.counterfeit.units[0]!.serial);
  const genuine = units.filter((u) => u !== testUnit && u !== counterfeit);
  expect(testUnit).toBeDefined();
  expect(counterfeit?.mode).toContain('尚未验证真伪');
  expect(counterfeit?.mode).not.toContain('测试机');
  expect(genuine).toHaveLength(3);
  await saveScreenshot(page, testInfo, 'provisioning-board-idle-zh.png', { fullPage: true });

  const first = genuine[0]!;

  // A manufacturer manifest giving a serial on the board another key (a clone in the making) and a
  // row with a bad mode: refused whole, each problem named by row.
  const csv = [
    'serial,key_fingerprint,model,batch,mode',
    `${first.serial},${'ab'.repeat(32)},PS-M1,E2E-CONFLICT,production`,
    `PSE2E0000001,${'cd'.repeat(32)},PS-M1,E2E-CONFLICT,prototype`,
  ].join('\n');
  await page.getByTestId('manifest-file').setInputFiles({
    name: 'conflict.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  const report = page.getByTestId('manifest-report');
  await expect(report).toContainText('清单未导入');
  await expect(report).toContainText(first.serial);
  // Row errors in the operator's language, each with its row.
  await expect(report).toContainText('模式只能是 production、test_unit 或 sample_unit');
  await expect(report).not.toContainText('mode must be');
  await saveScreenshot(page, testInfo, 'provisioning-manifest-conflict-zh.png');
  await page.keyboard.press('Escape');
  await expect(report).toBeHidden();

  // A barcode scanner is a keyboard: it types the box QR (here a URL carrying the serial) and Enter.
  const scan = page.getByTestId('scan-input');
  await page.keyboard.press('F2');
  await expect(scan).toBeFocused();
  await scan.fill(`https://verify.example.cn/d?sn=${first.serial.toLowerCase()}`);
  await scan.press('Enter');
  await expect(first.card).toHaveClass(/unit-selected/);
  await expect(first.card).toContainText('盒码已核对');
  await expect(scan).toBeFocused();

  // A box whose serial is on no unit is said so, never matched by guess.
  await scan.fill('ZZ0000000000');
  await scan.press('Enter');
  const unmatched = page.getByTestId('scan-unmatched');
  await expect(unmatched).toContainText('没有找到序列号为 ZZ0000000000 的终端');
  // A barcode that carries no serial (a product leaflet) is said so in words.
  await scan.fill('产品说明书 v2');
  await scan.press('Enter');
  await expect(page.getByText('这个条码里没有终端序列号').first()).toBeVisible();

  // The worker insists this box belongs to the second unit: recorded, and the genuine check will compare.
  const wrongBox = genuine[1]!;
  await unmatched.getByRole('button', { name: new RegExp(wrongBox.serial) }).click();
  await expect(wrongBox.card).toContainText('盒码 ZZ0000000000 与设备不符');

  // One application per unit: the first unit's order barcode is scanned into its card's picker.
  const picker = first.card.getByTestId('application-picker');
  await picker.click();
  await page.keyboard.type('DEMO-0001');
  await page.keyboard.press('Enter');
  await expect(first.card.getByTestId('application-picker')).toContainText('DEMO-0001');
  await expect(first.card.getByTestId('box-demo-warning')).toHaveCount(0);
  await expect(genuine[2]!.card.getByTestId('box-demo-warning')).toBeVisible();
  await saveScreenshot(page, testInfo, 'provisioning-unit-card-zh.png', { fullPage: true });

  // Start all (F9): true counts, and the chooser shows the image's version, security counter and signer.
  await page.keyboard.press('F9');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('全部开始');
  await expect(dialog.getByTestId('count-willStart')).toHaveText('现在开始 5 台');
  await expect(dialog.getByTestId('count-noApplication')).toContainText('4 台没选申请');
  await expect(dialog.getByTestId('count-demoNoBox')).toContainText('3 台没扫盒码也会开始');
  await saveScreenshot(page, testInfo, 'provisioning-start-dialog-zh.png');
  await dialog.getByTestId('firmware-select').click();
  const option = page.getByTestId('firmware-option').first();
  await expect(option).toBeVisible();
  await expect(option).toContainText('PS-M1');
  await expect(option).toContainText('v1.0.0');
  await expect(option).toContainText('安全计数 1');
  await expect(option).toContainText('签名：demo-signer');
  await saveScreenshot(page, testInfo, 'provisioning-firmware-chooser-zh.png');
  await option.click();
  // Back from the firmware chooser to Start; Enter starts.
  await dialog.getByTestId('start-ok').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('已开始 5 台')).toBeVisible();
  await expect(page.getByTestId('batch-progress')).toContainText('本批进度');

  // Flashing: bars with bytes, speed in KiB/s and time left; the test unit is refused at the genuine check.
  const flashing = first.card.getByTestId('flash-progress');
  await expect(flashing).toBeVisible({ timeout: 30_000 });
  await expect(first.card.getByTestId('flash-speed')).toHaveText(/\d+(\.\d)? KiB\/s/, { timeout: 10_000 });
  await expect(flashing).toContainText(/剩余 \d+ 秒|剩余 \d+ 分/);
  await expect(first.card.locator('.phase-active')).toHaveText('烧录');
  const bad = testUnit!.card;
  await expect(bad).toHaveAttribute('data-state', 'refused', { timeout: 30_000 });
  await expect(bad.getByTestId('verdict')).toHaveAttribute('data-genuine', 'false');
  await expect(bad.getByTestId('verdict')).toContainText('不是可发货的正品');
  await expect(bad.getByTestId('verdict')).toContainText('这是测试机，不能发给商户。');
  await expect(bad).toHaveClass(/unit-bad/);
  await expect(page.getByTestId('red-list')).toContainText(`${testUnit!.serial}`);
  await expect(page.getByTestId('red-list')).toContainText('这是测试机，不能发给商户。');
  expect(await bad.getByTestId('verdict').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(
    'rgb(207, 19, 34)',
  );
  await saveScreenshot(page, testInfo, 'provisioning-flashing-zh.png', { fullPage: true });

  // The counterfeit is stopped at the genuine check: its certificate is not the manufacturer's.
  await expect(counterfeit!.card).toHaveAttribute('data-state', 'refused', { timeout: 30_000 });
  await expect(counterfeit!.card.getByTestId('verdict')).toContainText('设备证书不是官方厂商签发的');
  await expect(counterfeit!.card.getByTestId('verdict')).toContainText('疑似假冒，请隔离并交给主管');
  await expect(page.getByTestId('red-list')).toContainText(counterfeit!.serial);

  // The unit in the wrong box is stopped at the genuine check, the box and the unit named.
  await expect(wrongBox.card).toHaveAttribute('data-state', 'refused', { timeout: 30_000 });
  await expect(wrongBox.card.getByTestId('verdict')).toContainText(
    `包装盒二维码上的序列号 ZZ0000000000 与设备序列号 ${wrongBox.serial} 不一致`,
  );

  // The other genuine units go all the way: flash, bind (stock units: skipped), self-test, ship.
  for (const unit of [genuine[0]!, genuine[2]!]) {
    await expect(unit.card).toHaveAttribute('data-state', 'succeeded', { timeout: 120_000 });
    await expect(unit.card.getByTestId('verdict')).toHaveAttribute('data-genuine', 'true');
    await expect(unit.card).toContainText('已出库，可交给快递');
  }
  await expect(page.getByTestId('board-summary')).toContainText('已完成 2');
  await expect(page.getByTestId('board-summary')).toContainText('已拒绝 3');
  await expect(page.getByTestId('batch-progress')).toContainText('本批进度 5/5');
  await expect(page.getByTestId('shift-count')).toHaveText('本班已出库 2 台');
  await saveScreenshot(page, testInfo, 'provisioning-done-zh.png', { fullPage: true });

  // The test unit's evidence sheet: identity, then the genuine check refused with its reason, by admin.
  // Keyboard: Enter on a focused card that has run opens its sheet.
  await bad.focus();
  await page.keyboard.press('Enter');
  const drawer = page.getByRole('dialog', { name: /证据单/ });
  await expect(drawer).toContainText(`证据单：${testUnit!.serial}`);
  const refusedStep = drawer.locator('[data-testid="evidence-step"][data-step="genuine"]');
  await expect(refusedStep).toHaveAttribute('data-outcome', 'refused');
  await expect(refusedStep).toContainText('admin');
  await expect(refusedStep).toContainText('这是测试机，不能发给商户。');
  await expect(drawer.locator('[data-testid="evidence-step"][data-step="identify"]')).toContainText('测试机');
  await saveScreenshot(page, testInfo, 'provisioning-evidence-refused-zh.png');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  // A shipped unit's sheet (F4 on the selected unit): every step passed; export as JSON.
  await first.card.click();
  await page.keyboard.press('F4');
  await expect(drawer).toContainText(`证据单：${first.serial}`);
  for (const step of ['identify', 'genuine', 'flash', 'bind', 'selftest', 'ship']) {
    await expect(drawer.locator(`[data-testid="evidence-step"][data-step="${step}"]`)).toHaveAttribute(
      'data-outcome',
      'ok',
    );
  }
  await expect(drawer.locator('[data-testid="evidence-step"][data-step="flash"]')).toContainText('签名者');
  await expect(drawer.locator('[data-testid="evidence-step"][data-step="genuine"]')).toContainText('盒码');
  await saveScreenshot(page, testInfo, 'provisioning-evidence-shipped-zh.png');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    drawer.getByTestId('export-json').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^evidence-${first.serial}-.+\\.json$`));
  const saved = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
    run: { serial: string; status: string; operator: string };
    evidence: { step: string; outcome: string }[];
  };
  expect(saved.run).toMatchObject({ serial: first.serial, status: 'succeeded', operator: 'admin' });
  expect(saved.evidence.map((e) => e.step)).toEqual([
    'identify',
    'genuine',
    'flash',
    'bind',
    'selftest',
    'ship',
  ]);
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  // The first unit went out bound to the application picked for it.
  await first.card.click();
  await page.keyboard.press('F4');
  const bind = drawer.locator('[data-testid="evidence-step"][data-step="bind"]');
  await expect(bind).toContainText('DEMO-0001');
  await expect(bind).toContainText('622202******0000');
  await saveScreenshot(page, testInfo, 'provisioning-evidence-bound-zh.png');
  await page.keyboard.press('Escape');

  // A shipped unit cannot be provisioned again by pressing Start, nor a unit the genuine check refused.
  const shippedRun = (await first.card.getAttribute('data-run')) ?? '';
  await expect(first.card.getByTestId('unit-start')).toBeDisabled();
  await expect(bad.getByTestId('unit-start')).toBeDisabled();
  await first.card.click();
  await page.keyboard.press('F8');
  await expect(page.getByRole('dialog', { name: /开始生产/ })).toHaveCount(0);
  await expect(first.card).toHaveAttribute('data-run', shippedRun);
  await expect(first.card).toHaveAttribute('data-state', 'succeeded');

  await page.getByTestId('language-switch').click();
  await expect(bad.getByTestId('verdict')).toContainText(
    'This is a test unit and must not be sent to a merchant.',
  );
  await expect(counterfeit!.card.getByTestId('verdict')).toContainText(
    'was not issued by the official manufacturer',
  );
  await expect(page.getByRole('menuitem', { name: 'Provisioning' })).toBeVisible();
  await saveScreenshot(page, testInfo, 'provisioning-done-en.png', { fullPage: true });
  await bad.focus();
  await page.keyboard.press('Enter');
  const drawerEn = page.getByRole('dialog', { name: /Evidence/ });
  // Codes in words in English too: the verdict's code is a label, not mode_test_unit.
  await expect(drawerEn).toContainText('Test unit: not for merchants');
  await expect(drawerEn).not.toContainText('mode_test_unit');
  await saveScreenshot(page, testInfo, 'provisioning-evidence-refused-en.png');
  await page.keyboard.press('Escape');
  await page.keyboard.press('F9');
  await expect(dialog.getByTestId('count-willStart')).toHaveText('0 start now');
  // Opened from the keyboard, the focus is on Start: Enter never cancels — and it stays there once
  // the sheet closed just before has finished closing (the board's scan focus waits it out).
  await expect(dialog.getByTestId('start-ok')).toBeFocused();
  await expect(page.locator('.ant-drawer-content-wrapper')).toBeHidden();
  await page.evaluate(() => new Promise((done) => setTimeout(done, 100)));
  await expect(dialog.getByTestId('start-ok')).toBeFocused();
  await saveScreenshot(page, testInfo, 'provisioning-start-dialog-en.png');
  await page.keyboard.press('Escape');
  await page.getByTestId('language-switch').click();
});
