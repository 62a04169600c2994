import type { RawData, WebSocket } from 'ws';
import type { NodeBackend } from '../backend';
import { AgentCloseCode, type AgentLimits } from '../../shared/agent/limits';
import { ClientFrameSchema, decodeFrame, type AgentFrame, type ClientFrame } from '../../shared/agent/protocol';
import { assertNever, fail, type Failure } from '../../shared/result';
import type { Logger } from '../log';
import { RateLimiter } from './rate-limit';
import { SessionStream } from './stream';
import { tokensEqual } from './token';
import type { AuthThrottle } from './auth-throttle';
import { runCommand } from './run-command';
import { AGENT_VERSION } from './version';
import { closeReason, encodeFrame, errorFrame, rawText, readCommandId, unknownCommand } from './frames';
import { CapabilityAnnouncer } from './capabilities';

export interface SessionDeps {
  backend: NodeBackend;
  token: string;
  /** The peer's address: failed tokens slow down this address only. */
  remoteAddress: string;
  throttle: AuthThrottle;
  limits: AgentLimits;
  log: Logger;
  /** A report failed: the node is down and every session must close. */
  onNodeDown(reason: string): void;
  onClosed(session: AgentSession): void;
}

type SessionState =
  | { kind: 'awaiting-hello' }
  | { kind: 'ready' }
  | { kind: 'closed'; code: number; reason: string };

/** One client connection: auth, rate limit, heartbeat, subscription and commands. */
export class AgentSession {
  private state: SessionState = { kind: 'awaiting-hello' };
  private readonly limiter: RateLimiter;
  private readonly stream: SessionStream;
  private readonly authTimer: NodeJS.Timeout;
  private readonly announcer: CapabilityAnnouncer;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private lastHeardAt = Date.now();

  constructor(
    private readonly socket: WebSocket,
    private readonly deps: SessionDeps,
  ) {
    const { limits, backend, log } = deps;
    this.limiter = new RateLimiter(limits.maxMessagesPerSecond, limits.messageBurst);
    this.announcer = new CapabilityAnnouncer(backend, (frame) => this.send(frame));
    this.stream = new SessionStream(
      backend,
      (frame) => this.send(frame),
      () => socket.bufferedAmount > 4 * limits.maxFrameBytes,
      (reason) => deps.onNodeDown(reason),
      log,
    );
    this.authTimer = setTimeout(() => {
      this.reject('auth-timeout', `no valid hello within ${limits.authDeadlineMs} ms`, 'token', AgentCloseCode.authFailed);
    }, limits.authDeadlineMs);
    socket.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    socket.on('close', (code, reason) => this.dispose({ kind: 'closed', code, reason: reason.toString() }));
    // Oversized frames (maxPayload) surface here; ws closes the socket with 1009 itself.
    socket.on('error', (error) => log.warn('client socket error', { error: error.message }));
  }

  /** Sends a last `error` frame, then closes with `code`. */
  reject(code: string, reason: string, field: string | null, closeCode: number): void {
    if (this.state.kind === 'closed') return;
    this.send(errorFrame(fail(code, reason, field ? [{ path: field, message: reason }] : undefined)));
    this.close(closeCode, reason);
  }

  close(code: number, reason: string): void {
    if (this.state.kind === 'closed') return;
    this.dispose({ kind: 'closed', code, reason });
    this.socket.close(code, closeReason(reason));
    // A peer that never completes the closing handshake is dropped after a grace period.
    setTimeout(() => this.socket.terminate(), 1_000).unref();
  }

