import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../../electron/core/logger';
import type { WebServer } from '../../../electron/web/web-server';
import { fuzzedRequests } from './http-fuzz-cases';
import { blast } from './raw-http';
import { login, nextFrame, openBridge, ownOrigin, request, startTestWebServer } from './web-client';

let stop: (() => Promise<void>) | null = null;
afterEach(async () => {
  await stop?.();
  stop = null;
});

const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quiet };

const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const BATCHES = 10;
const PER_BATCH = 1_000;

/** A good client still gets in: a launch link, the app, and an answer over the bridge. */
async function goodClientServed(s: WebServer): Promise<void> {
  const cookie = await login(s);
  expect((await request(`http://127.0.0.1:${s.port}/`, { headers: { Cookie: cookie } })).status).toBe(200);
  const ws = await openBridge(s, { Cookie: cookie, Origin: ownOrigin(s) });
  ws.send(JSON.stringify({ id: 7, channel: 'clusters:list', request: {} }));
  expect(await nextFrame(ws)).toMatchObject({ id: 7, result: { ok: true } });
  ws.close();
}

describe('browser-mode server under fuzzed HTTP requests and upgrades', () => {
  it(`survives ${BATCHES * PER_BATCH} malformed requests and upgrades, unauthenticated and authenticated (seed ${SEED})`, async () => {
    const t = await startTestWebServer({ log: quiet });
    stop = t.stop;
    const s = t.server;
    let sent = 0;
    let answered = 0;
    let timedOut = 0;
    for (let batch = 0; batch < BATCHES; batch++) {
      const cookie = batch % 2 === 1 ? await login(s) : null;
      const requests = fuzzedRequests({ port: s.port, cookie }, SEED + batch, PER_BATCH);
      const r = await blast(s.port, requests);
      answered += r.answered;
      timedOut += r.timedOut;
      sent += requests.length;
      await goodClientServed(s);
    }
    console.log(`http fuzz: sent=${sent} answered=${answered} timed_out=${timedOut}`);
    expect(sent).toBeGreaterThanOrEqual(10_000);
    // Nearly every request gets a status line; the rest are closed by the server (or time out, not counted).
    expect(answered / sent).toBeGreaterThan(0.9);
  }, 120_000);
});
