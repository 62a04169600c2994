import { expect, test } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { createPgCluster, type PgCluster } from '../harness/pg-cluster';
import { startWriteLoad, type WriteLoad } from '../harness/write-load';
import { startWebApp, type RunningApp } from './support/web-app';
import { FormFields, Selectors as S } from './selectors';

/** Browser mode against a real PostgreSQL 15 cluster: primary + 2 standbys. */
let cluster: PgCluster;
let app: RunningApp;
let load: WriteLoad | null = null;

test.beforeAll(async () => {
  cluster = await createPgCluster({ standbys: 2 });
  app = await startWebApp({ sandbox: false });
});

test.afterAll(async () => {
  await load?.stop();
  await app?.stop();
  await cluster?.stop();
});

const nodeId = (name: string) => `127.0.0.1:${cluster.node(name).port}`;

test('a DBA adds a real cluster, sees its topology and a moving lag chart', async ({ page }) => {
  await page.goto(app.url);
  await expect(page.locator(S.statusConnectionIs('open'))).toBeVisible();

  // Bad input first: a malformed connection string is refused with the reason, nothing is added.
  await page.click(S.AddClusterButton);
  await page.fill(S.formField(FormFields.name), 'broken');
  await page.fill(S.formField(FormFields.seeds), 'postgres://[::1');
  await page.click(S.FormSubmit);
  await expect(page.locator(S.FormError).or(page.locator(S.FieldErrors)).first()).toBeVisible();
  await expect(page.locator(S.ClusterListItems)).toHaveCount(0);
  await page.click(S.FormCancel);

  // Seeded from the primary, with the standbys' ports to try (all on one host here).
  await page.click(S.AddClusterButton);
  await page.fill(S.formField(FormFields.name), 'pg15 e2e');
  await page.fill(S.formField(FormFields.seeds), cluster.connectionString('primary'));
  await page.fill(S.formField(FormFields.discoveryPorts), cluster.nodes.map((n) => n.port).join(', '));
  await page.click(S.FormSubmit);
  await expect(page.locator(S.clusterStatus('pg15 e2e'))).toHaveAttribute('data-status', 'live', { timeout: 15_000 });
  await page.click(S.clusterListItem('pg15 e2e'));

  await expect(page.locator(S.TopologyNodes)).toHaveCount(3);
  await expect(page.locator(S.topologyNode(nodeId('primary')))).toHaveAttribute('data-role', 'primary');
  for (const standby of ['standby1', 'standby2']) {
    await expect(page.locator(S.topologyNode(nodeId(standby)))).toHaveAttribute('data-role', 'replica');
    await expect(page.locator(S.topologyNode(nodeId(standby)))).toHaveAttribute('data-status', 'up');
  }

  // Pause replay on standby1 under a write load: its lag chart must climb.
  const linkId = `${nodeId('primary')}->${nodeId('standby1')}`;
  await cluster.query('standby1', 'SELECT pg_wal_replay_pause()');
  load = await startWriteLoad(cluster.connectionString('primary'));
  await page.click(S.topologyEdgeLabel(linkId));
  const chart = page.locator(S.lagChart(linkId));
  await expect(chart).toBeVisible();
  const latest = async () => Number(await chart.getAttribute('data-latest'));
  await expect.poll(latest, { timeout: 15_000 }).toBeGreaterThan(100_000);
  const first = await latest();
  await expect.poll(latest, { timeout: 15_000 }).toBeGreaterThan(first);
  await expect(page.locator(S.topologyEdgeLabel(linkId))).not.toHaveAttribute('data-bytes', '0');

  // Kept for the README with UPDATE_SCREENSHOTS=1; otherwise beside the other test results.
  const shot = process.env.UPDATE_SCREENSHOTS === '1' ? '../../docs/screenshot.png' : '../../test-results/postgres-topology.png';
  await page.screenshot({ path: fileURLToPath(new URL(shot, import.meta.url)) });

  // Resume: the lag falls back to 0.
  await load.stop();
  load = null;
  await cluster.query('standby1', 'SELECT pg_wal_replay_resume()');
  await expect.poll(latest, { timeout: 20_000 }).toBe(0);

  // Adding the same cluster twice is refused with a reason.
  await page.click(S.AddClusterButton);
  await page.fill(S.formField(FormFields.name), 'pg15 again');
  await page.fill(S.formField(FormFields.seeds), cluster.connectionString('standby2'));
  await page.click(S.FormSubmit);
  await expect(page.locator(S.FormError)).toContainText(/already monitored/);
});
