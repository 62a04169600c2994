import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { createLogicalPair, type LogicalNode, type LogicalPair } from '../harness/pg-logical';
import { startWebApp, type RunningApp } from './support/web-app';
import { FormFields, Selectors as S } from './selectors';

/**
 * PostgreSQL 15 logical-replication conflicts in the UI: two real primaries replicating both ways
 * (row filters), an insert/insert conflict on each side after a partition heals. One side keeps its
 * row (SKIP, whose preview lists the other change of the dropped transaction), the other takes the
 * remote row; both nodes then hold the same row and both subscriptions run again.
 */
let pair: LogicalPair;
let app: RunningApp;
const NAME = 'pg15 logical';

test.beforeAll(async () => {
  pair = await createLogicalPair();
  app = await startWebApp({ sandbox: false });
});
test.afterAll(async () => {
  await app?.stop();
  await pair?.stop();
});

const nodeId = (n: LogicalNode) => `127.0.0.1:${n.cluster.node('primary').port}`;
const rowOf = async (n: LogicalNode) => (await n.query(`SELECT id, owner, val, qty FROM items WHERE id = 1`))[0] ?? null;

test('an insert/insert conflict on each side is resolved from the UI: keep local on one, take remote on the other', async ({ page }) => {
  await page.goto(app.url);
  await page.click(S.AddClusterButton);
  await page.fill(S.formField(FormFields.name), NAME);
  await page.fill(S.formField(FormFields.seeds), `${pair.a.connectionString}\n${pair.b.connectionString}`);
  await page.click(S.FormSubmit);
  await expect(page.locator(S.clusterStatus(NAME))).toHaveAttribute('data-status', 'live', { timeout: 15_000 });

  // A partition: both stop receiving, both insert id 1 (a's transaction also inserts id 2); then it heals.
  await pair.partition(async () => {
    await pair.a.query(`BEGIN; INSERT INTO items VALUES (1, 'a', 'from-a', 1); INSERT INTO items VALUES (2, 'a', 'second-a', 2); COMMIT;`);
    await pair.b.query(`INSERT INTO items VALUES (1, 'b', 'from-b', 5)`);
  });

  await expect(page.locator(S.ConflictsBadge)).toHaveAttribute('data-count', '2', { timeout: 20_000 });
  await page.click(S.ConflictsButton);
  await page.fill(S.ConflictSearch, 'id=1');
  const onB = page.locator(`${S.ConflictRows}[data-conflict-id^="pg:${nodeId(pair.b)}:"]`);
  const onA = page.locator(`${S.ConflictRows}[data-conflict-id^="pg:${nodeId(pair.a)}:"]`);
  await expect(onB).toHaveCount(1, { timeout: 10_000 });
  await expect(onA).toHaveCount(1);

  // On b, keep the local row: the preview shows the SKIP and the other change it drops.
  await onB.click();
  await expect(page.locator(S.ConflictVersions)).toHaveCount(2);
  await expect(page.locator(S.conflictField('owner'))).toHaveAttribute('data-differs', 'true');
  await page.click(S.conflictKeep(nodeId(pair.b)));
  await expect(page.locator(S.ConflictEnginePreview)).toHaveAttribute('data-skipped', '1', { timeout: 10_000 });
  await expect(page.locator(S.ConflictSkippedChanges)).toHaveAttribute('data-key', 'id=2');
  await expect(page.locator(S.ConflictEngineStatements).filter({ hasText: 'SKIP (lsn' })).toHaveCount(1);
  await expect(page.locator(S.ConflictNotes).first()).toBeVisible();
  const shot = process.env.UPDATE_SCREENSHOTS === '1' ? '../../docs/screenshot-pg-conflict.png' : '../../test-results/pg-conflict.png';
  await page.screenshot({ path: fileURLToPath(new URL(shot, import.meta.url)) });
  await page.click(S.ConflictConfirm);
  // a still holds its own row until its side is resolved: the check says so rather than claiming convergence.
  await expect(page.locator(S.ConflictResult)).toHaveAttribute('data-state', 'diverged', { timeout: 15_000 });
  await expect(onB).toHaveCount(0, { timeout: 10_000 });

  // On a, take the remote row (b's version).
  await onA.click();
  await page.click(S.conflictKeep(nodeId(pair.b)));
  await expect(page.locator(S.ConflictEngineStatements).filter({ hasText: 'DELETE FROM' })).toHaveCount(1, { timeout: 10_000 });
  await page.click(S.ConflictConfirm);
  await expect(page.locator(S.ConflictResult)).toHaveAttribute('data-state', 'converged', { timeout: 15_000 });
  await expect(page.locator(S.ConflictsBadge)).toHaveAttribute('data-count', '0', { timeout: 15_000 });

  expect(await rowOf(pair.a)).toEqual({ id: 1, owner: 'b', val: 'from-b', qty: 5 });
  expect(await rowOf(pair.b)).toEqual({ id: 1, owner: 'b', val: 'from-b', qty: 5 });
  await pair.waitForWorkers(15_000);
});
