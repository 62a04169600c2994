import { expect, test } from '@playwright/test';
import { startWebApp, type RunningApp } from './support/web-app';
import { Selectors as S } from './selectors';

/** Browser mode: a session that ends (logout, idle) says so, stops reconnecting, and a reload needs a new link. */
let app: RunningApp;

test.beforeAll(async () => {
  app = await startWebApp({ sandbox: false, env: { REPLICADESK_SESSION_IDLE_MS: '4000' } });
});
test.afterAll(async () => app?.stop());

const MESSAGE = 'This browser session has ended (idle or logged out). Open a new link: press Enter in the terminal running ReplicaDesk, or send it SIGUSR2 (kill -USR2 <pid>).';

test('Log out ends the session with a clear message, and a reload without a new link does not get back in', async ({ page }) => {
  await page.goto(app.url);
  await expect(page.locator(S.statusConnectionIs('open'))).toBeVisible();
  expect(new URL(page.url()).search).toBe('');
  const bridges: string[] = [];
  page.on('websocket', (ws) => bridges.push(ws.url()));
  await page.click(S.StatusLogOut);
  const notice = page.locator(S.SessionEnded);
  await expect(notice).toContainText(MESSAGE);
  await expect(notice).toHaveAttribute('data-reason', 'logged out');
  await expect(page.locator(S.statusConnectionIs('ended'))).toBeVisible();
  await expect(page.locator(S.StatusLogOut)).toHaveCount(0);
  await page.screenshot({ path: 'test-results/session-ended.png' });
  await page.waitForTimeout(1_500);
  expect(bridges).toEqual([]);
  const reload = await page.reload();
  expect(reload?.status()).toBe(401);
  await expect(page.locator('body')).toContainText('This ReplicaDesk browser session has ended');
  await expect(page.locator('body')).toContainText('kill -USR2');
  await expect(page.locator(S.App)).toHaveCount(0);
  // An admin without the server's terminal asks for a new link with a signal.
  await page.goto(await app.printNewLink());
  await expect(page.locator(S.statusConnectionIs('open'))).toBeVisible();
});

test('an idle session ends on its own and the page says so instead of retrying', async ({ page }) => {
  await page.goto(app.url);
  await expect(page.locator(S.statusConnectionIs('open'))).toBeVisible();
  await expect(page.locator(S.SessionEnded)).toHaveAttribute('data-reason', 'session expired', { timeout: 20_000 });
  await expect(page.locator(S.SessionEnded)).toContainText(MESSAGE);
});
