import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import type { RowDataPacket } from 'mysql2/promise';
import { startMariadbTopology, type MariadbTopology } from '../harness/mariadb-topology';
import { gtidBinlogPos, waitApplied } from '../harness/mariadb-replication';
import { MDB_ADMIN, type MariadbServer } from '../harness/mariadb-server';
import { MariadbTestIds } from '../../renderer/features/mariadb/testids';
import { startWebApp, type RunningApp } from './support/web-app';
import { FormFields, Selectors as S, TestIds } from './selectors';

/**
 * A real MariaDB 10.11 primary with two replicas, added from the UI by one server's address: the topology, the node
 * detail and the MariaDB panel with GTID positions read back by SQL; then a switchover from the UI, checked on every
 * server by SQL. The switchover needs the MariaDB actions (electron/drivers/mariadb/actions).
 */
const NAME = 'mariadb e2e';
const id = (testId: string) => `[data-testid="${testId}"]`;
const M = {
  AddMariadbButton: id(TestIds.addMariadbButton),
  NodePanel: id(MariadbTestIds.nodePanel),
  nodeField: (field: string) => `${id(MariadbTestIds.nodePanel)} ${id(MariadbTestIds.nodeField)}[data-field="${field}"]`,
  SampleAge: `${id(MariadbTestIds.nodePanel)} ${id(MariadbTestIds.sampleAge)}`,
};

let topo: MariadbTopology;
let app: RunningApp;

test.beforeAll(async () => {
  topo = await startMariadbTopology(
    'rd-mdb-e2e-',
    [
      { name: 'primary', serverId: 1 },
      { name: 'replica1', serverId: 2 },
      { name: 'replica2', serverId: 3 },
    ],
    [
      ['replica1', 'primary'],
      ['replica2', 'primary'],
    ],
  );
  app = await startWebApp({ sandbox: false });
});
test.afterAll(async () => {
  await app?.stop();
  await topo?.stop();
});

async function one(s: MariadbServer, sql: string): Promise<RowDataPacket | undefined> {
  const [rows] = await (await s.admin()).query<RowDataPacket[]>(sql);
  return rows[0];
}

/** A tall page, scrolled to `focus` when it is shown (the main column scrolls inside the window), saved for the README with UPDATE_SCREENSHOTS=1. */
async function screenshot(page: Page, name: string, focus?: string): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 1250 });
  if (focus && (await page.locator(focus).count()) > 0) await page.locator(focus).scrollIntoViewIfNeeded();
  const dir = process.env.UPDATE_SCREENSHOTS === '1' ? '../../docs/screenshots/' : '../../test-results/';
  await page.screenshot({ path: fileURLToPath(new URL(`${dir}${name}.png`, import.meta.url)), fullPage: true });
}

/** Fills the form with one server's address (the primary's) and waits until the cluster is live. */
async function addByOneServer(page: Page): Promise<void> {
  await page.fill(S.formField(FormFields.name), NAME);
  await page.fill(S.formField(FormFields.seeds), topo.server('primary').address);
  await page.fill(S.formField(FormFields.username), MDB_ADMIN.user);
  await page.fill(S.formField(FormFields.password), MDB_ADMIN.password);
  await page.click(S.FormSubmit);
  await expect(page.locator(S.clusterStatus(NAME))).toHaveAttribute('data-status', 'live', { timeout: 15_000 });
}

/** Opens the cluster, adding it first when this worker's app does not have it (a failed test restarts the worker). */
async function openCluster(page: Page): Promise<void> {
  await page.goto(app.url);
  await expect(page.locator(S.ClusterList)).toBeVisible();
  if ((await page.locator(S.clusterListItem(NAME)).count()) === 0) {
    await page.click(M.AddMariadbButton);
    await addByOneServer(page);
  }
  await page.click(S.clusterListItem(NAME));
  await expect(page.locator(S.TopologyNodes)).toHaveCount(3, { timeout: 15_000 });
}

test('added from the form by one server: three nodes, two links, positions as the servers report them', async ({ page }) => {
  await page.goto(app.url);
  // Bad input is refused on the field, in the schema's words; nothing is sent.
  await page.click(M.AddMariadbButton);
  await page.fill(S.formField(FormFields.name), NAME);
  await page.fill(S.formField(FormFields.seeds), 'db1');
  await page.click(S.FormSubmit);
  await expect(page.locator(S.fieldError(FormFields.seeds))).toHaveText('a MariaDB server is host:port, e.g. 10.0.0.5:3306');
  await expect(page.locator(S.fieldError(FormFields.username))).toHaveText('the MariaDB user name is required');
  await expect(page.locator(S.ClusterList)).toHaveAttribute('data-count', '0');

  // One server's address (the primary's) is enough.
  await addByOneServer(page);
  await page.click(S.clusterListItem(NAME));

  const [p, r1, r2] = ['primary', 'replica1', 'replica2'].map((n) => topo.server(n).address) as [string, string, string];
  await expect(page.locator(S.TopologyNodes)).toHaveCount(3, { timeout: 15_000 });
  await expect(page.locator(S.topologyNode(p))).toHaveAttribute('data-role', 'primary');
  await expect(page.locator(S.topologyNode(r1))).toHaveAttribute('data-role', 'replica');
  await expect(page.locator(S.topologyNode(r2))).toHaveAttribute('data-role', 'replica');
  await expect(page.locator(S.TopologyEdgeLabels)).toHaveCount(2);
  await expect(page.locator(S.topologyEdgeLabel(`${p}->${r1}`))).toHaveAttribute('data-state', 'streaming');
  await expect(page.locator(S.topologyEdgeLabel(`${p}->${r2}`))).toHaveAttribute('data-state', 'streaming');

  // A write on the primary, applied everywhere: the replica's node detail shows the same GTID position as SQL.
  await (await topo.server('primary').admin()).query('INSERT INTO rd.t (v) VALUES (?)', ['from the e2e']);
  const pos = await gtidBinlogPos(topo.server('primary'));
  await waitApplied(topo.server('replica1'), pos);
  const current = String((await one(topo.server('replica1'), 'SELECT @@GLOBAL.gtid_current_pos AS pos'))?.pos);
  expect(current).toBe(pos);
  await page.click(S.topologyNode(r1));
  await expect(page.locator(S.NodeDetail)).toHaveAttribute('data-node-id', r1);
  await expect(page.locator(S.nodeDetailField('position'))).toHaveText(current, { timeout: 10_000 });
  await screenshot(page, 'mariadb-topology');
});

