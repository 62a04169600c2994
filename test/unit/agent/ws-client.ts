import WebSocket from 'ws';
import { AgentFrameSchema, type AgentFrame } from '../../../shared/agent/protocol';

/** A raw protocol client for tests: records every frame and waits for the ones asked for. */
export interface TestClient {
  ws: WebSocket;
  frames: AgentFrame[];
  send(frame: unknown): void;
  next<T extends AgentFrame['type']>(type: T, timeoutMs?: number, after?: number): Promise<Extract<AgentFrame, { type: T }>>;
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

export async function openClient(url: string, opts: WebSocket.ClientOptions = {}): Promise<TestClient> {
  const ws = new WebSocket(url, opts);
  const frames: AgentFrame[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    frames.push(AgentFrameSchema.parse(JSON.parse(data.toString())));
    for (const w of [...waiters]) w();
  });
  ws.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return {
    ws,
    frames,
    closed,
    send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    close: () => ws.terminate(),
    next: (type, timeoutMs = 3_000, after = 0) =>
      new Promise((resolve, reject) => {
        const find = () => {
          const hit = frames.slice(after).find((f) => f.type === type);
          if (!hit) return false;
          waiters.delete(find as () => void);
          clearTimeout(timer);
          resolve(hit as never);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(find as () => void);
          reject(new Error(`no ${type} frame within ${timeoutMs} ms; got ${frames.map((f) => f.type).join(',')}`));
        }, timeoutMs);
        if (!find()) waiters.add(find as () => void);
      }),
  };
}

export async function helloClient(url: string, token: string): Promise<TestClient> {
  const c = await openClient(url);
  c.send({ v: 1, type: 'hello', token, clientVersion: 'test/1' });
  await c.next('welcome');
  return c;
}
