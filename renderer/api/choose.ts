import { createElectronClient } from './electron-client';
import { bridgeUrl, WebBridgeClient } from './web-bridge';
import type { DeskClient } from './types';
import { browserFetch, postLogout, probeSession } from './web-session';
import { watchUserActivity } from './user-activity';

/**
 * Picks the transport: the Electron preload's `window.replicadesk` when it
 * exists, else the browser-mode WebSocket bridge. `?demo=1` (browser only)
 * loads a clearly labelled fake for looking at the UI without a server.
 */
export async function chooseClient(win: Window): Promise<DeskClient> {
  if (win.replicadesk) return createElectronClient(win.replicadesk);
  if (new URLSearchParams(win.location.search).get('demo') === '1') {
    const { createDemoClient } = await import('./demo/demo-client');
    return createDemoClient(new URLSearchParams(win.location.search));
  }
  const client = new WebBridgeClient({
    url: bridgeUrl(win.location),
    checkSession: () => probeSession(browserFetch),
    logoutRequest: () => postLogout(browserFetch),
  });
  client.start();
  // Only someone using the page keeps the session alive, never the page's own timers.
  watchUserActivity(win, client);
  return client;
}
