import type { WelcomeFrame } from '../../../shared/agent/protocol';
import type { AnyAgentCommand, AnyAgentCommandName } from '../../../shared/agent/commands';
import type { AgentEvent } from '../../../shared/agent/events';
import type { NodeReport } from '../../../shared/agent/report';
import { assertNever, fail, type Failure, type Result } from '../../../shared/result';
import type { Disposable } from '../../core/lifecycle';
import type { Backoff } from '../../../shared/backoff';
import { AgentAttempt, type AttemptOptions, type StreamFrame } from './attempt';
import { PendingCommands } from './pending-commands';

export type AgentConnectionStatus =
  | { kind: 'connecting'; attempt: number }
  | { kind: 'ready'; welcome: WelcomeFrame; since: number }
  | { kind: 'backoff'; retryAt: number; lastError: Failure }
  | { kind: 'closed' };

export interface LatestReport {
  report: NodeReport;
  receivedAt: number;
}

export interface AgentConnectionOptions extends AttemptOptions {
  backoff: Backoff;
  /** Epoch ms for timestamps (receivedAt, since); timers use the real clock. */
  now: () => number;
  commandTimeoutMs: number;
}

/**
 * One agent URL, for as long as the driver lives: connects, reconnects (with
 * backoff until it was first reached, then at the sample interval), and keeps the newest report per node even while the agent is gone,
 * so the driver can show the node's last known state as stale.
 */
export class AgentConnection implements Disposable {
  private current: AgentConnectionStatus = { kind: 'connecting', attempt: 0 };
  private socket: AgentAttempt | null = null;
  private attempts = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private unavailable: number | null = null;
  /** Once an agent was ready, a lost one is retried at the sample interval, not with growing backoff. */
  private everReady = false;
  private readonly reports = new Map<string, LatestReport>();
  /** The commands the agent accepts now: welcome's list, replaced by every `capabilities` frame. */
  private announced: readonly AnyAgentCommandName[] = [];
  private readonly pending = new PendingCommands();
  private readonly eventListeners = new Set<(event: AgentEvent) => void>();
  private readonly changeListeners = new Set<() => void>();

  constructor(private readonly opts: AgentConnectionOptions) {}

  setInterval(intervalMs: number): void {
    this.opts.intervalMs = intervalMs;
    this.socket?.resubscribe(intervalMs);
  }

  get url(): string {
    return this.opts.url;
  }
  get status(): AgentConnectionStatus {
    return this.current;
  }
  /** Newest report per node id (an agent normally serves one node). */
  get latest(): ReadonlyMap<string, LatestReport> {
    return this.reports;
  }
  /** What the agent accepts now (its newest `capabilities` frame, else its welcome); empty unless ready. */
  get capabilities(): readonly AnyAgentCommandName[] {
    return this.current.kind === 'ready' ? this.announced : [];
  }
  /** Epoch ms since the agent stopped being ready (or first failed); null while ready. */
  get unavailableSince(): number | null {
    return this.unavailable;
  }

  start(): void {
    if (this.attempts === 0 && this.current.kind === 'connecting') this.open();
  }

  onEvent(listener: (event: AgentEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Called on every status change, `samples`, `capabilities` and `event` frame. */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  command(command: AnyAgentCommand): Promise<Result<unknown>> {
    if (this.current.kind !== 'ready' || !this.socket) {
      return Promise.resolve(fail('agent-unavailable', `the agent at ${this.opts.url} is not connected (${this.current.kind})`));
    }
    const { id, promise } = this.pending.create(this.opts.commandTimeoutMs);
    this.socket.send({ v: 1, type: 'command', id, command });
    return promise;
  }

  dispose(): void {
    if (this.current.kind === 'closed') return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket?.dispose();
    this.socket = null;
    this.pending.failAll(fail('closed', 'the connection was closed'));
    this.setStatus({ kind: 'closed' });
    this.eventListeners.clear();
    this.changeListeners.clear();
  }

  private open(): void {
    this.retryTimer = null;
    this.setStatus({ kind: 'connecting', attempt: ++this.attempts });
    let socket: AgentAttempt;
    try {
      socket = this.attempt();
    } catch (error) {
      // `new WebSocket` throws at once for a URL it cannot use.
      this.onFailed(fail('invalid-url', `cannot use ${this.opts.url}: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    this.socket = socket;
  }

  private attempt(): AgentAttempt {
    const socket: AgentAttempt = new AgentAttempt(this.opts, {
      welcome: (welcome) => {
        this.everReady = true;
        this.opts.backoff.reset();
        this.unavailable = null;
        this.announced = welcome.capabilities;
        this.setStatus({ kind: 'ready', welcome, since: this.opts.now() });
      },
      frame: (frame) => this.onFrame(frame),
      failed: (failure) => {
        if (this.socket === socket) this.onFailed(failure);
      },
    });
    return socket;
  }

  private onFrame(frame: StreamFrame): void {
    switch (frame.type) {
      case 'capabilities':
        this.announced = frame.capabilities;
        this.changed();
        return;
      case 'samples':
        for (const report of frame.reports) this.reports.set(report.node.id, { report, receivedAt: this.opts.now() });
        this.changed();
        return;
      case 'event':
        for (const l of [...this.eventListeners]) l(frame.event);
        this.changed();
        return;
      case 'commandResult':
        this.pending.settle(frame.id, frame.result);
        return;
      case 'error':
        if (frame.id === undefined || !this.pending.settle(frame.id, fail(frame.code, frame.reason, frame.issues))) {
          this.opts.log.warn('agent reported an error', { url: this.opts.url, code: frame.code, reason: frame.reason });
        }
        return;
      default:
        assertNever(frame, 'agent frame');
    }
  }

  private onFailed(failure: Failure): void {
    if (this.current.kind === 'closed') return;
    if (this.current.kind === 'ready' || this.unavailable === null) this.unavailable = this.opts.now();
    this.socket = null;
    this.pending.failAll(fail('connection-lost', failure.reason));
    const delayMs = this.everReady ? this.opts.intervalMs : this.opts.backoff.next();
    this.opts.log.debug('agent connection failed', { url: this.opts.url, code: failure.code, reason: failure.reason, retryInMs: delayMs });
    this.setStatus({ kind: 'backoff', retryAt: this.opts.now() + delayMs, lastError: failure });
    this.retryTimer = setTimeout(() => this.open(), delayMs);
  }

  private setStatus(status: AgentConnectionStatus): void {
    this.current = status;
    this.changed();
  }

  private changed(): void {
    for (const l of [...this.changeListeners]) l();
  }
}
