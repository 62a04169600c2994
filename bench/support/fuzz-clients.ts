import http from 'node:http';
import WebSocket from 'ws';
import { mintLaunchToken } from '../../electron/web/launch-tokens';

const TIMEOUT_MS = 20_000;

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: no answer in ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    p.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; cookie: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, cookie: String(res.headers['set-cookie'] ?? '').split(';')[0] ?? '' }));
      })
      .on('error', reject);
  });
}

/** Exchanges a fresh launch link (minted with the key the bench gave the server) for `name=value`. */
export async function webLogin(port: number, key: Buffer): Promise<string> {
  const r = await withTimeout(get(`http://127.0.0.1:${port}/?token=${mintLaunchToken(key)}`), 'launch link');
  if (r.status !== 303 || !r.cookie) throw new Error(`launch link refused with ${r.status}`);
  return r.cookie;
}

function open(url: string, headers: Record<string, string>): Promise<WebSocket> {
  return withTimeout(
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    }),
    `open ${url}`,
  );
}

export async function openWebBridge(port: number, key: Buffer): Promise<WebSocket> {
  return open(`ws://127.0.0.1:${port}/bridge`, { Cookie: await webLogin(port, key), Origin: `http://127.0.0.1:${port}` });
}

/** Resolves with the first frame `match` accepts. */
export function frameWhere(ws: WebSocket, match: (f: Record<string, unknown>) => boolean, what: string): Promise<Record<string, unknown>> {
  return withTimeout(
    new Promise((resolve, reject) => {
      const onMessage = (d: Buffer) => {
        let f: unknown;
        try {
          f = JSON.parse(d.toString());
        } catch {
          return;
        }
        if (typeof f === 'object' && f !== null && match(f as Record<string, unknown>)) {
          ws.off('message', onMessage);
          resolve(f as Record<string, unknown>);
        }
      };
      ws.on('message', onMessage);
      ws.once('close', (code: number) => reject(new Error(`${what}: closed ${code}`)));
    }),
    what,
  );
}

/** A good browser: the app page, then one answered bridge request. Throws when not served. */
export async function webServesGoodClient(port: number, key: Buffer): Promise<void> {
  const cookie = await webLogin(port, key);
  const page = await withTimeout(get(`http://127.0.0.1:${port}/`, { Cookie: cookie }), 'app page');
  if (page.status !== 200) throw new Error(`app page answered ${page.status}`);
  const ws = await open(`ws://127.0.0.1:${port}/bridge`, { Cookie: cookie, Origin: `http://127.0.0.1:${port}` });
  const answer = frameWhere(ws, (f) => f.id === 424242, 'bridge request');
  ws.send(JSON.stringify({ id: 424242, channel: 'clusters:list', request: {} }));
  await answer;
  ws.close();
}

/** An agent connection past `hello`/`welcome`. */
export async function openAgent(port: number, token: string): Promise<WebSocket> {
  const ws = await open(`ws://127.0.0.1:${port}`, {});
  const welcome = frameWhere(ws, (f) => f.type === 'welcome', 'agent welcome');
  ws.send(JSON.stringify({ v: 1, type: 'hello', token, clientVersion: 'bench-fuzz/1' }));
  await welcome;
  return ws;
}

/** A good agent client: hello, welcome, ping, pong. Throws when not served. */
export async function agentServesGoodClient(port: number, token: string): Promise<void> {
  const ws = await openAgent(port, token);
  const pong = frameWhere(ws, (f) => f.type === 'pong' && f.at === 4242, 'agent pong');
  ws.send(JSON.stringify({ v: 1, type: 'ping', at: 4242 }));
  await pong;
  ws.close();
}
