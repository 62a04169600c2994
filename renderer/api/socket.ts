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

/** `ws(s)://<host>/bridge?token=…`, the token taken from the page's own `?token=` (the server also sets a cookie). */
export function bridgeUrl(loc: { protocol: string; host: string; search: string }): string {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  const token = new URLSearchParams(loc.search).get('token');
  return `${scheme}://${loc.host}/bridge${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}
