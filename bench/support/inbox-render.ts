import { chromium } from '@playwright/test';
import { execSync } from 'node:child_process';

export interface InboxRender {
  /** Navigation until the badge counts every open conflict (conflicts:list and the store filled). */
  loadMs: number;
  /** Click on Conflicts until the virtualised list holds every row and has painted a frame. */
  renderMs: number;
  /** Rows in the DOM once rendered (virtualised: far fewer than the conflicts). */
  domRows: number;
}

/**
 * Opens browser mode in Debian Chromium `runs` times (a fresh page each time),
 * waits until the conflicts badge shows `open`, then times opening the inbox
 * the way test/e2e/conflicts.spec.ts does.
 */
/** `link` gives a fresh one-time launch link for each fresh page. */
export async function measureInboxRender(link: () => string, open: number, runs: number): Promise<InboxRender[]> {
  const browser = await chromium.launch({
    executablePath: execSync('which chromium', { encoding: 'utf8' }).trim(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const out: InboxRender[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      const t0 = Date.now();
      await page.goto(link());
      await page.waitForSelector(`[data-testid="conflicts-badge"][data-count="${open}"]`, { timeout: 60_000 });
      const loadMs = Date.now() - t0;
      // A string, not a function: tsx's name-keeping helpers do not exist inside the page.
      const renderMs = (await page.evaluate(inPageInboxTimer(open))) as number;
      const domRows = await page.locator('[data-testid="conflict-row"]').count();
      out.push({ loadMs, renderMs, domRows });
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return out;
}

function inPageInboxTimer(rows: number): string {
  return `new Promise((resolve) => {
    const t0 = performance.now();
    document.querySelector('[data-testid="conflicts-button"]').click();
    const check = () => {
      const list = document.querySelector('[data-testid="conflict-list"]');
      if (list && Number(list.dataset.rows) >= ${rows} && list.querySelector('[data-testid="conflict-row"]')) requestAnimationFrame(() => resolve(performance.now() - t0));
      else requestAnimationFrame(check);
    };
    check();
  })`;
}
