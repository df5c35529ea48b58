import { test, expect, type Locator, type Page } from '@playwright/test';
import { demoStationPerFile } from './demo-station';
import { signInFirstTime, signInToReviewQueue } from './sign-in';
import { saveScreenshot } from './screenshot';

/**
 * The reviewers' day on a demo station: the seeded queue (60 generated applications, some bad),
 * claim-next, documents, a revision and a request for information, an approval that queues the
 * activation-code SMS, a rejection with a reason, and a high-risk case that needs two different
 * senior reviewers. One station and one browser page for the whole story, in order.
 */

const station = demoStationPerFile();
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
});

test.afterAll(async () => {
  await page.close();
});

async function openWorkspace(key: 'review' | 'fees'): Promise<void> {
  await page.evaluate((k) => {
    location.hash = `/${k}`;
  }, key);
}

async function chooseInSelect(select: Locator, option: string): Promise<void> {
  await select.click();
  await page.keyboard.type(option);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
}

const caseView = () => page.getByTestId('case-view');
const caseTitle = () => page.getByTestId('case-title');

async function applicationIdOfOpenCase(): Promise<string> {
  const text = await caseTitle().innerText();
  const id = /KYC-[A-Z0-9]+-\d{6}/.exec(text)?.[0];
  if (!id) throw new Error(`No application id in the case title: ${text}`);
  return id;
}

/** Accepts every current document of the held case with the A shortcut, until approval is possible. */
async function acceptAllDocuments(): Promise<void> {
  const tabs = page.getByTestId('document-tab');
  const count = await tabs.count();
  for (let i = 0; i < count; i += 1) {
    await tabs.nth(i).click();
    await page.getByTestId('doc-accept').click();
    await expect(tabs.nth(i)).toContainText('合格');
  }
  await expect(page.getByTestId('approve')).toBeEnabled();
}

/**
 * Opens (without claiming) the first case of the filtered queue whose automated checks found an
 * error, or none, as asked; returns its id.
 */
