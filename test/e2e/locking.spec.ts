import { expect, test } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { createPgCluster, type PgCluster } from '../harness/pg-cluster';
import { openSession, settledWithin, type TestSession } from '../harness/pg-sessions';
import { startWebApp, type RunningApp } from './support/web-app';
import { FormFields, Selectors as S } from './selectors';

/**
 * The Transactions & locks panel on a real PostgreSQL 15 primary + standby, in
 * browser mode: an in-doubt prepared transaction holding a row lock, a session
 * blocked behind it, and COMMIT PREPARED planned, confirmed and run from the UI.
 */
// The second test uses the cluster the first one adds in the UI.
test.describe.configure({ mode: 'serial' });

const NAME = 'pg15 locks e2e';
const GID = 'e2e-in-doubt';
let cluster: PgCluster;
let app: RunningApp;
const sessions: TestSession[] = [];

test.beforeAll(async () => {
  cluster = await createPgCluster({ standbys: 1, settings: { max_prepared_transactions: 10 } });
  await cluster.query('primary', 'CREATE TABLE accounts (id int PRIMARY KEY, balance int); INSERT INTO accounts VALUES (1, 100), (2, 200)');
  app = await startWebApp({ sandbox: false });
});

test.afterAll(async () => {
  await Promise.all(sessions.map((s) => s.close()));
  await app?.stop();
  await cluster?.stop();
});

const nodeId = (name: string) => `127.0.0.1:${cluster.node(name).port}`;

async function session(): Promise<TestSession> {
  const s = await openSession(cluster.connectionString('primary'), 'rd-e2e-locks');
  sessions.push(s);
  return s;
}

test('a DBA sees an in-doubt transaction and the session it blocks, and commits it from the UI', async ({ page }) => {
  await page.goto(app.url);
  await expect(page.locator(S.statusConnectionIs('open'))).toBeVisible();
  await page.click(S.AddClusterButton);
  await page.fill(S.formField(FormFields.name), NAME);
  await page.fill(S.formField(FormFields.seeds), cluster.connectionString('primary'));
  await page.fill(S.formField(FormFields.discoveryPorts), cluster.nodes.map((n) => n.port).join(', '));
  await page.click(S.FormSubmit);
  await expect(page.locator(S.clusterStatus(NAME))).toHaveAttribute('data-status', 'live', { timeout: 15_000 });
  await page.click(S.clusterListItem(NAME));
  await expect(page.locator(S.TopologyNodes)).toHaveCount(2);

  const panel = page.locator(S.LockingPanel);
  await expect(panel.locator(S.LockingStatus)).toHaveAttribute('data-state', 'ready', { timeout: 15_000 });
  await expect(page.locator(S.InDoubtRows)).toHaveCount(0);

  // Test side: a prepared transaction holding account 1's row, and an UPDATE queued behind it.
  const owner = await session();
  expect(await owner.run(`BEGIN; UPDATE accounts SET balance = 0 WHERE id = 1; PREPARE TRANSACTION '${GID}'`)).toBe('ok');
  const waiter = await session();
  const blocked = waiter.run('UPDATE accounts SET balance = balance + 1 WHERE id = 1');

  // The gid: prepared on the primary (where it can be acted on); the standby replays the outcome and cannot act.
  const row = page.locator(S.inDoubtRow(GID));
  await expect(row).toBeVisible({ timeout: 15_000 });
  await expect(page.locator(S.inDoubtCell(GID, nodeId('primary')))).toHaveAttribute('data-state', 'prepared');
  await expect(page.locator(S.inDoubtCell(GID, nodeId('standby1')))).toHaveAttribute('data-state', 'replaying');
  await expect(page.locator(S.commitPrepared(GID, nodeId('standby1')))).toHaveCount(0);
  await expect(row).toContainText('holds xmin horizon');
  await expect(row).toHaveAttribute('data-blocks', String(waiter.pid), { timeout: 10_000 });
  await page.click(S.inDoubtLocksToggle(GID));
  await expect(row.locator(S.InDoubtLocks).filter({ hasText: 'accounts' }).first()).toBeVisible();

  // The chain: rooted at the gid, the blocked UPDATE under it, waiting on a lock.
  const chain = page.locator(S.chainWithRoot(GID));
  await expect(chain).toHaveAttribute('data-root-kind', 'prepared', { timeout: 10_000 });
  const waiting = chain.locator(S.chainSession(waiter.pid));
  await expect(waiting).toHaveAttribute('data-depth', '1');
  await expect(waiting).toContainText('UPDATE accounts SET balance = balance + 1');
  await expect(waiting).toContainText('Lock: transactionid');

  // Limits: a bad value is refused with the field named; 1 s makes both warnings (and their events) fire.
  await page.fill(S.LimitsPreparedAge, '0');
  await page.click(S.LimitsSave);
  await expect(page.locator(S.LimitsResult)).toHaveAttribute('data-state', 'failed');
  await expect(page.locator(S.LimitsResult)).toContainText('preparedAgeMs');
  await page.fill(S.LimitsPreparedAge, '1');
  await page.fill(S.LimitsChainWait, '1');
  await page.click(S.LimitsSave);
  await expect(page.locator(S.LimitsResult)).toHaveAttribute('data-state', 'saved');
  await expect(page.locator(S.inDoubtAge(GID))).toHaveAttribute('data-over', 'true', { timeout: 10_000 });
  await expect(chain).toHaveAttribute('data-over-limit', 'true', { timeout: 10_000 });
  await expect(page.locator(S.eventsOfKind('in-doubt-transaction')).first()).toBeVisible({ timeout: 15_000 });
  await expect(page.locator(S.eventsOfKind('blocking-chain')).first()).toBeVisible({ timeout: 15_000 });

  // Kept for the README with UPDATE_SCREENSHOTS=1; otherwise beside the other test results.
  const shot = process.env.UPDATE_SCREENSHOTS === '1' ? '../../docs/screenshot-locking.png' : '../../test-results/locking-panel.png';
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: fileURLToPath(new URL(shot, import.meta.url)) });
  expect(await settledWithin(blocked, 100)).toBe('still waiting');

  // COMMIT PREPARED on the primary: the plan names the blocked pid; typed confirmation; the step runs.
  await page.click(S.commitPrepared(GID, nodeId('primary')));
  const plan = page.locator(S.PlanPanel);
  await expect(plan).toHaveAttribute('data-kind', 'commit-prepared');
  await expect(plan).toHaveAttribute('data-target', nodeId('primary'));
  await expect(page.locator(S.PlanFailedBlockers)).toHaveCount(0);
  await expect(page.locator(S.planCheck('unblocks'))).toContainText(`pid ${waiter.pid}`);
  await expect(page.locator(S.planCheck('horizon'))).toBeVisible();
  await expect(page.locator(S.StepCommands)).toContainText(`SELECT format('COMMIT PREPARED %L', $1::text) AS stmt -- $1 = "${GID}"`);
  await page.fill(S.ConfirmName, NAME.slice(0, -1));
  await expect(page.locator(S.ExecuteAction)).toBeDisabled();
  await page.fill(S.ConfirmName, NAME);
  await page.click(S.ExecuteAction);
  await expect(page.locator(S.runOutcomeIs('done'))).toBeVisible({ timeout: 30_000 });
  await expect(page.locator(S.planStepsInState('done'))).toHaveCount(1);

  // The blocked UPDATE goes through on top of the committed one; the gid and its chain leave the panel.
  expect(await settledWithin(blocked, 10_000)).toBe('ok');
  expect((await cluster.query<{ balance: number }>('primary', 'SELECT balance FROM accounts WHERE id = 1'))[0]).toEqual({ balance: 1 });
  await expect(page.locator(S.inDoubtRow(GID))).toHaveCount(0, { timeout: 10_000 });
  await expect(page.locator(S.chainWithRoot(GID))).toHaveCount(0);
  await expect(page.locator(S.chainSession(waiter.pid))).toHaveCount(0);
});

