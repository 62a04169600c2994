import { expect, test } from '@playwright/test';
import { startWebApp, type RunningApp } from './support/web-app';
import { Selectors as S } from './selectors';

/**
 * Browser mode's idle timeout counts people, not the page's own timers: a selected node polls its actions
 * every 5 s and the alert panels every 3 s, yet an untouched tab still times out; someone clicking keeps it.
 */
const IDLE_MS = 6_000;
let app: RunningApp;

test.beforeAll(async () => {
  app = await startWebApp({ sandbox: true, env: { REPLICADESK_SESSION_IDLE_MS: String(IDLE_MS) } });
});
test.afterAll(async () => app?.stop());

test('with a node selected the session lives while someone uses the page, and ends once nobody does', async ({ page }) => {
  await page.goto(app.url);
  await page.click(S.clusterListItem('Sandbox · primary/replica'));
  await page.click(S.topologyNode('replica-1'));
  await expect(page.locator(S.nodeAction('switchover'))).toBeVisible({ timeout: 15_000 });
  // Someone at the page for 1.5 × the idle time: a key or a scroll now and then.
  const until = Date.now() + 1.5 * IDLE_MS;
  while (Date.now() < until) {
    await page.mouse.wheel(0, 40);
    await page.keyboard.press('Shift');
    await page.waitForTimeout(1_000);
  }
  await expect(page.locator(S.statusConnectionIs('open'))).toBeVisible();
  // Then nobody: the page's polls go on, the session ends all the same.
  await expect(page.locator(S.SessionEnded)).toHaveAttribute('data-reason', 'session expired', { timeout: 4 * IDLE_MS });
});
