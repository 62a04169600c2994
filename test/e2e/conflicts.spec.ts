import { expect, test, type Page } from '@playwright/test';
import { startWebApp, type RunningApp } from './support/web-app';
import { Selectors as S } from './selectors';

/** The conflict inbox in Chromium against the live sandbox: open a conflict, compare, merge two fields, resolve. */
let app: RunningApp;

test.beforeAll(async () => {
  app = await startWebApp({ sandbox: true });
});
test.afterAll(async () => app?.stop());

const MULTI_PRIMARY = 'Sandbox · multi-primary';

async function forceConflict(page: Page, key: string) {
  await page.click(S.clusterListItem(MULTI_PRIMARY));
  await expect(page.locator(S.ClusterHeader)).toContainText(MULTI_PRIMARY);
  await expect(page.locator(S.clusterStatus(MULTI_PRIMARY))).toHaveAttribute('data-status', 'live', { timeout: 15_000 });
  await page.selectOption(S.SandboxSameKeyA, 'peer-1');
  await page.selectOption(S.SandboxSameKeyB, 'peer-2');
  await page.fill(S.SandboxSameKeyName, key);
  await page.click(S.SandboxSameKey);
  await expect(page.locator(S.SandboxResult)).toHaveAttribute('data-state', 'done');
}

test('a conflict appears in the inbox, is compared, merged field by field, resolved, and moves to history', async ({ page }) => {
  await page.goto(app.url);
  const key = 'e2e-merge';
  await forceConflict(page, key);
  await expect(page.locator(S.ConflictsBadge)).not.toHaveAttribute('data-count', '0', { timeout: 10_000 });

  await page.click(S.ConflictsButton);
  await expect(page.locator(S.ConflictInbox)).toBeVisible();
  await page.fill(S.ConflictSearch, key);
  const row = page.locator(S.conflictRowByKey(key));
  await expect(row).toHaveCount(1, { timeout: 10_000 });
  await expect(page.locator(S.ConflictGroups).first()).toHaveAttribute('data-table', 'items');
  await row.click();

  const detail = page.locator(S.ConflictDetail);
  await expect(detail).toHaveAttribute('data-status', 'open');
  await expect(page.locator(S.ConflictVersions)).toHaveCount(2);
  await expect(page.locator(S.conflictField('by'))).toHaveAttribute('data-differs', 'true');
  await expect(page.locator(S.ConflictPolicyPicks).first()).toBeVisible();
  const second = (await page.locator(S.ConflictVersions).nth(1).getAttribute('data-node-id'))!;
  const first = (await page.locator(S.ConflictVersions).nth(0).getAttribute('data-node-id'))!;

  // Merge two fields: qty from the first version, by from the second.
  await page.check(S.conflictMergePick('qty', 0));
  await page.check(S.conflictMergePick('by', 1));
  await page.click(S.ConflictMerge);
  await expect(page.locator(S.ConflictPreview)).toBeVisible();
  await expect(page.locator(S.conflictPreviewField('qty'))).toContainText(`from ${first}`);
  await expect(page.locator(S.conflictPreviewField('by'))).toContainText(`from ${second}`);
  const written = JSON.parse((await page.locator(S.ConflictPreview).getAttribute('data-value'))!) as { by: string };
  expect(written.by).toBe(second);

  await page.click(S.ConflictConfirm);
  await expect(page.locator(S.ConflictResult)).toHaveAttribute('data-state', 'converged', { timeout: 10_000 });
  await expect(page.locator(S.ConflictResult)).toContainText('peer-3');

  // It leaves the open list and appears in history, resolved by this admin.
  await expect(row).toHaveCount(0, { timeout: 5_000 });
  await page.click(S.conflictStatusTab('resolved'));
  await expect(page.locator(S.conflictRowByKey(key))).toHaveAttribute('data-status', 'resolved');
  await page.click(S.conflictRowByKey(key));
  await expect(page.locator(S.ConflictResolution)).toContainText('via');
});

