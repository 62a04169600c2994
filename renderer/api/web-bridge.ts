import type { Channel, RequestOf, ResponseOf } from '../../shared/ipc/contract';
import { isChannel } from '../../shared/ipc/contract';
import type { BridgeActivity, BridgeRequest } from '../../shared/ipc/bridge-frames';
import type { MonitorDelta } from '../../shared/ipc/delta';
import { fail, type Result } from '../../shared/result';
import { Backoff } from '../../shared/backoff';
import { Listeners } from './listeners';
import type { IncomingFrame } from './frames';
import { defaultFrameReader, type FrameReader, type FrameSink } from './frame-reader';
import { parseResult } from './parse-result';
import { PendingRequests } from './pending';
import type { ConnectionStatus, DeskClient } from './types';
import type { WebSocketFactory, WebSocketLike } from './socket';
import { browserSocketFactory } from './socket';
import { SESSION_ENDED_MESSAGE, type SessionVerdict } from './web-session';

export { bridgeUrl } from './socket';

export interface WebBridgeOptions {
  url: string;
  createSocket?: WebSocketFactory;
  random?: () => number;
  backoff?: { baseMs: number; maxMs: number };
  requestTimeoutMs?: number;
  now?: () => number;
  /** Asked after a close that was not a session end: is the session still live? Without it, always retry. */
  checkSession?: () => Promise<SessionVerdict>;
  /** Ends the session on the server (`POST /session/logout`). Without it, `logout` is absent. */
  logoutRequest?: () => Promise<Result<void>>;
  /** Checks incoming frames (default: in a module worker, inline where there is none). */
  frameReader?: (onFrame: FrameSink) => FrameReader;
}

/** Close code the server sends when the session of an open bridge ends (electron/web/bridge-gate.ts). */
export const SESSION_ENDED_CLOSE = 4401;

/** At most one activity frame per this long: enough for any idle time, a few bytes a second while typing. */
export const ACTIVITY_EVERY_MS = 1_000;

/**
 * DeskApi over the browser-mode WebSocket bridge, reconnecting with backoff,
 * until the session ends (close 4401, or a probe says the cookie names no
 * live session): then it stops for good with status `ended`.
 */
export class WebBridgeClient implements DeskClient {
  readonly transport = 'web' as const;
  readonly label = 'Web bridge';
  readonly demo = false;
  private socket: WebSocketLike | null = null;
  private current: ConnectionStatus = { kind: 'connecting', attempt: 1 };
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;
  private readonly pending: PendingRequests;
  private readonly backoff: Backoff;
  private readonly deltas = new Listeners<MonitorDelta>();
  private readonly statuses = new Listeners<ConnectionStatus>();
  private readonly createSocket: WebSocketFactory;
  private readonly now: () => number;
  private readonly reader: FrameReader;
  readonly logout?: () => Promise<Result<void>>;
  private lastActivity = Number.NEGATIVE_INFINITY;

  constructor(private readonly opts: WebBridgeOptions) {
    this.pending = new PendingRequests(opts.requestTimeoutMs ?? 60_000);
    this.backoff = new Backoff(opts.backoff ?? { baseMs: 500, maxMs: 15_000 }, opts.random);
    this.createSocket = opts.createSocket ?? browserSocketFactory;
    this.now = opts.now ?? Date.now;
    this.reader = (opts.frameReader ?? defaultFrameReader)((frame) => this.onFrame(frame));
    const request = opts.logoutRequest;
    if (request) this.logout = () => this.logOut(request);
  }

  start(): void {
    if (!this.disposed && !this.socket && !this.retryTimer) this.connect();
  }

  status(): ConnectionStatus {
    return this.current;
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    return this.statuses.add(listener);
  }