async function openCaseWithErrors(errors: boolean): Promise<string> {
  const ids = await page
    .getByTestId('queue-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
  for (const id of ids) {
    await page.locator(`[data-testid="queue-row"][aria-label="${id}"]`).dblclick();
    await expect(caseTitle()).toContainText(id);
    await expect(page.getByTestId('findings-summary')).toBeVisible();
    if ((await page.getByTestId('findings-summary-errors').count()) > 0 === errors) return id;
    await closeCase();
  }
  throw new Error(`No case ${errors ? 'with' : 'without'} an error finding in the queue`);
}

/** Closes the open case and claims it from its queue row, which opens it again. */
async function claimFromRow(id: string): Promise<void> {
  await closeCase();
  await page.locator(`[data-testid="queue-row"][aria-label="${id}"]`).getByTestId('row-claim').click();
  await expect(caseTitle()).toContainText(id);
}

/** Dialogs fade out after they close; screenshots wait until they are gone. */
async function expectNoDialog(): Promise<void> {
  await expect(page.locator('.ant-modal-wrap:visible')).toHaveCount(0);
}

async function closeCase(): Promise<void> {
  await page.keyboard.press('Escape');
  await expect(caseView()).toBeHidden();
}

/** Leaving the workspace and coming back starts it afresh: no filters. */
async function resetFilters(): Promise<void> {
  await openWorkspace('fees');
  await expect(page.getByTestId('claim-next')).toBeHidden();
  await openWorkspace('review');
  await expect(page.getByTestId('queue-row').first()).toBeVisible();
}

test('a reviewer signs in and sees the seeded queue in due order, overdue cases flagged', async () => {
  // First sign-in, the station's first start and a tour of the queue: slow on a loaded machine.
  test.setTimeout(150_000);
  const testInfo = test.info();
  await signInFirstTime(page, station);
  await signInToReviewQueue(page, station, 'reviewer1', '李审核');

  await expect(page.getByText(/已显示 60 件/)).toBeVisible();
  const dues = await page
    .getByTestId('queue-row')
    .evaluateAll((rows) =>
      rows.map((r) => /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.exec(r.textContent ?? '')?.[0] ?? ''),
    );
  expect(dues.length).toBeGreaterThan(5);
  expect([...dues].sort()).toEqual(dues);
  // The demo backlog was submitted a week ago: past its 3-working-day SLA.
  await expect(page.getByTestId('queue-row').first()).toContainText('超时');
  // The counts on the working-day calendar, and the total.
  await expect(page.getByTestId('queue-counts')).toContainText('共 60 件');
  await expect(page.getByTestId('count-overdue')).toContainText(/已超时 [1-9]/);
  await saveScreenshot(page, testInfo, 'review-queue.png');

  // Every column fits at 1440 px: no header is cut short.
  const clipped = await page
    .locator(
      '.ant-table-thead th .ant-table-column-title, .ant-table-thead th:not(:has(.ant-table-column-title))',
    )
    .evaluateAll((cells) => cells.filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent));
  expect(clipped).toEqual([]);

  // Sorted by the station: high risk first.
  await page.locator('.ant-table-thead th', { hasText: '风险' }).click();
  await expect(page.getByTestId('queue-row').first()).toContainText('高风险');
  await page.locator('.ant-table-thead th', { hasText: '截止时间' }).click();
  await expect(page.getByTestId('queue-row').first()).toContainText('超时');

  // The legend of the keys that exist.
  await page.getByTestId('shortcuts').click();
  for (const key of ['N', '/', '[  ]', '+  −', 'R', 'A', 'Ctrl+Enter']) {
    await expect(page.getByTestId('shortcut-legend').locator('kbd', { hasText: key }).first()).toBeVisible();
  }
  await saveScreenshot(page, testInfo, 'review-shortcuts.png');
  await page.getByTestId('shortcuts').click();
  await expect(page.locator('.ant-popover:visible')).toHaveCount(0);

  await page.getByTestId('queue-due').getByText('已超时').click();
  await expect(page.getByTestId('queue-shown')).not.toContainText('共 60 件');
  for (const row of await page.getByTestId('queue-row').all()) await expect(row).toContainText('超时');
  await page.getByTestId('queue-due').getByText('全部').click();

  await chooseInSelect(page.getByTestId('queue-risk'), '高风险');
  await expect(page.getByTestId('queue-row').first()).toContainText('高风险');
  for (const row of await page.getByTestId('queue-row').all()) await expect(row).toContainText('高风险');
  const highRiskId = (await page.getByTestId('queue-row').first().getAttribute('aria-label')) ?? '';
  expect(highRiskId).toMatch(/^KYC-/);

  // Search by application id: the scanner types it and presses Enter.
  await resetFilters();
  await page.keyboard.press('/');
  await page.keyboard.type(highRiskId);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('queue-row')).toHaveCount(1);
  await expect(page.getByTestId('queue-row')).toHaveAttribute('aria-label', highRiskId);

  // Without the mouse: the row takes focus, Enter opens the case, Esc closes it. Looking does not claim.
  await page.getByTestId('queue-row').focus();
  await page.keyboard.press('Enter');
  await expect(caseTitle()).toContainText(highRiskId);
  await expect(page.getByTestId('holder')).toContainText('尚未领取');
  await closeCase();
  await resetFilters();
});

test('claim next, view documents, reveal a number, one document needs revision, request more information', async () => {
  const testInfo = test.info();
  await page.keyboard.press('n');
  await expect(caseView()).toBeVisible();
  await expect(page.getByTestId('holder')).toContainText('由我处理');
  const id = await applicationIdOfOpenCase();

  // Documents beside the form fields: the ID front first, zoom and rotate.
  await expect(page.getByTestId('document-image')).toBeVisible();
  await page.getByTestId('zoom-in').click();
  await page.getByTestId('rotate').click();
  await expect(page.getByTestId('document-image')).toHaveAttribute('style', /rotate\(90deg\)/);
  await page.keyboard.press('0');
  await expect(page.getByTestId('document-image')).toHaveAttribute('style', /rotate\(0deg\)/);

  // Revealing the ID number asks first (it is audited), then shows all 18 characters.
  await page.getByTestId('reveal-id_number').click();
  await page.getByRole('button', { name: '显示并记录' }).click();
  await expect(page.getByTestId('revealed-id_number')).toHaveText(/^\d{17}[\dX]$/);
  await expect(page.locator('.ant-modal-confirm')).toHaveCount(0);

  // The ID front is fine; the back is unclear.
  await page.keyboard.press('a');
  await expect(page.getByTestId('document-tab').first()).toContainText('合格');
  await page.getByTestId('document-tab').nth(1).click();
  await page.getByTestId('doc-revision').click();
  await chooseInSelect(page.getByTestId('revision-reason'), '不清晰');
  await page.getByRole('button', { name: '确认需补正' }).click();
  await expect(page.getByTestId('document-tab').nth(1)).toContainText('需补正');

  await expect(page.getByTestId('approve')).toBeDisabled();
  await expect(page.getByTestId('approve-blocked')).toContainText('有材料需补正，不能批准');
  await page.getByTestId('approve').hover({ force: true });
  await saveScreenshot(page, testInfo, 'review-case-revision.png');

  await page.getByTestId('request-info').click();
  await chooseInSelect(page.getByTestId('reasons-request_info'), '不清晰');
  await expect(page.getByText('短信内容预览')).toBeVisible();
  await saveScreenshot(page, testInfo, 'review-request-info.png');
  await page.getByRole('button', { name: '发送补充材料通知' }).click();

  await expectNoDialog();
  await expect(page.getByTestId('outcome')).toContainText('已要求补充材料');
  await expect(caseTitle().getByTestId('case-state')).toHaveText('待补充材料');
  await expect(page.getByTestId('case-sms')).toContainText('补充材料通知');
  await expect(page.getByTestId('case-history')).toContainText('查看完整号码');
  await expect(page.getByTestId('case-history')).toContainText('证件照片不清晰或不完整');
  await expect(page.getByTestId('outcome-body')).toContainText('证件照片不清晰或不完整');
  await saveScreenshot(page, testInfo, 'review-info-requested.png');
  await page.getByTestId('case-history').scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'review-history.png');
  await closeCase();
  // Out of the open queue now.
  await expect(page.locator(`[aria-label="${id}"]`)).toHaveCount(0);
});

