import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../../electron/core/logger';
import { login, openBridge, ownOrigin, startTestWebServer } from './web-client';

let stop: (() => Promise<void>) | null = null;
afterEach(async () => {
  await stop?.();
  stop = null;
});

function capturingLog(warnings: string[]): Logger {
  const log: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (msg, data) => warnings.push(`${msg} ${JSON.stringify(data ?? {})}`),
    error: () => undefined,
    child: () => log,
  };
  return log;
}

const CAP = 512 * 1024;
const MB = 1024 * 1024;

describe('browser-mode memory per client is bounded', () => {
  it('drops a client that sends requests and never reads the responses, and RSS stays bounded', async () => {
    const warnings: string[] = [];
    const t = await startTestWebServer({ limits: { maxBufferedBytes: CAP }, log: capturingLog(warnings) });
    stop = t.stop;
    const s = t.server;
    for (let i = 0; i < 80; i++) {
      const added = await t.core.handle('clusters:add', { engine: 'postgres', name: `cluster ${i} ${'x'.repeat(60)}`, seeds: [`postgres://u@h${i}/db`], sampleIntervalMs: 60_000 });
      expect(added.ok).toBe(true);
    }
    const list = await t.core.handle('clusters:list', {});
    const replyBytes = JSON.stringify(list).length;
    expect(replyBytes).toBeGreaterThan(8 * 1024);

    const ws = await openBridge(s, { Cookie: await login(s), Origin: ownOrigin(s) });
    ws.pause(); // never read
    const rssBefore = process.memoryUsage().rss;
    // Enough requests that unbounded replies would hold 400 MB in the server.
    const requests = Math.ceil((400 * MB) / replyBytes);
    let sent = 0;
    let rssPeak = rssBefore;
    while (sent < requests && !warnings.some((w) => w.startsWith('bridge client dropped'))) {
      for (let i = 0; i < 200 && sent < requests; i++) ws.send(JSON.stringify({ id: sent++, channel: 'clusters:list', request: {} }));
      await new Promise((r) => setTimeout(r, 5));
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }
    expect(warnings.find((w) => w.startsWith('bridge client dropped'))).toContain(`too slow: more than ${CAP} bytes unread`);
    expect(sent).toBeLessThan(requests);
    expect((rssPeak - rssBefore) / MB).toBeLessThan(150);
    const closed = new Promise<number>((r) => ws.once('close', (code: number) => r(code)));
    ws.resume();
    expect(await closed).toBeGreaterThan(0);
  }, 60_000);
});
