import { afterEach, describe, expect, it } from 'vitest';
import { login, openAppBridge, request, startTestWebServer } from '../web/web-client';

/** `replicadesk serve --host`: the server listens on that one address and takes only its Host and Origin. */
let stop: (() => Promise<void>) | null = null;
afterEach(async () => {
  await stop?.();
  stop = null;
});

describe('browser mode on another address (serve --host)', () => {
  it('listens on the address given and checks Host and Origin against it, not 127.0.0.1', async () => {
    const t = await startTestWebServer({ host: '127.0.0.2' });
    stop = t.stop;
    const { server } = t;
    expect(server.origin).toBe(`http://127.0.0.2:${server.port}`);
    expect(server.url.startsWith(`http://127.0.0.2:${server.port}/?token=`)).toBe(true);
    const cookie = await login(server);
    expect((await request(`http://127.0.0.2:${server.port}/`, { headers: { Cookie: cookie } })).status).toBe(200);
    // Same socket, but a Host naming 127.0.0.1 or localhost: refused (DNS rebinding rule, against the listen address).
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`]) {
      expect((await request(`http://127.0.0.2:${server.port}/`, { headers: { Cookie: cookie, Host: host } })).status).toBe(421);
    }
    await expect(request(`http://127.0.0.1:${server.port}/`)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('defaults to 127.0.0.1 with the same rules as before', async () => {
    const t = await startTestWebServer();
    stop = t.stop;
    expect(t.server.origin).toBe(`http://127.0.0.1:${t.server.port}`);
    const ws = await openAppBridge(t.server);
    ws.close();
  });
});