test('the MariaDB node panel: server id and the three GTID positions, as SQL reads them, with the sample age', async ({ page }) => {
  await openCluster(page);
  const r1 = topo.server('replica1');
  await page.click(S.topologyNode(r1.address));
  // Needs the driver to send ClusterSample.engineDetail (helper mdb-monitor).
  await expect(page.locator(M.NodePanel)).toHaveAttribute('data-node-id', r1.address, { timeout: 10_000 });
  const row = await one(r1, 'SELECT @@server_id AS id, @@GLOBAL.gtid_binlog_pos AS b, @@GLOBAL.gtid_slave_pos AS s, @@GLOBAL.gtid_current_pos AS c');
  await expect(page.locator(M.nodeField('serverId'))).toHaveAttribute('data-value', String(row?.id));
  await expect(page.locator(M.nodeField('gtidBinlogPos'))).toHaveAttribute('data-value', String(row?.b));
  await expect(page.locator(M.nodeField('gtidSlavePos'))).toHaveAttribute('data-value', String(row?.s));
  await expect(page.locator(M.nodeField('gtidCurrentPos'))).toHaveAttribute('data-value', String(row?.c));
  await expect(page.locator(M.nodeField('logBin'))).toHaveAttribute('data-value', 'ON');
  await expect(page.locator(M.nodeField('logSlaveUpdates'))).toHaveAttribute('data-value', 'ON');
  await expect(page.locator(M.SampleAge)).toHaveAttribute('data-stale', 'false');
  await expect(page.locator(M.SampleAge)).toContainText(/as of \d+(\.\d)? s ago/);
});

test('switchover to replica1 from the UI: plan, confirm, done; every server then replicates from replica1', async ({ page }) => {
  await openCluster(page);
  const [p, r1, r2] = ['primary', 'replica1', 'replica2'].map((n) => topo.server(n));
  // Needs the MariaDB actions (helper mdbact).
  await page.click(S.topologyNode(r1!.address));
  const button = page.locator(S.nodeAction('switchover'));
  await expect(button).toHaveAttribute('data-available', 'true', { timeout: 15_000 });
  await button.click();
  await expect(page.locator(S.PlanPanel)).toHaveAttribute('data-target', r1!.address);
  await expect(page.locator(S.PlanFailedBlockers)).toHaveCount(0);
  expect(await page.locator(S.PlanSteps).count()).toBeGreaterThanOrEqual(3);
  await page.fill(S.ConfirmName, NAME.slice(0, -1));
  await expect(page.locator(S.ExecuteAction)).toBeDisabled();
  await page.fill(S.ConfirmName, NAME);
  await page.click(S.ExecuteAction);
  await expect(page.locator(S.runOutcomeIs('done'))).toBeVisible({ timeout: 60_000 });
  await expect(page.locator(S.topologyNode(r1!.address))).toHaveAttribute('data-role', 'primary', { timeout: 15_000 });
  await screenshot(page, 'mariadb-switchover');

  // Read back from every server: replica1 writable with no source; the old primary and replica2 replicate from it.
  const newPrimary = await one(r1!, 'SELECT @@GLOBAL.read_only AS ro');
  expect(Number(newPrimary?.ro)).toBe(0);
  const r1Channel = await one(r1!, 'SHOW SLAVE STATUS');
  expect(r1Channel === undefined || (r1Channel.Slave_IO_Running === 'No' && r1Channel.Slave_SQL_Running === 'No')).toBe(true);
  for (const s of [p!, r2!]) {
    const st = await one(s, 'SHOW SLAVE STATUS');
    expect({ server: s.name, port: Number(st?.Master_Port), io: st?.Slave_IO_Running, sql: st?.Slave_SQL_Running, gtid: st?.Using_Gtid }).toEqual({
      server: s.name,
      port: r1!.port,
      io: 'Yes',
      sql: 'Yes',
      gtid: 'Slave_Pos',
    });
  }
  expect(Number((await one(p!, 'SELECT @@GLOBAL.read_only AS ro'))?.ro)).toBe(1);
  // A write on the new primary reaches both.
  await (await r1!.admin()).query('INSERT INTO rd.t (v) VALUES (?)', ['after the switchover']);
  const pos = await gtidBinlogPos(r1!);
  await Promise.all([waitApplied(p!, pos), waitApplied(r2!, pos)]);
});