test('a policy is previewed on the open conflicts before it is switched on', async ({ page }) => {
  await page.goto(app.url);
  await forceConflict(page, 'e2e-policy');
  await page.click(S.ConflictsButton);
  await page.fill(S.ConflictSearch, 'e2e-policy');
  await page.locator(S.conflictRowByKey('e2e-policy')).click();
  await page.selectOption(S.PolicySelect, 'last-writer-wins');
  await page.click(S.PolicyPreview);
  const preview = page.locator(S.PolicyPreviewResult);
  await expect(preview).toBeVisible();
  expect(Number(await preview.getAttribute('data-settles'))).toBeGreaterThanOrEqual(1);
  await page.click(S.PolicySwitchOn);
  await expect(page.locator(S.PolicyResult)).toHaveAttribute('data-ok', 'true');
  await page.click(S.conflictStatusTab('resolved'));
  await expect(page.locator(S.conflictRowByKey('e2e-policy'))).toContainText('policy:last-writer-wins', { timeout: 5_000 });
});

test('10,000 open conflicts (demo data) render and scroll virtualised', async ({ page }) => {
  await page.goto(`${app.url}&demo=1&conflicts=10000`);
  await expect(page.locator(S.ConflictsBadge)).toHaveAttribute('data-count', '10000', { timeout: 15_000 });
  const renderMs = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const t0 = performance.now();
        (document.querySelector('[data-testid="conflicts-button"]') as HTMLButtonElement).click();
        const check = () => {
          const list = document.querySelector<HTMLElement>('[data-testid="conflict-list"]');
          if (list && Number(list.dataset.rows) >= 10_000 && list.querySelector('[data-testid="conflict-row"]')) requestAnimationFrame(() => resolve(performance.now() - t0));
          else requestAnimationFrame(check);
        };
        check();
      }),
  );
  const idleMedianMs = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const times: number[] = [];
        let last = performance.now();
        const step = () => {
          const t = performance.now();
          times.push(t - last);
          last = t;
          if (times.length < 60) return requestAnimationFrame(step);
          resolve(times.slice(1).sort((x, y) => x - y)[29]!);
        };
        requestAnimationFrame(step);
      }),
  );
  const scroll = await page.evaluate(
    () =>
      new Promise<{ maxFrameMs: number; medianFrameMs: number; atBottom: boolean }>((resolve) => {
        const list = document.querySelector<HTMLElement>('[data-testid="conflict-list"]')!;
        let last = performance.now();
        const times: number[] = [];
        const step = () => {
          const t = performance.now();
          times.push(t - last);
          last = t;
          list.scrollTop += 280; // ten rows a frame: a fast wheel scroll
          if (times.length < 120) return requestAnimationFrame(step);
          const sorted = times.slice(1).sort((a, b) => a - b);
          list.scrollTop = list.scrollHeight;
          requestAnimationFrame(() =>
            resolve({ maxFrameMs: sorted.at(-1)!, medianFrameMs: sorted[Math.floor(sorted.length / 2)]!, atBottom: list.scrollTop + list.clientHeight >= list.scrollHeight - 2 }),
          );
        };
        requestAnimationFrame(step);
      }),
  );
  const domRows = await page.locator(S.ConflictRows).count();
  console.log(`bench conflicts (Chromium, demo data): inbox_render_ms=${Math.round(renderMs)} scroll_median_frame_ms=${Math.round(scroll.medianFrameMs)} scroll_max_frame_ms=${Math.round(scroll.maxFrameMs)} idle_median_frame_ms=${Math.round(idleMedianMs)} dom_rows=${domRows}`);
  expect(domRows).toBeLessThan(200);
  expect(renderMs).toBeLessThan(3_000);
  expect(scroll.atBottom).toBe(true);
  await expect(page.locator(S.ConflictRows).last()).toBeVisible();
});
