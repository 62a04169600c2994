import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPgCluster, type PgCluster } from '../harness/pg-cluster';
import { BIN, ROOT, killAll, run, sleep, type Proc } from '../harness/serve-process';
import { FormFields, Selectors as S } from './selectors';

/** `replicadesk serve` (built) watching a real PG15 cluster; Chromium pages come and go, `npm run start:web` attaches. */
let cluster: PgCluster;
let serve: Proc;
let root: string;
const LINK = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/;

test.beforeAll(async () => {
  cluster = await createPgCluster({ standbys: 1 });
  root = mkdtempSync(path.join(tmpdir(), 'rd-e2e-serve-'));
  serve = run(BIN, ['serve', '--data-dir', path.join(root, 'data')]);
  await serve.waitFor(LINK);
});

test.afterAll(async () => {
  if (serve && serve.child.exitCode === null) {
    serve.child.kill('SIGTERM');
    await serve.exited(5_000).catch(() => undefined);
  }
  killAll();
  await cluster?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

test('a cluster added from one page is still watched after the page closes; start:web attaches to the serve', async ({ browser }) => {
  const first = await browser.newContext();
  const page = await first.newPage();
  await page.goto(LINK.exec(serve.output())![1]!);
  await page.click(S.AddClusterButton);
  await page.fill(S.formField(FormFields.name), 'pg15 serve');
  await page.fill(S.formField(FormFields.seeds), cluster.connectionString('primary'));
  await page.fill(S.formField(FormFields.discoveryPorts), cluster.nodes.map((n) => n.port).join(', '));
  await page.click(S.FormSubmit);
  await expect(page.locator(S.clusterStatus('pg15 serve'))).toHaveAttribute('data-status', 'live', { timeout: 15_000 });
  await first.close();
  await sleep(2_000);

  const web = run(path.join(ROOT, 'dist', 'web', 'server.cjs'), [], { REPLICADESK_DATA_DIR: path.join(root, 'data'), REPLICADESK_SANDBOX: '0' });
  expect(await web.exited()).toEqual({ code: 0, signal: null });
  expect(web.output()).toContain('not starting a second core');
  const second = await browser.newContext();
  const again = await second.newPage();
  await again.goto(LINK.exec(web.output())![1]!);
  await expect(again.locator(S.clusterStatus('pg15 serve'))).toHaveAttribute('data-status', 'live', { timeout: 15_000 });
  await again.click(S.clusterListItem('pg15 serve'));
  await expect(again.locator(S.TopologyNodes)).toHaveCount(2);
  await expect(again.locator(S.topologyNode(`127.0.0.1:${cluster.node('primary').port}`))).toHaveAttribute('data-role', 'primary');
  await expect(again.locator(S.topologyNode(`127.0.0.1:${cluster.node('standby1').port}`))).toHaveAttribute('data-status', 'up');
  await second.close();
  expect(serve.child.exitCode).toBeNull();
});
