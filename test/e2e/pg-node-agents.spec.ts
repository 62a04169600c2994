import { expect, test, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { createPgCluster, type PgCluster } from '../harness/pg-cluster';
import { startPgAgents, type PgAgents } from '../harness/pg-agents';
import { startWebApp, type RunningApp } from './support/web-app';
import { FormFields, Selectors as S } from './selectors';

/**
 * The new-user trial in the browser: a PG15 primary + standby with a `postgres` node agent on each host, attached
 * from the Add-cluster form's Node agents rows (a mistake shown under its row first). The switchover plan then has no
 * by-hand steps and runs to done. "Connect agent…" with the same agents is refused with the way to the form.
 */
const row = (n: number, field: string) => `.node-agent[data-row="${n}"] [data-field="${field}"]`;
const token = randomBytes(16).toString('hex');
let cluster: PgCluster;
let agents: PgAgents;
let app: RunningApp;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  cluster = await createPgCluster({ standbys: 1 });
  agents = await startPgAgents(cluster, token);
  app = await startWebApp({ sandbox: false });
});
test.afterAll(async () => {
  await app?.stop();
  await agents?.stop();
  await cluster?.stop();
});

async function fillRow(page: Page, n: number, values: { nodeAddress: string; url: string; token: string }): Promise<void> {
  await page.fill(row(n, FormFields.agentNodeAddress), values.nodeAddress);
  await page.fill(row(n, FormFields.agentUrl), values.url);
  await page.fill(row(n, FormFields.agentToken), values.token);
}

test('node agents added in the Add-cluster form are connected: the switchover has no by-hand steps and runs', async ({ page }) => {
  test.setTimeout(120_000);
  const name = 'pg15 node agents e2e';
  const standby1 = `127.0.0.1:${cluster.node('standby1').port}`;
  await page.goto(app.url);
  await page.click(S.AddClusterButton);
  await page.fill(S.formField(FormFields.name), name);
  await page.fill(S.formField(FormFields.seeds), cluster.connectionString('primary'));
  await page.fill(S.formField(FormFields.discoveryPorts), cluster.nodes.map((n) => n.port).join(', '));
  await expect(page.locator('.node-agents')).toContainText('pg_rewind');
  for (const [i, a] of agents.agents.entries()) {
    await page.click('button[data-field="addNodeAgent"]');
    await fillRow(page, i + 1, { ...a, token: i === 1 ? '' : a.token });
  }
  // A clear error under the row that is wrong, before anything is sent.
  await page.click(S.FormSubmit);
  await expect(page.locator('.node-agent[data-row="2"] .field-error')).toHaveText('the agent token is required');
  await expect(page.locator('.node-agent[data-row="1"] .field-error')).toHaveCount(0);
  await page.fill(row(2, FormFields.agentToken), token);
  await page.click(S.FormSubmit);
  await expect(page.locator(S.clusterStatus(name))).toHaveAttribute('data-status', 'live', { timeout: 15_000 });
  await page.click(S.clusterListItem(name));
  await expect(page.locator(S.TopologyNodes)).toHaveCount(2, { timeout: 15_000 });

  await page.click(S.topologyNode(standby1));
  const button = page.locator(S.nodeAction('switchover'));
  await expect(button).toHaveAttribute('data-available', 'true', { timeout: 15_000 });
  // The agents connect beside SQL: wait for a plan without manual steps (a plan made before they answer has them).
  await expect(async () => {
    await button.click();
    await expect(page.locator(S.PlanManualSteps)).toHaveCount(0, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.locator(S.StepCommands).filter({ hasText: 'agent: pg_rewind' })).toHaveCount(1);
  await page.fill(S.ConfirmName, name);
  await page.click(S.ExecuteAction);
  await expect(page.locator(S.runOutcomeIs('done'))).toBeVisible({ timeout: 60_000 });
  await expect(page.locator(S.topologyNode(standby1))).toHaveAttribute('data-role', 'primary', { timeout: 15_000 });
  const [rec] = await cluster.query<{ rec: boolean }>('primary', 'SELECT pg_is_in_recovery() AS rec');
  expect(rec?.rec).toBe(true);
});

test('"Connect agent…" with those agents is refused and points at the form’s Node agents', async ({ page }) => {
  await page.goto(app.url);
  await page.click(S.ConnectAgentButton);
  await page.fill(S.formField(FormFields.name), 'pg agents as a cluster');
  await page.fill(S.formField(FormFields.agents), agents.agents.map((a) => a.url).join('\n'));
  await page.fill(S.formField(FormFields.token), token);
  await page.click(S.FormSubmit);
  await expect(page.locator(S.FormError)).toContainText('is a PostgreSQL node agent for node 127.0.0.1:', { timeout: 15_000 });
  await expect(page.locator(S.FormError)).toContainText('+ Add cluster (PostgreSQL) → Node agents');
  await expect(page.locator(S.clusterListItem('pg agents as a cluster'))).toHaveCount(0);
});
