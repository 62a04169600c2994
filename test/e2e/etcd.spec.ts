import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { startEtcdCluster, type EtcdCluster } from '../harness/etcd-cluster';
import { startWebApp, type RunningApp } from './support/web-app';
import { FormFields, Selectors as S } from './selectors';

/** A real 3-member etcd 3.4 cluster, added from the UI by one client URL: members, leader and term in the consensus view. */
let etcd: EtcdCluster;
let app: RunningApp;

test.beforeAll(async () => {
  etcd = await startEtcdCluster(3);
  app = await startWebApp({ sandbox: false });
});
test.afterAll(async () => {
  await app?.stop();
  await etcd?.stop();
});

test('an etcd cluster added by one client URL shows every member, one leader and its term', async ({ page }) => {
  await page.goto(app.url);

  // Not etcd: refused with a reason, nothing added.
  await page.click(S.AddEtcdButton);
  await page.fill(S.formField(FormFields.name), 'not etcd');
  await page.fill(S.formField(FormFields.endpoints), app.url.replace(/\/\?token=.*$/, ''));
  await page.click(S.FormSubmit);
  await expect(page.locator(S.FormError)).toContainText(/not-etcd|not etcd/i, { timeout: 15_000 });
  await page.click(S.FormCancel);

  await page.click(S.AddEtcdButton);
  await page.fill(S.formField(FormFields.name), 'etcd e2e');
  await page.fill(S.formField(FormFields.endpoints), etcd.clientUrls[0]!);
  await page.click(S.FormSubmit);
  await expect(page.locator(S.clusterStatus('etcd e2e'))).toHaveAttribute('data-status', 'live', { timeout: 15_000 });
  await page.click(S.clusterListItem('etcd e2e'));
  await expect(page.locator(S.ConsensusMembers)).toHaveCount(3);
  await expect(page.locator(S.ConsensusLeaderRow)).toHaveCount(1);
  const panel = page.locator(S.ConsensusPanel);
  await expect(panel).toHaveAttribute('data-leader-id', /^\d+$/);
  expect(Number(await panel.getAttribute('data-term'))).toBeGreaterThanOrEqual(1);

  // Move leadership to a follower from the UI: dry run, typed confirmation, then the view shows the new leader.
  const follower = page.locator(`${S.ConsensusMembers}[data-leader="false"]`).first();
  const [memberId, nodeId] = [await follower.getAttribute('data-member-id'), await follower.getAttribute('data-node-id')];
  await page.click(S.topologyNode(nodeId!));
  const button = page.locator(S.nodeAction('transfer-leadership'));
  await expect(button).toHaveAttribute('data-available', 'true', { timeout: 15_000 });
  await button.click();
  await expect(page.locator(S.PlanPanel)).toHaveAttribute('data-target', nodeId!);
  await expect(page.locator(S.PlanFailedBlockers)).toHaveCount(0);
  await page.fill(S.ConfirmName, 'etcd e2e');
  await page.click(S.ExecuteAction);
  await expect(page.locator(S.runOutcomeIs('done'))).toBeVisible({ timeout: 30_000 });
  await expect(panel).toHaveAttribute('data-leader-id', memberId!, { timeout: 15_000 });
  await page.click(S.PlanClose);
  await page.locator(S.ConsensusPanel).scrollIntoViewIfNeeded();

  // Kept for the README with UPDATE_SCREENSHOTS=1; otherwise beside the other test results.
  const shot = process.env.UPDATE_SCREENSHOTS === '1' ? '../../docs/screenshot-etcd.png' : '../../test-results/etcd-consensus.png';
  await page.screenshot({ path: fileURLToPath(new URL(shot, import.meta.url)) });
});
