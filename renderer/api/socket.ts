/** The part of the WebSocket API the bridge client uses (browser WebSocket and `ws` both fit). */
export interface WebSocketLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type WebSocketFactory = (url: string) => WebSocketLike;

export const browserSocketFactory: WebSocketFactory = (url) => new WebSocket(url) as unknown as WebSocketLike;

/**
 * `ws(s)://<host>/bridge`: browser mode authenticates the bridge by its session
 * cookie and the page's Origin. A `?token=` in the page URL is passed on, but
 * the server never serves a page with one (it redirects) and refuses it on the bridge.
 */
export function bridgeUrl(loc: { protocol: string; host: string; search: string }): string {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  const token = new URLSearchParams(loc.search).get('token');
  return `${scheme}://${loc.host}/bridge${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}