  private dispose(closed: Extract<SessionState, { kind: 'closed' }>): void {
    if (this.state.kind === 'closed') return;
    this.state = closed;
    clearTimeout(this.authTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.stream.dispose();
    this.deps.onClosed(this);
  }

  private send(frame: AgentFrame): void {
    if (this.state.kind === 'closed' || this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(encodeFrame(frame, this.deps.limits.maxFrameBytes, this.deps.log));
    // What the node accepts may change with what it just did or reported (a promotion): say so.
    if (frame.type === 'samples' || frame.type === 'event' || frame.type === 'commandResult') this.announcer.check();
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.state.kind === 'closed') return;
    this.lastHeardAt = Date.now();
    if (!this.limiter.take()) {
      const rate = this.deps.limits.maxMessagesPerSecond;
      this.reject('rate-limited', `more than ${rate} frames per second`, null, AgentCloseCode.rateLimited);
      return;
    }
    if (isBinary) {
      this.send(errorFrame(fail('invalid-payload', 'frames are JSON text', [{ path: '(root)', message: 'binary frame' }])));
      return;
    }
    const text = rawText(data);
    const frame = decodeFrame(ClientFrameSchema, text, 'frame');
    if (!frame.ok) {
      // A well-formed command whose name this protocol does not define is answered like any refused command.
      const unknown = this.state.kind === 'ready' ? unknownCommand(text) : null;
      if (unknown) this.send({ v: 1, type: 'commandResult', id: unknown.id, result: fail('unknown-command', `this agent does not know the command ${JSON.stringify(unknown.name)}`, [{ path: 'command.name', message: 'unknown command' }]) });
      else this.send(errorFrame(frame, readCommandId(text)));
      return;
    }
    this.handle(frame.value);
  }

  private handle(frame: ClientFrame): void {
    const state = this.state;
    switch (state.kind) {
      case 'closed':
        return;
      case 'awaiting-hello':
        if (frame.type !== 'hello') {
          this.reject('hello-required', `send hello before ${frame.type}`, 'type', AgentCloseCode.authFailed);
          return;
        }
        this.authenticate(frame.token);
        return;
      case 'ready':
        this.handleReady(frame);
        return;
      default:
        assertNever(state, 'session state');
    }
  }

  /** One token try: refused unheard while this address is backing off, compared in constant time otherwise. */
  private authenticate(token: string): void {
    const { throttle, remoteAddress } = this.deps;
    const waitMs = throttle.waitMs(remoteAddress);
    if (waitMs > 0) {
      this.reject('auth-throttled', `too many refused tokens from ${remoteAddress}: try again in ${waitMs} ms`, 'token', AgentCloseCode.authFailed);
    } else if (!tokensEqual(token, this.deps.token)) {
      const delayMs = throttle.failed(remoteAddress);
      this.deps.log.warn('agent token refused', { remoteAddress, nextTryInMs: delayMs });
      this.reject('auth-failed', 'the agent token was refused', 'token', AgentCloseCode.authFailed);
    } else {
      throttle.succeeded(remoteAddress);
      this.welcome();
    }
  }

  private welcome(): void {
    clearTimeout(this.authTimer);
    this.state = { kind: 'ready' };
    const { backend, limits } = this.deps;
    const capabilities = backend.capabilities();
    this.send({ v: 1, type: 'welcome', agentVersion: AGENT_VERSION, engine: backend.engine, nodeId: backend.nodeId, capabilities, limits: { ...limits } });
    this.announcer.check();
    this.heartbeatTimer = setInterval(() => this.heartbeat(), limits.heartbeatIntervalMs);
  }

  private heartbeat(): void {
    const silentMs = Date.now() - this.lastHeardAt;
    if (silentMs > this.deps.limits.heartbeatTimeoutMs) {
      this.close(AgentCloseCode.heartbeatTimeout, `no frame for ${silentMs} ms`);
      return;
    }
    this.send({ v: 1, type: 'ping', at: Date.now() });
    this.announcer.check();
  }

  private handleReady(frame: ClientFrame): void {
    switch (frame.type) {
      case 'hello':
        this.send(errorFrame(fail('already-authenticated', 'hello was already accepted', [{ path: 'type', message: 'hello sent twice' }])));
        return;
      case 'subscribe':
        this.stream.start(frame.intervalMs);
        return;
      case 'command':
        void runCommand(this.deps.backend, frame.command).then((result: { ok: true; value: unknown } | Failure) => {
          this.send({ v: 1, type: 'commandResult', id: frame.id, result });
        });
        return;
      case 'ping':
        this.send({ v: 1, type: 'pong', at: frame.at });
        return;
      case 'pong':
        return;
      default:
        assertNever(frame, 'frame type');
    }
  }
}