test('claim a low-risk case from its row, accept every document, approve: the activation-code SMS is queued', async () => {
  const testInfo = test.info();
  await chooseInSelect(page.getByTestId('queue-risk'), '低风险');
  await expect(page.getByTestId('queue-row').first()).toContainText('低风险');
  await page.getByTestId('queue-row').first().getByTestId('row-claim').click();
  await expect(page.getByTestId('holder')).toContainText('由我处理');

  await acceptAllDocuments();
  await saveScreenshot(page, testInfo, 'review-all-accepted.png');
  await page.keyboard.press('Control+Enter');
  const confirm = page.locator('.ant-modal-confirm');
  await expect(confirm).toContainText('将生成一次性激活码');
  await expect(confirm.getByRole('button', { name: /批\s*准/ })).toBeFocused();
  await page.keyboard.press('Enter');

  await expectNoDialog();
  await expect(page.getByTestId('outcome')).toContainText('已批准');
  await expect(page.getByTestId('outcome-body')).toContainText('激活码已生成');
  await expect(page.getByTestId('outcome-body')).toContainText(/有效期至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  await expect(caseTitle().getByTestId('case-state')).toHaveText('已批准');
  await expect(page.getByTestId('case-sms')).toContainText('批准通知（含激活码）');
  await expect(page.getByTestId('case-decisions')).toContainText('李审核');
  await saveScreenshot(page, testInfo, 'review-approved.png');
  await closeCase();
  await resetFilters();
});

test('a case with an error finding cannot be approved; it is rejected with a reason the applicant reads by SMS', async () => {
  // Looks through the high-risk cases for the right one: a few case views on a loaded machine.
  test.setTimeout(300_000);
  const testInfo = test.info();
  await chooseInSelect(page.getByTestId('queue-risk'), '高风险');
  await expect(page.getByTestId('queue-row').first()).toContainText('高风险');
  await expect(page.getByTestId('queue-shown')).not.toContainText('共 60 件');
  await claimFromRow(await openCaseWithErrors(true));
  await expect(page.getByTestId('holder')).toContainText('由我处理');
  await expect(page.getByTestId('high-risk')).toBeVisible();
  // The automated checks found the problem: an error with its evidence, summarised at the decision bar.
  await expect(page.getByTestId('findings').locator('.review-finding-error').first()).toBeVisible();
  await expect(page.getByTestId('findings-summary-errors')).toBeVisible();
  const tabs = page.getByTestId('document-tab');
  for (let i = 0; i < (await tabs.count()); i += 1) {
    await tabs.nth(i).click();
    await page.getByTestId('doc-accept').click();
    await expect(tabs.nth(i)).toContainText('合格');
  }
  // Every document accepted, and still no approval: only more information or a rejection.
  await expect(page.getByTestId('approve')).toBeDisabled();
  await expect(page.getByTestId('approve-blocked')).toContainText('自动核查发现');
  await expect(page.getByTestId('request-info')).toBeEnabled();
  await saveScreenshot(page, testInfo, 'review-error-blocks-approval.png');

  await page.getByTestId('reject').click();
  await chooseInSelect(page.getByTestId('reasons-reject'), '经营证明不足');
  await expect(page.getByText('短信内容预览')).toBeVisible();
  await saveScreenshot(page, testInfo, 'review-reject-dialog.png');
  await page.getByRole('button', { name: '确认拒绝' }).click();

  await expectNoDialog();
  await expect(page.getByTestId('outcome')).toContainText('已拒绝');
  await expect(caseTitle().getByTestId('case-state')).toHaveText('已拒绝');
  await expect(page.getByTestId('case-decisions')).toContainText('经营证明不足');
  await expect(page.getByTestId('case-sms')).toContainText('拒绝通知');
  await expect(page.getByTestId('outcome-body')).toContainText('经营证明不足');
  await saveScreenshot(page, testInfo, 'review-rejected.png');
  await page.getByTestId('findings').scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'review-rejected-findings.png');
  await closeCase();
});

