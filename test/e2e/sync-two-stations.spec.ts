import { test, expect } from '@playwright/test';
import { queueRow } from './enrol-in-settings';
import { twoStationsAtHubPerFile } from './two-stations-at-hub';
import { saveScreenshot } from './screenshot';

/**
 * One embedded hub and two browser-hosted demo stations (the same seeded applicants): both enrol
 * through Settings, a claim at A shows as held at B as soon as the hub tells B, and a decision A
 * makes after B took the case over is refused by the hub and waits in A's Sync panel with its words.
 */
const LEASE_SECONDS = 12;

const site = twoStationsAtHubPerFile({
  stations: ['柜台一', '柜台二'],
  operators: [
    { username: 'reviewer1', name: '李审核', role: 'reviewer', password: 'reviewer1-hub-pass' },
    { username: 'senior1', name: '王高审', role: 'senior_reviewer', password: 'senior1-hub-pass' },
  ],
  leaseSeconds: LEASE_SECONDS,
});

test('two stations enrol through Settings; a claim at A shows held at B; a refused decision waits in the Sync panel with its words', async () => {
  test.setTimeout(120_000);
  const info = test.info();
  const { pageA, pageB } = site;
  await site.enrolBoth();
  await saveScreenshot(pageA, info, 'settings-hub-enrolled-zh.png');

  // Enrolled: operators sign in against the hub (the stations' own demo passwords no longer apply).
  await site.signInToReviewAtHub('reviewer1', 'senior1');
  await expect(pageA.getByTestId('queue-row').first()).toBeVisible();
  const id = (await pageA.getByTestId('queue-row').first().getAttribute('aria-label'))!;

  // B has the case open before A claims it: the hub's word must reach B's screen by itself.
  await queueRow(pageB, id).dblclick();
  await expect(pageB.getByTestId('case-view')).toBeVisible();
  await queueRow(pageA, id).getByTestId('row-claim').click();
  await expect(pageA.getByTestId('holder')).toContainText('由我处理');
  const claimedAt = Date.now();
  await expect(pageB.getByTestId('hub-held-elsewhere')).toContainText('reviewer1', {
    timeout: 5_000,
  });
  const seenAfterMs = Date.now() - claimedAt;
  console.log(`claim at A seen held at B after ${seenAfterMs} ms`);
  await expect(pageB.getByTestId('hub-held-elsewhere')).toContainText('柜台一');
  await saveScreenshot(pageB, info, 'case-held-at-other-station-zh.png');

  // A's hub lease runs out unrenewed; B's senior reviewer takes the case over at the hub.
  await pageB.waitForTimeout(LEASE_SECONDS * 1000);
  await pageB.getByTestId('case-claim').click();
  await expect(pageB.getByTestId('holder')).toContainText('由我处理');

  // A still holds it locally and rejects: the hub refuses the decision (a later token was issued).
  await pageA.getByTestId('reject').click();
  await pageA.getByTestId('reasons-reject').click();
  await pageA.keyboard.type('经营证明不足');
  await pageA.keyboard.press('Enter');
  await pageA.keyboard.press('Escape');
  await pageA.getByRole('button', { name: '确认拒绝' }).click();
  await expect(pageA.getByTestId('hub-refused-decision')).toContainText('您的决定未被采纳', {
    timeout: 20_000,
  });
  await expect(pageA.getByTestId('hub-refused-decision')).toContainText('senior1');
  await saveScreenshot(pageA, info, 'case-decision-refused-zh.png');

  await pageA.keyboard.press('Escape');
  await expect(pageA.getByTestId('sync-attention')).toContainText('1');
  await pageA.getByTestId('sync-open').click();
  const refused = pageA.getByTestId('sync-panel').getByRole('row', { name: /审核决定/ });
  await expect(refused).toContainText('被拒绝');
  await expect(refused.getByTestId('refusal-words')).toContainText('领取已失效');
  await expect(refused.getByRole('button', { name: /重\s*试/ })).toBeVisible();
  await expect(refused.getByRole('button', { name: /放\s*弃/ })).toBeVisible();
  await saveScreenshot(pageA, info, 'sync-panel-refused-zh.png');
});