test('a session chain: terminating the idle-in-transaction blocker from the UI releases the session behind it', async ({ page }) => {
  await page.goto(app.url);
  await page.click(S.clusterListItem(NAME));
  await expect(page.locator(S.LockingStatus)).toHaveAttribute('data-state', 'ready', { timeout: 15_000 });

  const holder = await session();
  expect(await holder.run('BEGIN; UPDATE accounts SET balance = balance WHERE id = 2')).toBe('ok');
  const waiter = await session();
  const blocked = waiter.run('UPDATE accounts SET balance = 7 WHERE id = 2');

  const chain = page.locator(S.chainWithRoot(holder.pid));
  await expect(chain).toHaveAttribute('data-root-kind', 'session', { timeout: 15_000 });
  await expect(chain.locator(S.chainSession(holder.pid))).toContainText('idle in transaction');
  await expect(chain.locator(S.chainSession(waiter.pid))).toHaveAttribute('data-depth', '1');

  // Cancelling an idle-in-transaction session would do nothing: the plan says so and points at terminate.
  await page.click(S.sessionAction('cancel-query', holder.pid));
  await expect(page.locator(S.PlanPanel)).toHaveAttribute('data-kind', 'cancel-query');
  await expect(page.locator(S.planCheck('effect'))).toContainText('Terminate it');
  await page.click(S.PlanClose);

  await page.click(S.sessionAction('terminate-session', holder.pid));
  await expect(page.locator(S.PlanPanel)).toHaveAttribute('data-kind', 'terminate-session');
  await expect(page.locator(S.planCheck('unblocks'))).toContainText(`pid ${waiter.pid}`);
  await page.fill(S.ConfirmName, NAME);
  await page.click(S.ExecuteAction);
  await expect(page.locator(S.runOutcomeIs('done'))).toBeVisible({ timeout: 30_000 });

  expect(await settledWithin(blocked, 10_000)).toBe('ok');
  expect((await cluster.query<{ balance: number }>('primary', 'SELECT balance FROM accounts WHERE id = 2'))[0]).toEqual({ balance: 7 });
  await expect(page.locator(S.chainWithRoot(holder.pid))).toHaveCount(0, { timeout: 10_000 });
});
