import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { createPglMesh, type PglMesh, type PglNode } from '../harness/pglogical-mesh';
import { seedRows } from '../harness/pglogical-scenario';
import { startWebApp, type RunningApp } from './support/web-app';
import { FormFields, Selectors as S } from './selectors';

/**
 * pglogical 2.4 on three real PG15 nodes (fully meshed, last_update_wins), added by n1 alone: an
 * update/update across a partition is resolved by the engine (n2's later write wins everywhere);
 * the admin overturns it from the UI, restoring n1's version, and all three nodes hold it.
 */
let mesh: PglMesh;
let app: RunningApp;
const NAME = 'pglogical mesh';

test.beforeAll(async () => {
  mesh = await createPglMesh({ resolution: 'last_update_wins' });
  app = await startWebApp({ sandbox: false });
});
test.afterAll(async () => {
  await app?.stop();
  await mesh?.stop();
});

const valOf = async (n: PglNode) => (await n.query<{ val: string }>(`SELECT val FROM items WHERE id = 1`))[0]?.val ?? null;

test('an engine decision is overturned from the UI and every node holds the restored row', async ({ page }) => {
  await page.goto(app.url);
  await page.click(S.AddClusterButton);
  await page.fill(S.formField(FormFields.name), NAME);
  await page.fill(S.formField(FormFields.seeds), mesh.node('n1').connectionString);
  await page.click(S.FormSubmit);
  await expect(page.locator(S.clusterStatus(NAME))).toHaveAttribute('data-status', 'live', { timeout: 15_000 });

  await seedRows(mesh);
  await mesh.partition();
  for (const n of [mesh.node('n1'), mesh.node('n2')]) {
    await n.query(`UPDATE items SET val = $1 WHERE id = 1`, [`uu-${n.name}`]);
    await new Promise((r) => setTimeout(r, 30));
  }
  await mesh.heal();

  await page.click(S.ConflictsButton);
  await page.click(S.conflictStatusTab('resolved'));
  await page.fill(S.ConflictSearch, 'id=1');
  const row = page.locator(`${S.ConflictRows}[data-conflict-id^="pgl:"]`);
  await expect(row).toHaveCount(1, { timeout: 20_000 });
  await row.click();
  await expect(page.locator('[data-testid="engine-badge"]')).toBeVisible();
  await expect(page.locator('[data-testid="engine-rule"]')).toContainText('last_update_wins: remote committed');
  await expect(page.locator('[data-testid="engine-decision"]')).toHaveAttribute('data-kept', 'n2');

  await page.click(S.conflictKeep('n1'));
  await expect(page.locator(S.ConflictEngineStatements).filter({ hasText: 'INSERT INTO public.items' })).toHaveCount(1, { timeout: 10_000 });
  const shot = process.env.UPDATE_SCREENSHOTS === '1' ? '../../docs/screenshots/pglogical-overturn.png' : '../../test-results/pglogical-overturn.png';
  await page.screenshot({ path: fileURLToPath(new URL(shot, import.meta.url)) });
  await page.click(S.ConflictConfirm);
  await expect(page.locator(S.ConflictResult)).toHaveAttribute('data-state', 'converged', { timeout: 15_000 });
  await expect(page.locator('[data-testid="engine-decision"]')).toHaveAttribute('data-review', 'overturned', { timeout: 10_000 });
  for (const n of mesh.nodes) expect(await valOf(n)).toBe('uu-n1');
});

const BULK_FIRST = 200_000;
const BULK = 40;
const bulkShot = (name: string) => fileURLToPath(new URL(`../../test-results/${name}.png`, import.meta.url));

/**
 * Bulk review from the "To review" tab (trial 14, finding 1): 40 update/update decisions (the engine kept n2's
 * later rows) are found by a key prefix, reviewed by prefer-node n1 picked from the node list, and every node
 * then holds n1's rows, read by SQL.
 */
