import { expect, test, type Page } from '@playwright/test';
import { startWebApp, type RunningApp } from './support/web-app';
import { Selectors as S } from './selectors';

/** With no configuration at all, browser mode opens on the live sandbox, and its faults behave like the real thing. */
let app: RunningApp;

test.beforeAll(async () => {
  app = await startWebApp({ sandbox: true });
});
test.afterAll(async () => app?.stop());

const PRIMARY_REPLICA = 'Sandbox · primary/replica';
const MULTI_PRIMARY = 'Sandbox · multi-primary';
const RAFT = 'Sandbox · Raft';

async function open(page: Page, name: string) {
  await page.click(S.clusterListItem(name));
  await expect(page.locator(S.ClusterHeader)).toContainText(name);
}

async function fault(page: Page, button: string) {
  await page.click(button);
  await expect(page.locator(S.SandboxResult)).toHaveAttribute('data-state', 'done');
}

test('the sandbox appears with three labelled, live clusters', async ({ page }) => {
  await page.goto(app.url);
  for (const name of [PRIMARY_REPLICA, MULTI_PRIMARY, RAFT]) {
    await expect(page.locator(S.clusterStatus(name))).toHaveAttribute('data-status', 'live', { timeout: 15_000 });
    await expect(page.locator(S.clusterSandboxLabel(name))).toBeVisible();
  }
  await open(page, PRIMARY_REPLICA);
  await expect(page.locator(S.TopologyNodes)).toHaveCount(4);
  await expect(page.locator(S.topologyNodeWithRole('cascading-replica'))).toHaveCount(1);
});

test('lag rises after "slow link" and falls after "heal"', async ({ page }) => {
  await page.goto(app.url);
  await open(page, PRIMARY_REPLICA);
  const linkId = 'primary->replica-2';
  const label = page.locator(S.topologyEdgeLabel(linkId));
  await expect(label).toBeVisible();
  const bytes = async () => Number(await label.getAttribute('data-bytes'));
  await page.click(S.topologyEdgeLabel(linkId));
  await page.fill(S.SandboxWriteRate, '200');
  await fault(page, S.SandboxWriteRateApply);
  await page.fill(S.SandboxDelayMs, '2000');
  await page.fill(S.SandboxBandwidth, '4');
  await fault(page, S.SandboxSlowLink);
  await expect.poll(bytes, { timeout: 15_000 }).toBeGreaterThan(10_000);
  await fault(page, S.SandboxHealLink);
  await expect.poll(bytes, { timeout: 20_000 }).toBeLessThan(2_000);
});

test('writing the same key on two peers raises a conflict', async ({ page }) => {
  await page.goto(app.url);
  await open(page, MULTI_PRIMARY);
  await page.selectOption(S.SandboxSameKeyA, 'peer-1');
  await page.selectOption(S.SandboxSameKeyB, 'peer-2');
  await page.fill(S.SandboxSameKeyName, 'e2e-key');
  await fault(page, S.SandboxSameKey);
  await expect(page.locator(S.eventsOfKind('conflict-detected')).filter({ hasText: 'e2e-key' })).toBeVisible({ timeout: 10_000 });
});

test('killing the Raft leader shows a new leader with a higher term', async ({ page }) => {
  await page.goto(app.url);
  await open(page, RAFT);
  const panel = page.locator(S.ConsensusPanel);
  await expect(panel).toHaveAttribute('data-leader-id', /.+/, { timeout: 10_000 });
  const oldLeader = (await panel.getAttribute('data-leader-id'))!;
  const oldTerm = Number(await panel.getAttribute('data-term'));
  await page.click(S.topologyNode(oldLeader));
  await fault(page, S.SandboxKill);
  // How fast is a benchmark's question; here only that it happens (generous for a loaded machine).
  await expect(panel).not.toHaveAttribute('data-leader-id', oldLeader, { timeout: 15_000 });
  await expect(panel).toHaveAttribute('data-leader-id', /.+/, { timeout: 15_000 });
  expect(Number(await panel.getAttribute('data-term'))).toBeGreaterThan(oldTerm);
  await expect(page.locator(S.eventsOfKind('leader-change')).first()).toBeVisible();
});

// Last in this file: it leaves the primary/replica sandbox without its primary.
test('an alias names a node everywhere; killing the primary shows "primary down" with the suggested failover, whose button opens the plan', async ({ page }) => {
  await page.goto(app.url);
  await open(page, PRIMARY_REPLICA);
  await page.click(S.topologyNode('replica-1'));
  await page.click(S.NodeAliasEdit);
  await page.fill(S.NodeAliasInput, 'x'.repeat(65));
  await page.click(S.NodeAliasSave);
  await expect(page.locator(S.NodeAliasError)).toContainText('at most 64 characters');
  await page.fill(S.NodeAliasInput, 'reporting-db');
  await page.click(S.NodeAliasSave);
  await expect(page.locator(S.topologyNode('replica-1'))).toContainText('reporting-db', { timeout: 5_000 });
  await expect(page.locator(S.linkRow('primary->replica-1'))).toContainText('reporting-db');

  await expect(page.locator(S.clusterHeadlineBadge(PRIMARY_REPLICA))).toHaveAttribute('data-state', /healthy|degraded/);
  await page.click(S.topologyNode('primary'));
  await fault(page, S.SandboxKill);
  const badge = page.locator(S.clusterHeadlineBadge(PRIMARY_REPLICA));
  await expect(badge).toHaveAttribute('data-state', 'primary-down', { timeout: 5_000 });
  await expect(badge).toHaveText(/primary down/i);
  await expect(page.locator(S.clusterListItem(PRIMARY_REPLICA))).not.toContainText(/\blive\b/i);
  await expect(page.locator(S.clusterHeadlineLine(PRIMARY_REPLICA))).toContainText(/primary primary down \d+ s: fail over to \S+, ranked first/);
  await expect(page.locator(S.HeaderHeadlineBadge)).toHaveAttribute('data-state', 'primary-down');
  const prompt = page.locator(S.HeadlinePrompt);
  await expect(prompt).toContainText(/fail over to \S+, ranked first: lag/);
  const action = page.locator(S.HeadlineAction);
  await expect(action).toHaveAttribute('data-kind', 'failover');
  const target = (await action.getAttribute('data-target'))!;
  expect(['replica-1', 'replica-2', 'replica-3']).toContain(target);
  await expect(page.locator(S.eventsOfKind('node-down')).filter({ hasText: 'primary' }).first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('primary-down-headline.png'), fullPage: false });
  await action.click();
  const plan = page.locator(S.PlanPanel);
  await expect(plan).toBeVisible({ timeout: 10_000 });
  await expect(plan).toHaveAttribute('data-kind', 'failover');
  await expect(plan).toHaveAttribute('data-target', target);
  await page.screenshot({ path: test.info().outputPath('primary-down-plan.png'), fullPage: true });
});
