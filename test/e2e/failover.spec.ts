import { expect, test, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { createPgCluster, type PgCluster } from '../harness/pg-cluster';
import { startWebApp, type RunningApp } from './support/web-app';
import { FormFields, Selectors as S } from './selectors';

/** Switchover driven from the UI, with its dry run, typed confirmation and live progress: on the sandbox and on real PostgreSQL. */

/** `manual`: how many steps the plan leaves to the admin (no agent on the old primary's host). */
async function switchoverFromUi(page: Page, clusterName: string, targetNodeId: string, manual = 0): Promise<void> {
  await page.click(S.topologyNode(targetNodeId));
  const button = page.locator(S.nodeAction('switchover'));
  await expect(button).toHaveAttribute('data-available', 'true', { timeout: 15_000 });
  await button.click();
  const plan = page.locator(S.PlanPanel);
  await expect(plan).toHaveAttribute('data-target', targetNodeId);
  await expect(page.locator(S.PlanFailedBlockers)).toHaveCount(0);
  expect(await page.locator(S.PlanSteps).count()).toBeGreaterThanOrEqual(3);
  await expect(page.locator(S.StepCommands).first()).not.toBeEmpty();
  // Before confirmation: what ReplicaDesk cannot finish is said, and the manual steps are marked.
  await expect(page.locator(S.PlanManualSteps)).toHaveCount(manual);
  if (manual > 0) {
    await expect(page.locator(S.PlanManualNote)).toHaveAttribute('data-count', String(manual));
    await expect(page.locator(S.PlanManualNote)).toContainText(`done, ${manual} manual steps left`);
    await expect(page.locator(S.planCheck('rejoin'))).toHaveAttribute('data-severity', 'warning');
  } else {
    await expect(page.locator(S.PlanManualNote)).toHaveCount(0);
  }

  // The confirmation cannot happen by accident: a near-miss name keeps Execute disabled.
  await page.fill(S.ConfirmName, clusterName.slice(0, -1));
  await expect(page.locator(S.ExecuteAction)).toBeDisabled();
  await page.fill(S.ConfirmName, clusterName);
  await expect(page.locator(S.ExecuteAction)).toBeEnabled();
  await page.click(S.ExecuteAction);

  await expect(page.locator(S.runOutcomeIs(manual > 0 ? 'done-manual' : 'done'))).toBeVisible({ timeout: 60_000 });
  const steps = page.locator(S.PlanSteps);
  const count = await steps.count();
  await expect(page.locator(S.planStepsInState('done'))).toHaveCount(count - manual);
  await expect(page.locator(S.planStepsInState('manual'))).toHaveCount(manual);
  if (manual > 0) {
    await expect(page.locator(S.RunOutcome)).toContainText(`Done, ${manual} manual steps left`);
    await expect(page.locator(S.Runbook)).toHaveAttribute('data-left', String(manual));
  }
  await expect(page.locator(S.topologyNode(targetNodeId))).toHaveAttribute('data-role', 'primary', { timeout: 15_000 });

  // The audit log has the action, and its chain verifies.
  await page.click(S.AuditToggle);
  await expect.poll(async () => Number(await page.locator(S.AuditList).getAttribute('data-count')), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
}

test.describe('on the sandbox', () => {
  let app: RunningApp;
  test.beforeAll(async () => {
    app = await startWebApp({ sandbox: true });
  });
  test.afterAll(async () => app?.stop());

  test('switchover to replica-2: plan, confirm, progress, new primary, audit', async ({ page }) => {
    const name = 'Sandbox · primary/replica';
    await page.goto(app.url);
    await page.click(S.clusterListItem(name));
    await expect(page.locator(S.TopologyNodes)).toHaveCount(4);
    await switchoverFromUi(page, name, 'replica-2');
    await expect(page.locator(S.topologyNode('primary'))).not.toHaveAttribute('data-role', 'primary', { timeout: 15_000 });
  });
});

test.describe('on real PostgreSQL 15', () => {
  let app: RunningApp;
  let cluster: PgCluster;
  test.beforeAll(async () => {
    cluster = await createPgCluster({ standbys: 2 });
    app = await startWebApp({ sandbox: false });
  });
  test.afterAll(async () => {
    await app?.stop();
    await cluster?.stop();
  });

  test('switchover to standby1 without the agent: the plan shows the manual rejoin, the run ends with its runbook', async ({ page }) => {
    const name = 'pg15 failover e2e';
    await page.goto(app.url);
    await page.click(S.AddClusterButton);
    await page.fill(S.formField(FormFields.name), name);
    await page.fill(S.formField(FormFields.seeds), cluster.connectionString('primary'));
    await page.fill(S.formField(FormFields.discoveryPorts), cluster.nodes.map((n) => n.port).join(', '));
    await page.click(S.FormSubmit);
    await expect(page.locator(S.clusterStatus(name))).toHaveAttribute('data-status', 'live', { timeout: 15_000 });
    await page.click(S.clusterListItem(name));
    await expect(page.locator(S.TopologyNodes)).toHaveCount(3);
    const standby1 = `127.0.0.1:${cluster.node('standby1').port}`;
    await switchoverFromUi(page, name, standby1, 6);
    const [row] = await cluster.query<{ default_transaction_read_only: string }>('primary', 'SHOW default_transaction_read_only');
    expect(row?.default_transaction_read_only).toBe('on');
    // The runbook is this cluster's: the old primary's data directory and the new primary's address.
    const runbook = page.locator(S.Runbook);
    await expect(runbook).toContainText(`pg_rewind --target-pgdata=${cluster.node('primary').dataDir} --source-server='host=127.0.0.1 port=${cluster.node('standby1').port}`);
    await expect(runbook).toContainText(`'port = ${cluster.node('primary').port}'`);
    await expect(runbook.locator('li').first()).toContainText('CHECKPOINT on standby1 first');
    await page.locator(S.RunOutcome).scrollIntoViewIfNeeded();
    const shot = process.env.UPDATE_SCREENSHOTS === '1' ? '../../docs/switchover-manual.png' : '../../test-results/switchover-manual.png';
    await page.screenshot({ path: fileURLToPath(new URL(shot, import.meta.url)), fullPage: true });
  });
});
