import { expect, test } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { createPgCluster, type PgCluster } from '../harness/pg-cluster';
import { startWebApp, type RunningApp } from './support/web-app';
import { FormFields, Selectors as S, TestIds } from './selectors';

/** Browser mode against a real PostgreSQL 15: a rotated password is fixed with "Edit connection…", same cluster. */
let cluster: PgCluster;
let app: RunningApp;
const ROLE = 'rd_e2e_edit';
const OLD = 'E2e-old-pw';
const NEW = 'E2e-new-pw';
const NAME = 'pg15 edit';
const edit = `${S.clusterListItem(NAME)} [data-testid="${TestIds.clusterEdit}"]`;
const form = `[data-testid="${TestIds.editClusterForm}"]`;

test.beforeAll(async () => {
  cluster = await createPgCluster({ standbys: 0 });
  await cluster.query('primary', `CREATE ROLE ${ROLE} LOGIN SUPERUSER PASSWORD '${OLD}'`);
  app = await startWebApp({ sandbox: false });
});

test.afterAll(async () => {
  await app?.stop();
  await cluster?.stop();
});

test('a DBA fixes a rotated password with "Edit connection…": a wrong one is refused, the right one keeps the same cluster', async ({ page }) => {
  const seed = (password?: string) => cluster.connectionString('primary', { user: ROLE, ...(password ? { password } : {}), params: 'sslmode=disable' });
  await page.goto(app.url);
  await expect(page.locator(S.statusConnectionIs('open'))).toBeVisible();
  await page.click(S.AddClusterButton);
  await page.fill(S.formField(FormFields.name), NAME);
  await page.fill(S.formField(FormFields.seeds), seed(OLD));
  await page.click(S.FormSubmit);
  await expect(page.locator(S.clusterStatus(NAME))).toHaveAttribute('data-status', 'live', { timeout: 15_000 });
  const id = await page.locator(S.clusterListItem(NAME)).getAttribute('data-cluster-id');

  await cluster.query('primary', `ALTER ROLE ${ROLE} PASSWORD '${NEW}'`);
  await cluster.query('primary', 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [ROLE]);

  // The form opens filled in, without the password, engine fixed.
  await page.click(edit);
  await expect(page.locator(form)).toHaveAttribute('data-mode', 'postgres');
  await expect(page.locator(`${form} ${S.formField(FormFields.seeds)}`)).toHaveValue(seed());
  await expect(page.locator(`${form} ${S.formField(FormFields.name)}`)).toHaveValue(NAME);
  await expect(page.locator(S.FormSubmit)).toHaveText('Save and reconnect');

  // A wrong password: the reason inline, the cluster still there under its id.
  await page.fill(S.formField(FormFields.seeds), seed('wrong-pw'));
  await page.click(S.FormSubmit);
  await expect(page.locator(`${form} ${S.FormError}`)).toContainText('password authentication failed');
  await expect(page.locator(S.ClusterListItems)).toHaveCount(1);
  const shot = process.env.UPDATE_SCREENSHOTS === '1' ? '../../docs/edit-connection.png' : '../../test-results/edit-connection.png';
  await page.screenshot({ path: fileURLToPath(new URL(shot, import.meta.url)) });

  // The new password: the form closes and the same cluster is live again.
  await page.fill(S.formField(FormFields.seeds), seed(NEW));
  await page.click(S.FormSubmit);
  await expect(page.locator(form)).toHaveCount(0, { timeout: 15_000 });
  await expect(page.locator(S.clusterStatus(NAME))).toHaveAttribute('data-status', 'live', { timeout: 15_000 });
  await expect(page.locator(S.clusterListItem(NAME))).toHaveAttribute('data-cluster-id', id!);
  await expect(page.locator(S.ClusterListItems)).toHaveCount(1);
});
