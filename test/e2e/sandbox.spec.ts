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

test('killing the Raft leader shows a new leader within 3 s', async ({ page }) => {
  await page.goto(app.url);
  await open(page, RAFT);
  const panel = page.locator(S.ConsensusPanel);
  await expect(panel).toHaveAttribute('data-leader-id', /.+/, { timeout: 10_000 });
  const oldLeader = (await panel.getAttribute('data-leader-id'))!;
  const oldTerm = Number(await panel.getAttribute('data-term'));
  await page.click(S.topologyNode(oldLeader));
  await fault(page, S.SandboxKill);
  const killedAt = Date.now();
  await expect(panel).not.toHaveAttribute('data-leader-id', oldLeader, { timeout: 3_000 });
  await expect(panel).toHaveAttribute('data-leader-id', /.+/, { timeout: 3_000 - (Date.now() - killedAt) });
  expect(Date.now() - killedAt).toBeLessThanOrEqual(3_000);
  expect(Number(await panel.getAttribute('data-term'))).toBeGreaterThan(oldTerm);
  await expect(page.locator(S.eventsOfKind('leader-change')).first()).toBeVisible();
});
