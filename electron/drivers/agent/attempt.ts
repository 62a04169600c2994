import WebSocket, { type RawData } from 'ws';
import { DEFAULT_AGENT_LIMITS } from '../../../shared/agent/limits';
import { AgentFrameSchema, decodeFrame, type AgentFrame, type ClientFrame, type WelcomeFrame } from '../../../shared/agent/protocol';
import { fail, type Failure } from '../../../shared/result';
import type { Logger } from '../../core/logger';
import { agentFailure, fromClose, fromHttpResponse, fromSocketError } from './failures';

export interface AttemptOptions {
  url: string;
  token: string;
  clientVersion: string;
  intervalMs: number;
  connectTimeoutMs: number;
  log: Logger;
}

/** Frames the connection cares about once the agent said welcome. */
export type StreamFrame = Extract<AgentFrame, { type: 'capabilities' | 'samples' | 'event' | 'commandResult' | 'error' }>;

export interface AttemptHandlers {
  welcome(frame: WelcomeFrame): void;
  frame(frame: StreamFrame): void;
  /** Called at most once; the socket is already gone. */
  failed(failure: Failure): void;
}

const FATAL_ERRORS = ['node-down', 'rate-limited', 'auth-failed', 'auth-timeout', 'hello-required'];

/**
 * One socket to one agent: hello → welcome → subscribe, answering pings and
 * watching for silence. Any failure ends the attempt; the connection decides
 * when to try again.
 */
export class AgentAttempt {
  private readonly ws: WebSocket;
  private readonly timers: NodeJS.Timeout[] = [];
  private welcomed = false;
  private done = false;
  private lastHeardAt = performance.now();

  constructor(
    private readonly opts: AttemptOptions,
    private readonly handlers: AttemptHandlers,
  ) {
    const { url, connectTimeoutMs } = opts;
    this.ws = new WebSocket(url, { maxPayload: DEFAULT_AGENT_LIMITS.maxFrameBytes, handshakeTimeout: connectTimeoutMs, perMessageDeflate: false });
    const ws = this.ws;
    this.timers.push(setTimeout(() => this.welcomed || this.fail(agentFailure('timeout', `no welcome from ${url} within ${connectTimeoutMs} ms`)), connectTimeoutMs));
    ws.on('unexpected-response', (req, res) => {
      this.fail(fromHttpResponse(url, res));
      req.destroy();
    });
    ws.on('error', (error) => this.fail(fromSocketError(url, error)));
    ws.on('open', () => this.send({ v: 1, type: 'hello', token: opts.token, clientVersion: opts.clientVersion }));
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('close', (code, reason) => this.fail(fromClose(url, code, reason.toString(), this.welcomed)));
  }

  send(frame: ClientFrame): void {
    if (!this.done && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
  }

  /** Ends the attempt without reporting a failure (the connection is being disposed). */
  dispose(): void {
    this.close(1000, 'client closing');
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.done) return;
    this.lastHeardAt = performance.now();
    const text = isBinary ? '' : Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    const decoded = decodeFrame(AgentFrameSchema, text, 'agent frame');
    if (!decoded.ok) {
      if (!this.welcomed) this.fail(agentFailure('not-an-agent', `${this.opts.url} is not a ReplicaDesk agent: ${decoded.reason}`));
      else this.opts.log.warn('invalid frame from agent', { url: this.opts.url, reason: decoded.reason });
      return;
    }
    const frame = decoded.value;
    if (frame.type === 'error' && frame.id === undefined && (!this.welcomed || FATAL_ERRORS.includes(frame.code))) {
      const code = frame.code.startsWith('auth-') || frame.code === 'hello-required' ? 'auth-failed' : frame.code;
      this.fail(fail(code, `${this.opts.url}: ${frame.reason}`));
    } else if (frame.type === 'ping') {
      this.send({ v: 1, type: 'pong', at: frame.at });
    } else if (frame.type === 'pong') {
      // our pings are not used; the agent's pings keep both sides honest
    } else if (frame.type === 'welcome') {
      if (!this.welcomed) this.onWelcome(frame);
    } else if (!this.welcomed) {
      this.fail(agentFailure('not-an-agent', `${this.opts.url} sent ${frame.type} before welcome`));
    } else {
      this.handlers.frame(frame);
    }
  }

  /** Asks the agent for a new sample interval (a second `subscribe` only re-times the stream). */
  resubscribe(intervalMs: number): void {
    if (this.welcomed) this.send({ v: 1, type: 'subscribe', intervalMs });
  }

  private onWelcome(frame: WelcomeFrame): void {
    this.welcomed = true;
    this.send({ v: 1, type: 'subscribe', intervalMs: this.opts.intervalMs });
    const timeoutMs = frame.limits.heartbeatTimeoutMs;
    const watchdog = setInterval(() => {
      const silentMs = performance.now() - this.lastHeardAt;
      if (silentMs > timeoutMs) this.fail(agentFailure('heartbeat-timeout', `nothing from ${this.opts.url} for ${Math.round(silentMs)} ms`));
    }, Math.max(20, Math.min(1_000, timeoutMs / 4)));
    this.timers.push(watchdog);
    this.handlers.welcome(frame);
  }

  private fail(failure: Failure): void {
    if (this.done) return;
    this.close();
    this.handlers.failed(failure);
  }

  private close(code?: number, reason?: string): void {
    if (this.done) return;
    this.done = true;
    for (const t of this.timers) clearTimeout(t);
    const ws = this.ws;
    ws.removeAllListeners();
    ws.on('error', () => {});
    if (code !== undefined && ws.readyState === WebSocket.OPEN) {
      ws.close(code, reason);
      setTimeout(() => ws.terminate(), 1_000).unref();
    } else {
      ws.terminate();
    }
  }
}