test('engine decisions are bulk-reviewed from the To review tab, with a node picked from the list', async ({ page }) => {
  const [n1, n2] = [mesh.node('n1'), mesh.node('n2')];
  const last = BULK_FIRST + BULK - 1;
  await n1.query(`INSERT INTO items SELECT g, 'bulk', 'v0', 1 FROM generate_series($1::int, $2::int) g`, [BULK_FIRST, last]);
  const countOn = async (n: PglNode, where: string) => Number((await n.query<{ c: string }>(`SELECT count(*) AS c FROM items WHERE id BETWEEN $1 AND $2 AND ${where}`, [BULK_FIRST, last]))[0]!.c);
  for (const n of mesh.nodes) await expect.poll(() => countOn(n, 'true'), { timeout: 30_000 }).toBe(BULK);
  await mesh.partition();
  await n1.query(`UPDATE items SET val = 'n1-' || id WHERE id BETWEEN $1 AND $2`, [BULK_FIRST, last]);
  await new Promise((r) => setTimeout(r, 30));
  await n2.query(`UPDATE items SET val = 'n2-' || id WHERE id BETWEEN $1 AND $2`, [BULK_FIRST, last]);
  await mesh.heal();
  for (const n of mesh.nodes) await expect.poll(() => countOn(n, `val = 'n2-' || id`), { timeout: 60_000 }).toBe(BULK);

  await page.goto(app.url);
  await expect(page.locator(S.clusterStatus(NAME))).toHaveAttribute('data-status', 'live', { timeout: 15_000 });
  const reviewBadge = page.locator('[data-testid="conflicts-review-badge"]');
  await expect(reviewBadge).toBeVisible({ timeout: 60_000 });
  // The sidebar shows both counts whole: "Conflicts [0 open]" and "[n to review]" (finding 13).
  await expect(page.locator(S.ConflictsBadge)).toHaveText('0 open');
  await expect(reviewBadge).toHaveText(/^\d+ to review$/);
  await page.locator('aside.sidebar').screenshot({ path: bulkShot('pglogical-sidebar-badges') });
  await page.click(S.ConflictsButton);
  const reviewTab = page.locator('[data-testid="conflict-status-tab"][data-status="review"]');
  await reviewTab.click();
  await page.fill(S.ConflictSearch, `id=${String(BULK_FIRST).slice(0, 4)}*`);
  const rows = page.locator(`${S.ConflictRows}[data-kind="update-update"]`);
  const bulk = page.locator(S.PolicyBulk);
  await expect(bulk).toHaveText(`Review ${BULK} shown…`, { timeout: 60_000 });
  await expect(bulk).toBeEnabled();
  await rows.first().click();
  await page.screenshot({ path: bulkShot('pglogical-to-review') });
  // Accepting one decision is shown as no write (finding 10); it is not confirmed here, the bulk review does it.
  await page.click(S.conflictKeep('n2'));
  await expect(page.locator('[data-testid="conflict-preview"][data-accept="true"]')).toContainText('Accept the engine’s decision: nothing is written; it is marked reviewed.');
  await expect(page.locator(S.ConflictConfirm)).toHaveText('Accept: mark reviewed');
  await expect(page.locator(S.ConflictEngineStatements)).toHaveCount(0);
  await page.screenshot({ path: bulkShot('pglogical-accept-preview') });

  await page.selectOption(S.PolicySelect, 'prefer-node');
  const nodeList = page.locator(S.PolicyNode);
  await expect(nodeList.locator('option')).toHaveText(['prefer n1', 'prefer n2', 'prefer n3']);
  await nodeList.selectOption('n1');
  await bulk.click();
  const preview = page.locator(S.PolicyPreviewResult);
  await expect(preview).toContainText(`would settle ${BULK} of ${BULK} engine decision(s) to review: it accepts 0 engine decision(s)`);
  await expect(preview).toContainText(`overturns ${BULK}`);
  await page.screenshot({ path: bulkShot('pglogical-bulk-review-preview') });
  await page.click(S.PolicySwitchOn);
  const progress = page.locator('[data-testid="bulk-progress"]');
  await expect(progress).toHaveAttribute('data-finished', 'true', { timeout: 60_000 });
  await expect(progress).toHaveAttribute('data-kind', 'review');
  await expect(progress).toContainText(`Reviewed ${BULK} of ${BULK} engine decisions`);
  await page.screenshot({ path: bulkShot('pglogical-bulk-review-done') });
  for (const n of mesh.nodes) await expect.poll(() => countOn(n, `val = 'n1-' || id`), { timeout: 30_000, message: n.name }).toBe(BULK);
});

test('the engine policy is switched from the UI on every node, and each node reads it back', async ({ page }) => {
  await page.goto(app.url);
  await expect(page.locator(S.clusterStatus(NAME))).toHaveAttribute('data-status', 'live', { timeout: 15_000 });
  await page.click(S.ConflictsButton);
  await page.click(S.conflictStatusTab('resolved'));
  const control = page.locator('[data-testid="engine-policy"]');
  await expect(control.locator('[data-testid="engine-policy-nodes"] li')).toHaveCount(3, { timeout: 15_000 });
  for (const li of await control.locator('[data-testid="engine-policy-nodes"] li').all()) await expect(li).toHaveAttribute('data-value', 'last_update_wins');
  await control.locator('[data-testid="engine-policy-value"]').selectOption('first_update_wins');
  await control.locator('[data-testid="engine-policy-preview"]').click();
  const summary = control.locator('[data-testid="engine-policy-summary"]');
  await expect(summary).toContainText('first_update_wins');
  const confirm = control.locator('[data-testid="engine-policy-confirm"]');
  await expect(confirm).toBeDisabled();
  await summary.locator('input').fill(NAME);
  await confirm.click();
  await expect(control.locator('[data-testid="engine-policy-result"] li.ok-text')).toHaveCount(3, { timeout: 15_000 });
  for (const n of mesh.nodes) {
    const [row] = await n.query<{ v: string }>(`SELECT current_setting('pglogical.conflict_resolution') AS v`);
    expect(row?.v, n.name).toBe('first_update_wins');
  }
  for (const li of await control.locator('[data-testid="engine-policy-nodes"] li').all()) await expect(li).toHaveAttribute('data-value', 'first_update_wins');
});
