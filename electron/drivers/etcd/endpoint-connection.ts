import type http from 'node:http';
import type { Timeouts } from '../../../shared/model/cluster';
import { assertNever, fail, ok, type Failure, type Result } from '../../../shared/result';
import { Backoff } from '../../../shared/backoff';
import type { Disposable } from '../../core/lifecycle';
import { classifyEtcdError, EtcdServerError } from './errors';
import { postJson } from './http-client';
import { endpointId } from './endpoint-url';
import { AuthReplySchema, parseReply } from './wire';

export type EndpointStatus =
  | { kind: 'idle' }
  | { kind: 'authenticating' }
  | { kind: 'ready'; since: number }
  | { kind: 'backoff'; retryAt: number; lastError: Failure }
  | { kind: 'closed' };

export interface EndpointOptions {
  timeouts: Timeouts;
  now(): number;
  agent: http.Agent;
  auth?: { username: string; password: string } | undefined;
  backoff?: Backoff;
}

const CLOSED = fail('closed', 'the connection was closed');

/**
 * One etcd client URL. HTTP keep-alive through the driver's agent; a token
 * from /v3/auth/authenticate when auth is configured. A failed request puts it
 * into backoff (0.25 s to 5 s): until then calls fail at once with the last error.
 */
export class EndpointConnection implements Disposable {
  readonly id: string;
  /** Gateway round-trips made so far (for `queriesPerNode`). */
  requests = 0;
  private state: EndpointStatus = { kind: 'idle' };
  private token: string | null = null;
  private everReady = false;
  private readonly backoff: Backoff;

  constructor(
    readonly url: URL,
    private readonly opts: EndpointOptions,
  ) {
    this.id = endpointId(url);
    this.backoff = opts.backoff ?? new Backoff({ baseMs: 250, maxMs: 5_000 });
  }

  get status(): EndpointStatus {
    return this.state;
  }

  /** One POST to `route`; never throws. `timeoutMs` overrides the spec's (a leadership transfer waits for the handover). */
  async call(route: string, body: unknown, signal: AbortSignal, timeoutMs?: number): Promise<Result<Record<string, unknown>>> {
    const s = this.state;
    switch (s.kind) {
      case 'closed':
        return CLOSED;
      case 'backoff':
        if (this.opts.now() < s.retryAt) return s.lastError;
        break;
      case 'idle':
      case 'authenticating':
      case 'ready':
        break;
      default:
        return assertNever(s, 'endpoint status');
    }
    const first = await this.attempt(route, body, signal, timeoutMs);
    if (first.ok || first.code !== 'auth-failed' || !this.opts.auth || this.token === null) return first;
    // A token expires (simple tokens after 5 idle minutes): log in again once.
    this.token = null;
    return this.attempt(route, body, signal, timeoutMs);
  }

  private async attempt(route: string, body: unknown, signal: AbortSignal, overrideMs?: number): Promise<Result<Record<string, unknown>>> {
    const wasReady = this.state.kind === 'ready';
    if (this.opts.auth && this.token === null) {
      this.state = { kind: 'authenticating' };
      const login = await this.authenticate(signal);
      if (!login.ok) return this.failed(login);
    }
    const timeoutMs = overrideMs ?? (wasReady ? this.opts.timeouts.queryTimeoutMs : this.opts.timeouts.connectTimeoutMs);
    this.requests += 1;
    try {
      const reply = await postJson(new URL(route, this.url), body, { timeoutMs, signal, token: this.token, agent: this.opts.agent });
      this.markReady();
      return ok(reply);
    } catch (e) {
      const failure = this.classify(e);
      // etcd's own refusals (bad transferee, permission denied) leave the endpoint usable.
      if (e instanceof EtcdServerError) {
        this.markReady();
        return failure;
      }
      return this.failed(failure);
    }
  }

  private async authenticate(signal: AbortSignal): Promise<Result<void>> {
    const auth = this.opts.auth;
    if (!auth) return ok(undefined);
    this.requests += 1;
    try {
      const reply = await postJson(new URL('/v3/auth/authenticate', this.url), { name: auth.username, password: auth.password }, {
        timeoutMs: this.opts.timeouts.connectTimeoutMs,
        signal,
        agent: this.opts.agent,
      });
      this.token = parseReply(AuthReplySchema, reply, 'authenticate').token;
      return ok(undefined);
    } catch (e) {
      const f = classifyEtcdError(e, this.id);
      // etcd without auth enabled refuses authenticate with "authentication is not enabled": go on without a token.
      if (/authentication is not enabled/i.test(f.reason)) return ok(undefined);
      return f.code === 'etcd-error' ? fail('auth-failed', f.reason) : f;
    }
  }

  /**
   * Measured: etcd with TLS hangs up on a plain-HTTP request without a word. An http:// endpoint
   * that has never answered and hangs up is most likely such a port.
   */
  private classify(e: unknown): Failure {
    const f = classifyEtcdError(e, this.id);
    if (f.code !== 'connection-lost' || this.everReady || this.url.protocol !== 'http:') return f;
    return fail('tls-mismatch', `${this.id} hung up on a plain HTTP request: it probably serves TLS only; use https:// (and a CA / client certificate if needed)`);
  }

  private markReady(): void {
    this.everReady = true;
    if (this.state.kind === 'closed') return;
    if (this.state.kind !== 'ready') this.state = { kind: 'ready', since: this.opts.now() };
    this.backoff.reset();
  }

  private failed(failure: Failure): Failure {
    if (this.state.kind === 'closed') return CLOSED;
    if (failure.code === 'aborted') {
      this.state = { kind: 'idle' };
      return failure;
    }
    this.token = null;
    this.state = { kind: 'backoff', retryAt: this.opts.now() + this.backoff.next(), lastError: failure };
    return failure;
  }

  dispose(): void {
    this.state = { kind: 'closed' };
    this.token = null;
  }
}
