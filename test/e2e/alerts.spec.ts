import { expect, test } from '@playwright/test';
import http from 'node:http';
import { createPgCluster, type PgCluster } from '../harness/pg-cluster';
import { startWebApp, type RunningApp } from './support/web-app';
import { FormFields, Selectors as S } from './selectors';
import { AlertIds } from '../../renderer/features/alerts/ids';

/**
 * Alerts in browser mode on a real PostgreSQL 15 primary + standby: a Slack-compatible
 * receiver added from the UI gets "primary down" when the primary stops; the alert is
 * listed; a silence is created with a reason, listed, and expired; the resolution arrives.
 */
test.describe.configure({ mode: 'serial' });

const NAME = 'pg15 alerts e2e';
const tid = (x: string) => `[data-testid="${x}"]`;
let cluster: PgCluster;
let app: RunningApp;
let hook: http.Server;
const texts: string[] = [];

test.beforeAll(async () => {
  hook = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      texts.push((JSON.parse(raw) as { text: string }).text);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  cluster = await createPgCluster({ standbys: 1 });
  app = await startWebApp({ sandbox: false });
});

test.afterAll(async () => {
  await app?.stop();
  await cluster?.stop();
  await new Promise((r) => hook?.close(r));
});

test('a DBA routes alerts to a Slack-style webhook, sees primary down and its resolution, and silences the cluster', async ({ page }) => {
  await page.goto(app.url);
  await expect(page.locator(S.statusConnectionIs('open'))).toBeVisible();
  await page.click(S.AddClusterButton);
  await page.fill(S.formField(FormFields.name), NAME);
  await page.fill(S.formField(FormFields.seeds), cluster.connectionString('primary'));
  await page.fill(S.formField(FormFields.discoveryPorts), cluster.nodes.map((n) => n.port).join(', '));
  await page.click(S.FormSubmit);
  await expect(page.locator(S.clusterStatus(NAME))).toHaveAttribute('data-status', 'live', { timeout: 15_000 });
  await page.click(S.clusterListItem(NAME));

  const settings = page.locator(tid(AlertIds.settings));
  await settings.locator('button[aria-expanded]').click();
  await settings.getByLabel('Receiver name').fill('chat');
  await settings.getByLabel('Receiver kind').selectOption('slack');
  await settings.getByLabel('Receiver URL').fill(`http://127.0.0.1:${(hook.address() as { port: number }).port}/services/T0/B0/SECRET`);
  await settings.locator(`${tid(AlertIds.receiverForm)} button[type=submit]`).click();
  await expect(page.locator(tid(AlertIds.receivers))).toHaveAttribute('data-count', '1');
  await expect(page.locator(tid(AlertIds.receivers))).not.toContainText('SECRET');

  await cluster.stopNode('primary');
  const panel = page.locator(tid(AlertIds.panel));
  await expect(panel.locator('tr[data-rule="primary-down"][data-status="firing"]')).toHaveCount(1, { timeout: 20_000 });
  await expect.poll(() => texts.join('\n'), { timeout: 10_000 }).toContain(`[FIRING] critical primary-down (${NAME} / primary)`);
  await expect(page.locator(`${tid(AlertIds.deliveries)} tr[data-state="ok"]`)).toHaveCount(1, { timeout: 10_000 });

  await panel.getByLabel('Silence duration (minutes)').fill('30');
  await panel.getByLabel('Silence reason').fill('CHG-77 disk swap');
  await panel.locator(tid(AlertIds.silenceCreate)).click();
  await expect(panel.locator(`${tid(AlertIds.silences)} tr[data-active="true"]`)).toContainText('CHG-77 disk swap');
  await expect(panel.locator('tr[data-rule="primary-down"][data-status="firing"]')).toContainText('firing (silenced)', { timeout: 10_000 });
  await page.screenshot({ path: 'docs/screenshots/alerts.png', fullPage: true });
  await panel.locator(tid(AlertIds.silenceExpire)).click();
  await expect(panel.locator(`${tid(AlertIds.silences)} tr[data-active="false"]`)).toContainText('expired', { timeout: 10_000 });

  await cluster.startNode('primary');
  await expect(panel.locator('tr[data-rule="primary-down"][data-status="resolved"]')).toHaveCount(1, { timeout: 30_000 });
  await expect.poll(() => texts.join('\n'), { timeout: 10_000 }).toContain(`[RESOLVED] primary-down (${NAME} / primary)`);
});
