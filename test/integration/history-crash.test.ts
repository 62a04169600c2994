import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HistoryStore } from '../../electron/core/history/history-store';
import { createLogger } from '../../electron/core/logger';

/** History survives a kill -9 of the process writing it: WAL mode, one transaction per flush. */
const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'rd-history-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('history after kill -9 during writes', () => {
  it('reopens with every committed flush, integrity_check ok, the last minutes charted', async () => {
    const file = path.join(dir, 'history.db');
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'test/integration/history/crash-writer.ts'), file, '200'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const committed: number[] = [];
    let errors = '';
    child.stdout!.on('data', (b: Buffer) => {
      for (const m of b.toString().matchAll(/committed (\d+)/g)) committed.push(Number(m[1]));
    });
    child.stderr!.on('data', (b: Buffer) => (errors += b.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    for (let waited = 0; committed.length < 40 && waited < 30_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    expect(committed.length, `the writer committed flushes: ${errors}`).toBeGreaterThanOrEqual(40);
    // Mid-stream: the next flush is being prepared or written when the signal lands.
    await new Promise((r) => setTimeout(r, 37));
    process.kill(child.pid!, 'SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const lastCommitted = committed.at(-1)!;

    const started = performance.now();
    const h = new HistoryStore({ file, now: Date.now, log: createLogger('test-crash'), flushEveryMs: 0, maintainEveryMs: 0 });
    const reopenMs = performance.now() - started;
    expect(h.status()).toMatchObject({ mode: 'file', problem: null });
    expect(h.database.pragma('integrity_check', { simple: true })).toBe('ok');
    const chart = h.lag('crash', 'p->r199', Date.now() - 5 * 60_000, Date.now(), 5_000);
    expect(chart.resolution).toBe('raw');
    expect(chart.points.length, 'the chart of the last minutes has a point per flush').toBeGreaterThanOrEqual(committed.length);
    const stored = h.database.prepare('SELECT at FROM lag_raw UNION SELECT at FROM lag_recent').raw().all() as [number][];
    const ats = new Set(stored.map((r) => r[0]));
    // Every flush reported committed before the kill is there.
    for (const at of committed) expect(ats.has(at), `point at ${at} kept`).toBe(true);
    expect(Math.max(...ats)).toBeGreaterThanOrEqual(lastCommitted);
    const rows = h.database.prepare('SELECT (SELECT count(*) FROM lag_raw) + (SELECT count(*) FROM lag_recent) AS n').get() as { n: number };
    expect(rows.n % 200, 'only whole transactions (200 links each)').toBe(0);
    console.log(`history crash: ${committed.length} flushes committed, ${rows.n} rows after reopen, reopened in ${reopenMs.toFixed(0)} ms`);
    h.close();
  });
});
