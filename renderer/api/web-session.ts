import { fail, ok, type Result } from '../../shared/result';

/** Whether the browser session behind the bridge still lives. `unknown`: the server did not say (down, busy). */
export type SessionVerdict = 'live' | 'ended' | 'unknown';

/** The message shown when a browser session has ended; the only way back in is a new one-time link. */
export const SESSION_ENDED_MESSAGE =
  'This browser session has ended (idle or logged out). Open a new link: press Enter in the terminal running ReplicaDesk, or send it SIGUSR2 (kill -USR2 <pid>).';

/** The server's logout route (electron/web/http-routes.ts LOGOUT_PATH); it needs POST and this page's Origin. */
export const LOGOUT_PATH = '/session/logout';

export type FetchLike = (url: string, init: { method: string; credentials: 'same-origin'; cache: 'no-store'; redirect: 'manual' }) => Promise<{ status: number }>;

const init = (method: string) => ({ method, credentials: 'same-origin', cache: 'no-store', redirect: 'manual' }) as const;

/**
 * A browser cannot read the HTTP status of a refused WebSocket upgrade (it
 * only sees close code 1006), so after a close we ask the page's own server:
 * `HEAD /` answers 401 exactly when the session cookie names no live session.
 */
export async function probeSession(fetchFn: FetchLike, base = ''): Promise<SessionVerdict> {
  try {
    const res = await fetchFn(`${base}/`, init('HEAD'));
    if (res.status === 401) return 'ended';
    return res.status >= 200 && res.status < 300 ? 'live' : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** `POST /session/logout`: the browser adds this page's Origin and the session cookie; 204 ends the session. */
export async function postLogout(fetchFn: FetchLike, base = ''): Promise<Result<void>> {
  try {
    const res = await fetchFn(`${base}${LOGOUT_PATH}`, init('POST'));
    if (res.status === 204) return ok(undefined);
    return fail('logout-failed', `the server refused the logout (HTTP ${res.status})`);
  } catch (err) {
    return fail('disconnected', `could not reach the ReplicaDesk server: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The page's `fetch`, bound so it can be passed around. */
export const browserFetch: FetchLike = (url, i) => fetch(url, i);
