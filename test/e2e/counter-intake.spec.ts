import { test, expect, type Locator, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { buildIdNumber } from '../../electron/services/kyc/checks/gb11643';
import { luhnCheckDigit } from '../../electron/services/kyc/checks/luhn';
import { demoStationPerFile } from './demo-station';
import { signInFirstTime, signInToReviewQueue } from './sign-in';
import { saveScreenshot } from './screenshot';

/**
 * 柜台录入: a reviewer enters an application for an applicant standing at the counter — typed
 * fields, scans chosen from disk — and finds it in the queue with its findings; a file damaged on
 * the way is refused and marked on the form, and nothing half-entered reaches the queue.
 */

const ID_NUMBER = buildIdNumber('110105', '1988-06-18', 321);
const CARD_NUMBER = (() => {
  const body = '436742000012345678';
  return body + luhnCheckDigit(body);
})();

const station = demoStationPerFile();
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
});

test.afterAll(async () => {
  await page.close();
});

/** A small scan-like PNG: a light card with a darker band, tinted per document. */
function scan(width: number, height: number, tint: [number, number, number]): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = (width * y + x) * 4;
      const band = y > height * 0.15 && y < height * 0.3;
      const line = y % 24 === 0 && x > width * 0.1 && x < width * 0.9;
      const shade = band ? 0.55 : line ? 0.75 : 1;
      png.data[i] = Math.round(tint[0] * shade);
      png.data[i + 1] = Math.round(tint[1] * shade);
      png.data[i + 2] = Math.round(tint[2] * shade);
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

const drawer = () => page.getByTestId('counter-intake');
const formItem = (label: string): Locator =>
  drawer()
    .locator('.ant-form-item')
    .filter({ has: page.locator('label', { hasText: label }) });

async function attach(label: string, name: string, buffer: Buffer): Promise<void> {
  await formItem(label).locator('input[type=file]').setInputFiles({ name, mimeType: 'image/png', buffer });
  await expect(formItem(label).locator('.ant-upload-list-item', { hasText: name })).toBeVisible();
}

/** Types the application the way a clerk does: Enter moves on to the next field. */
async function fillApplication(): Promise<void> {
  await expect(page.getByTestId('counter-name')).toBeFocused();
  await page.keyboard.type('陈柜台');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('counter-id-number')).toBeFocused();
  await page.keyboard.type(ID_NUMBER);
  await page.keyboard.press('Enter');
  await page.keyboard.type('2021.03.01');
  await page.keyboard.press('Enter');
  await page.keyboard.type('20410301');
  await expect(page.getByTestId('counter-id-valid-from')).toHaveValue('2021-03-01');
  await expect(page.getByTestId('counter-id-valid-to')).toHaveValue('2041-03-01');
  await page.getByTestId('counter-phone').fill('13812345678');
  await page.getByTestId('counter-address').fill('北京市朝阳区朝阳门外大街18号');
  await page.getByTestId('counter-card-number').fill(CARD_NUMBER);
  await page.getByTestId('counter-holder-name').fill('陈柜台');

  await attach('身份证人像面', 'id-front.png', scan(360, 228, [236, 226, 204]));
  await attach('身份证国徽面', 'id-back.png', scan(360, 228, [214, 228, 236]));
  await attach('银行卡正面', 'card.png', scan(340, 214, [200, 214, 240]));

  await drawer().getByText('摊位证明', { exact: true }).click();
  await page.getByTestId('counter-stall-issuer').fill('朝阳门外大街社区居民委员会');
  await page.getByTestId('counter-stall-business').fill('早餐摊');
  await page.getByTestId('counter-stall-valid-from').fill('2026-01-01');
  await page.getByTestId('counter-stall-valid-to').fill('2027-12-31');
  await attach('摊位证明扫描件', 'stall-certificate.png', scan(300, 420, [245, 240, 232]));
}