test('a high-risk approval needs senior1 and then a different senior reviewer, senior2', async () => {
  // Looks through the high-risk cases for the right one: a few case views on a loaded machine.
  test.setTimeout(300_000);
  const testInfo = test.info();
  await signInToReviewQueue(page, station, 'senior1', '王高审');
  await chooseInSelect(page.getByTestId('queue-risk'), '高风险');
  await expect(page.getByTestId('queue-row').first()).toContainText('高风险');
  await expect(page.getByTestId('queue-shown')).not.toContainText('共 60 件');
  // High risk from a fraud signal (a warning), not from an error: an error would block approval.
  const id = await openCaseWithErrors(false);
  await claimFromRow(id);
  await expect(page.getByTestId('holder')).toContainText('由我处理');
  await acceptAllDocuments();
  await page.getByTestId('approve').click();
  await expect(page.locator('.ant-modal-confirm')).toContainText('批准后还需另一位高级审核员复核');
  // The confirmation names the warnings being approved over.
  await expect(page.getByTestId('approve-warnings')).toContainText('警告');
  await saveScreenshot(page, testInfo, 'review-approve-warnings.png');
  await page
    .locator('.ant-modal-confirm')
    .getByRole('button', { name: /批\s*准/ })
    .click();
  await expectNoDialog();
  await expect(page.getByTestId('outcome')).toContainText('首次批准已记录');
  await expect(caseTitle().getByTestId('case-state')).toHaveText('待复核');
  await expect(page.getByTestId('four-eyes')).toContainText('首次批准：王高审');

  // The first approver cannot give the second approval: the case view says so instead of offering a claim.
  await expect(page.getByTestId('holder')).toContainText('复核须由另一位高级审核员进行');
  await expect(page.getByTestId('case-claim')).toHaveCount(0);
  await saveScreenshot(page, testInfo, 'review-four-eyes-same-person.png');
  await closeCase();

  await signInToReviewQueue(page, station, 'senior2', '赵高审');
  await chooseInSelect(page.getByTestId('queue-state'), '待复核');
  await expect(page.getByTestId('queue-row')).toHaveCount(1);
  await expect(page.getByTestId('queue-row')).toHaveAttribute('aria-label', id);
  await page.getByTestId('queue-row').getByTestId('row-claim').click();
  await expect(page.getByTestId('four-eyes')).toContainText('等待第二位高级审核员复核');
  await expect(page.getByTestId('approve')).toHaveText(/复核批准/);
  await saveScreenshot(page, testInfo, 'review-second-approval.png');
  await page.getByTestId('approve').click();
  await page.locator('.ant-modal-confirm').getByRole('button', { name: '复核批准' }).click();

  await expectNoDialog();
  await expect(page.getByTestId('outcome')).toContainText('已批准');
  await expect(page.getByTestId('outcome-body')).toContainText('激活码已生成');
  await expect(page.getByTestId('case-decisions')).toContainText('王高审');
  await expect(page.getByTestId('case-decisions')).toContainText('赵高审');
  await expect(page.getByTestId('case-decisions')).toContainText('复核批准');
  await page.getByTestId('case-decisions').scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'review-second-approved.png');
});

test('the workspace switches to English', async () => {
  const testInfo = test.info();
  await closeCase();
  await resetFilters();
  await page.getByTestId('language-switch').click();
  await expect(page.getByText('Review queue')).toBeVisible();
  await expect(page.getByTestId('claim-next')).toContainText('Claim next');
  await expect(page.getByTestId('queue-counts')).toContainText(/\d+ cases/);
  await saveScreenshot(page, testInfo, 'review-queue-en.png');
  await page.getByTestId('queue-row').first().dblclick();
  await expect(page.getByTestId('findings-summary')).toBeVisible();
  await saveScreenshot(page, testInfo, 'review-case-en.png');
  await closeCase();
  await page.getByTestId('language-switch').click();
  await expect(page.getByText('审核队列')).toBeVisible();
});
