import type { Page, TestInfo } from '@playwright/test';

/**
 * Saves a screenshot as a test artifact once drawers, dialogs and toasts have finished moving: a
 * drawer caught sliding in shows the screen behind it through its own text, which is not what
 * anyone sees. Animations elsewhere (progress bars moving at 4 Hz while a unit flashes) are what
 * the screen really looks like and are not waited for, and neither are spinners, which never stop.
 */
export async function saveScreenshot(
  page: Page,
  testInfo: TestInfo,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => {
      const target = a.effect instanceof KeyframeEffect ? a.effect.target : null;
      // A spinner (an infinite animation) never settles; only finite moves are waited for.
      const endless = a.effect?.getComputedTiming().iterations === Infinity;
      return (
        a.playState !== 'running' || endless || !target?.closest('.ant-drawer, .ant-modal-root, .ant-message')
      );
    }),
  );
  await page.screenshot({ path: testInfo.outputPath(name), ...options });
}