test('a reviewer enters an application at the counter and finds it in the queue', async () => {
  const testInfo = test.info();
  await signInFirstTime(page, station);
  await signInToReviewQueue(page, station, 'reviewer1', '李审核');

  await page.getByTestId('counter-open').click();
  await expect(drawer()).toBeVisible();
  await expect(drawer().getByText('柜台录入申请')).toBeVisible();
  await saveScreenshot(page, testInfo, 'counter-intake-empty.png');

  // Submitting too early marks what is still missing, in Chinese.
  await page.getByTestId('counter-submit').click();
  await expect(formItem('姓名')).toContainText('请填写此项');
  await expect(formItem('身份证人像面')).toContainText('请选择此材料的文件');

  await fillApplication();

  // A slip in the check digit is a warning, not a refusal.
  const typo = ID_NUMBER.slice(0, 17) + (ID_NUMBER.endsWith('1') ? '2' : '1');
  await page.getByTestId('counter-id-number').fill(typo);
  await expect(formItem('身份证号')).toContainText('校验位不符');
  await page.getByTestId('counter-id-number').fill(ID_NUMBER.toLowerCase());
  await expect(page.getByTestId('counter-id-number')).toHaveValue(ID_NUMBER);
  await expect(formItem('身份证号')).not.toContainText('校验位不符');
  // A tall window, so the one screenshot shows the whole form.
  await page.setViewportSize({ width: 1440, height: 2000 });
  await saveScreenshot(page, testInfo, 'counter-intake-filled.png');
  await page.setViewportSize({ width: 1440, height: 900 });

  // A file damaged on the way (its hash no longer matches) is refused, marked on its field.
  await page.route('**/api/invoke', async (route) => {
    const body = JSON.parse(route.request().postData() ?? '{}') as {
      name: string;
      input: { documents: { id: string; sha256: string }[] };
    };
    if (body.name !== 'kyc.intakeAtCounter') return route.continue();
    const card = body.input.documents.find((d) => d.id === 'card')!;
    card.sha256 = card.sha256.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    return route.continue({ postData: JSON.stringify(body) });
  });
  await page.keyboard.press('Control+Enter');
  await expect(page.locator('.ant-message')).toContainText('文件校验不符');
  await expect(formItem('银行卡正面')).toContainText('文件校验不符，请重新选择文件');
  await saveScreenshot(page, testInfo, 'counter-intake-refused.png');
  await page.unroute('**/api/invoke');
  await expect(page.locator('.ant-message .ant-message-notice')).toHaveCount(0, { timeout: 10_000 });

  await attach('银行卡正面', 'card-rescan.png', scan(340, 214, [196, 210, 238]));
  await expect(formItem('银行卡正面').locator('.ant-upload-list-item')).toHaveCount(1);
  await expect(formItem('银行卡正面')).not.toContainText('文件校验不符');
  await page.getByTestId('counter-submit').click();
  const entered = page.getByTestId('counter-entered');
  await expect(entered).toContainText(/已录入 KYC-C[0-9A-F]{6}-000001/);
  await expect(entered).toContainText('自动核查：0 项错误');
  const id = /KYC-C[0-9A-F]{6}-000001/.exec(await entered.innerText())![0];

  // The new case opens: channel counter, the documents and the findings.
  await expect(drawer()).toBeHidden();
  await expect(page.getByTestId('case-title')).toContainText(id);
  await expect(page.getByTestId('case-title')).toContainText('柜台');
  await expect(page.getByTestId('case-view')).toContainText('早餐摊');
  await expect(page.getByTestId('case-view')).toContainText(/错误 0\s*警告 0\s*通过 \d+/);
  await saveScreenshot(page, testInfo, 'counter-intake-case.png');

  await page.keyboard.press('Escape');
  await expect(page.getByTestId('case-view')).toBeHidden();
  await page.keyboard.press('/');
  await page.keyboard.type(id);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('queue-row')).toHaveCount(1);
  await expect(page.getByTestId('queue-row').first()).toContainText(id);
  await expect(page.getByTestId('queue-row').first()).toContainText('待审核');
  await saveScreenshot(page, testInfo, 'counter-intake-queue.png');
});