  onDelta(listener: (delta: MonitorDelta) => void): () => void {
    return this.deltas.add(listener);
  }

  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>> {
    const kind = this.current.kind;
    if (kind === 'ended') return Promise.resolve(fail('session-ended', SESSION_ENDED_MESSAGE));
    if (this.disposed || kind === 'closed' || kind === 'waiting') {
      return Promise.resolve(fail('disconnected', 'not connected to the ReplicaDesk server'));
    }
    const frame = (id: number) => JSON.stringify({ id, channel, request } satisfies BridgeRequest);
    const { id, promise } = this.pending.add(channel, frame);
    if (kind === 'open') this.send(id);
    return promise as Promise<Result<ResponseOf<C>>>;
  }

  /** Someone used the page: tells the server (at most once per ACTIVITY_EVERY_MS), which keeps the session alive. */
  activity(): void {
    const now = this.now();
    if (this.current.kind !== 'open' || !this.socket || now - this.lastActivity < ACTIVITY_EVERY_MS) return;
    this.lastActivity = now;
    try {
      this.socket.send(JSON.stringify({ type: 'activity' } satisfies BridgeActivity));
    } catch {
      // a close follows and is handled there
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) this.detach(socket).close(1000, 'client closed');
    this.pending.failAll(fail('disconnected', 'the bridge client was closed'));
    this.reader.dispose();
    this.setStatus({ kind: 'closed', reason: 'closed by the app' });
    this.deltas.clear();
    this.statuses.clear();
  }

  private connect(): void {
    this.retryTimer = null;
    this.setStatus({ kind: 'connecting', attempt: this.backoff.attempts + 1 });
    let socket: WebSocketLike;
    try {
      socket = this.createSocket(this.opts.url);
    } catch (err) {
      this.onClosed(`cannot open ${this.opts.url}: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.backoff.reset();
      this.setStatus({ kind: 'open', since: this.now() });
      for (const id of this.pending.unsent()) this.send(id);
    };
    socket.onmessage = (ev) => this.reader.read({ kind: 'frame', data: ev.data });
    socket.onerror = () => undefined; // a close always follows
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (ev.code === SESSION_ENDED_CLOSE) return this.end(ev.reason || 'session ended');
      this.onClosed(ev.reason ? `closed: ${ev.reason} (${ev.code})` : `connection lost (code ${ev.code})`);
    };
  }

  private onClosed(reason: string): void {
    this.pending.failAll(fail('disconnected', `lost the connection to the ReplicaDesk server (${reason})`));
    if (this.disposed || this.current.kind === 'ended') return;
    const delayMs = this.backoff.next();
    this.setStatus({ kind: 'waiting', reason, retryAt: this.now() + delayMs, attempt: this.backoff.attempts });
    this.retryTimer = setTimeout(() => this.connect(), delayMs);
    void this.opts.checkSession?.().then((verdict) => {
      if (verdict === 'ended') this.end('the server no longer knows this session');
    });
  }

  private async logOut(request: () => Promise<Result<void>>): Promise<Result<void>> {
    const result = await request();
    if (result.ok) this.end('logged out');
    return result;
  }

  /** The session is over: no more reconnects; only a new link (a new page load) gets back in. */
  private end(why: string): void {
    if (this.disposed || this.current.kind === 'ended') return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) this.detach(socket).close(1000, 'session ended');
    this.pending.failAll(fail('session-ended', SESSION_ENDED_MESSAGE));
    this.setStatus({ kind: 'ended', reason: why });
  }

  private send(id: number): void {
    const frame = this.pending.frameOf(id);
    if (!frame || !this.socket) return;
    try {
      this.socket.send(frame);
      this.pending.markSent(id);
    } catch (err) {
      this.pending.settle(id, fail('disconnected', `could not send: ${err instanceof Error ? err.message : String(err)}`));
    }
  }

  private onFrame(frame: IncomingFrame): void {
    if (frame.kind === 'delta') {
      this.deltas.emit(frame.delta);
      return;
    }
    const channel = this.pending.channelOf(frame.id);
    if (channel === undefined || !isChannel(channel)) return; // late answer to a timed-out request
    this.pending.settle(frame.id, parseResult(channel, frame.result));
  }

  private detach(socket: WebSocketLike): WebSocketLike {
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    return socket;
  }

  private setStatus(status: ConnectionStatus): void {
    this.current = status;
    this.statuses.emit(status);
  }
}
