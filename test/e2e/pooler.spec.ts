import { expect, test, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { PgbouncerBackend } from '../../agent/pgbouncer/backend';
import { startAgentServer, type AgentServer } from '../../agent/server';
import { createLogger } from '../../electron/core/logger';
import { createPoolerRig, type PoolerRig } from '../harness/pgbouncer-rig';
import { startWebApp, type RunningApp } from './support/web-app';
import { FormFields, Selectors as S, TestIds } from './selectors';

/**
 * A PostgreSQL cluster added from the form with a PgBouncer pooler and its agent; the pooler node and its
 * arrow to the primary; a switchover from the UI (PAUSE … RESUME, re-point); the arrow now at the new primary.
 */

const id = (t: string) => `[data-testid="${t}"]`;
const P = {
  add: id(TestIds.poolerAdd),
  field: (row: number, field: string) => `${id(TestIds.poolerField)}[data-row="${row}"][data-field="${field}"]`,
  fieldError: (row: number, field: string) => `${id(TestIds.poolerFieldError)}[data-row="${row}"][data-field="${field}"]`,
  node: id(TestIds.poolerNode),
  routeTo: (nodeId: string) => `${id(TestIds.poolerRouteEdge)}[data-target="${nodeId}"]`,
  routes: id(TestIds.poolerRouteEdge),
  detail: id(TestIds.poolerDetail),
  detailRoute: id(TestIds.poolerRoute),
};

let rig: PoolerRig;
let agent: AgentServer;
let app: RunningApp;
const token = randomBytes(16).toString('hex');

test.beforeAll(async () => {
  test.setTimeout(180_000);
  rig = await createPoolerRig({ superuserInPooler: true, bouncer: { poolMode: 'transaction', serverLoginRetryS: 1 } });
  const b = rig.bouncer;
  agent = await startAgentServer({ backend: new PgbouncerBackend({ iniFile: b.iniFile, admin: { host: '127.0.0.1', port: b.port, user: b.adminUser, password: b.adminPassword } }), token, log: createLogger('e2e/pgbouncer-agent') });
  app = await startWebApp({ sandbox: false });
});
test.afterAll(async () => {
  await app?.stop();
  await agent?.close();
  await rig?.stop();
});

async function fillPooler(page: Page, values: Record<string, string>): Promise<void> {
  for (const [field, value] of Object.entries(values)) await page.fill(P.field(0, field), value);
}

test('a pooler added from the form routes to the primary, and follows a switchover run from the UI', async ({ page }) => {
  test.setTimeout(180_000);
  const name = 'pg15 pooler e2e';
  const c = rig.cluster;
  const primary = `127.0.0.1:${c.node('primary').port}`;
  const standby1 = `127.0.0.1:${c.node('standby1').port}`;
  await page.goto(app.url);
  await page.click(S.AddClusterButton);
  await page.fill(S.formField(FormFields.name), name);
  await page.fill(S.formField(FormFields.seeds), c.connectionString('primary'));
  await page.fill(S.formField(FormFields.discoveryPorts), c.nodes.map((n) => n.port).join(', '));
  await page.click(P.add);
  // A clear error on the input that is wrong, before anything is sent.
  await fillPooler(page, { name: 'bouncer1', host: '127.0.0.1', port: 'sixty', user: rig.bouncer.adminUser, password: rig.bouncer.adminPassword, agentUrl: agent.url, agentToken: '' });
  await page.click(S.FormSubmit);
  await expect(page.locator(P.fieldError(0, 'port'))).toHaveText('"sixty" is not a port number');
  await expect(page.locator(P.fieldError(0, 'agentToken'))).toHaveText('the agent token is required');
  await fillPooler(page, { port: String(rig.bouncer.port), agentToken: token });
  await page.click(S.FormSubmit);
  await expect(page.locator(S.clusterStatus(name))).toHaveAttribute('data-status', 'live', { timeout: 15_000 });
  await page.click(S.clusterListItem(name));
  await expect(page.locator(S.TopologyNodes)).toHaveCount(3, { timeout: 15_000 });

  // The pooler node, readable, in transaction pooling, with its arrow to the primary.
  const node = page.locator(P.node);
  await expect(node).toHaveAttribute('data-status', 'ok', { timeout: 15_000 });
  await expect(node).toHaveAttribute('data-pool-mode', 'transaction');
  await expect(page.locator(P.routes)).toHaveCount(1);
  await expect(page.locator(P.routeTo(primary))).toHaveCount(1);
  await node.click();
  await expect(page.locator(P.detail)).toBeVisible();
  await expect(page.locator(`${P.detail} [data-field="agent"]`)).toHaveAttribute('data-agent', 'ready', { timeout: 15_000 });
  await expect(page.locator(P.detailRoute)).toHaveAttribute('data-target', primary);
  await expect(page.locator(`${P.detail} [data-field="pool_mode"]`)).toHaveAttribute('data-value', 'transaction');

  // Switchover to standby1 from the UI: the plan pauses and re-points the pooler.
  await page.click(S.topologyNode(standby1));
  const button = page.locator(S.nodeAction('switchover'));
  await expect(button).toHaveAttribute('data-available', 'true', { timeout: 15_000 });
  await button.click();
  await expect(page.locator(S.PlanPanel)).toHaveAttribute('data-target', standby1);
  await expect(page.locator(S.PlanFailedBlockers)).toHaveCount(0);
  await expect(page.locator(id(TestIds.planIgnorePoolers))).toHaveCount(0);
  const stepIds = await page.locator(S.PlanSteps).evaluateAll((els) => els.map((e) => e.getAttribute('data-step-id') ?? ''));
  expect(stepIds.filter((s) => s.startsWith('pooler-')).map((s) => s.split('~')[0])).toEqual(expect.arrayContaining(['pooler-pause', 'pooler-repoint', 'pooler-resume']));
  await page.fill(S.ConfirmName, name);
  await page.click(S.ExecuteAction);
  await expect(page.locator(`${S.runOutcomeIs('done')}, ${S.runOutcomeIs('done-manual')}`)).toBeVisible({ timeout: 90_000 });
  for (const step of ['pooler-pause', 'pooler-repoint', 'pooler-resume']) {
    await expect(page.locator(`${id(TestIds.planStep)}[data-step-id^="${step}~"]`)).toHaveAttribute('data-state', 'done');
  }
  await expect(page.locator(S.topologyNode(standby1))).toHaveAttribute('data-role', 'primary', { timeout: 15_000 });

  // The pooler now points at the new primary: the arrow, the detail, and PgBouncer itself.
  await expect(page.locator(P.routeTo(standby1))).toHaveCount(1, { timeout: 15_000 });
  await expect(page.locator(P.routeTo(primary))).toHaveCount(0);
  await expect(node).toHaveAttribute('data-paused', 'false');
  await node.click();
  await expect(page.locator(P.detailRoute)).toHaveAttribute('data-target', standby1);
  const admin = await rig.bouncer.admin('SHOW DATABASES');
  expect(Number(admin.find((d) => d.name === 'appdb')?.port)).toBe(c.node('standby1').port);

  await page.setViewportSize({ width: 1440, height: 1250 }); // the pooler detail panel below the graph, whole
  const shot = process.env.UPDATE_SCREENSHOTS === '1' ? '../../docs/screenshots/pooler-switchover.png' : '../../test-results/pooler-switchover.png';
  await page.screenshot({ path: fileURLToPath(new URL(shot, import.meta.url)), fullPage: true });
});
