import type { NodeBackend } from '../backend';
import type { AnyAgentCommand, AnyAgentCommandName } from '../../shared/agent/commands';
import type { AgentEvent } from '../../shared/agent/events';
import type { GaleraConflictRecord } from '../../shared/engines/galera-conflict';
import type { NodeReport } from '../../shared/agent/report';
import { fail, ok, type Result } from '../../shared/result';
import { GaleraLogParser } from './galera-log-parser';
import { galeraConflictEvent } from './conflict-event';
import { LogTail, type LogTailLimits, DEFAULT_TAIL_LIMITS } from './log-tail';

export interface MariadbLogBackendOptions {
  /** The node id the app knows the server by (`host:port` as it reaches it). */
  nodeId: string;
  errorLog: string;
  /** How often the log is read (ms). */
  pollMs?: number;
  limits?: LogTailLimits;
  /** Conflict events per poll at most; the rest are counted, not sent. */
  maxEventsPerPoll?: number;
  now?: () => number;
}

/**
 * The agent's `mariadb` backend: follows one MariaDB server's error log and pushes each Galera conflict it
 * shows (`wsrep_log_conflicts=ON`) as a `conflict-detected` event carrying the record. It connects to nothing:
 * its only input is the log file, so it needs no login and knows the server's state only from the log; its
 * report says so (the app reads the server over SQL itself).
 */
export class MariadbLogBackend implements NodeBackend {
  readonly engine = 'mariadb' as const;
  readonly nodeId: string;
  private readonly tail: LogTail;
  private readonly parser = new GaleraLogParser();
  private readonly listeners = new Set<(e: AgentEvent) => void>();
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  private disposed = false;
  conflictsSeen = 0;
  conflictsDropped = 0;

  constructor(private readonly o: MariadbLogBackendOptions) {
    this.nodeId = o.nodeId;
    this.now = o.now ?? Date.now;
    this.tail = new LogTail(o.errorLog, o.limits ?? DEFAULT_TAIL_LIMITS);
  }

  /** Opens the log at its end and starts polling it. */
  async start(): Promise<void> {
    await this.tail.start();
    if (this.disposed) return;
    this.timer = setInterval(() => void this.poll(), this.o.pollMs ?? 250);
  }

  /** One read of the log (the timer calls it; tests may too). Returns the records found. */
  async poll(): Promise<GaleraConflictRecord[]> {
    if (this.polling || this.disposed) return [];
    this.polling = true;
    try {
      const lines = await this.tail.poll();
      const records = lines.flatMap((l) => this.parser.feed(l.text, l.cut));
      if (lines.length === 0) records.push(...this.parser.flush());
      const max = this.o.maxEventsPerPoll ?? 100;
      records.forEach((r, i) => {
        this.conflictsSeen += 1;
        if (i >= max) this.conflictsDropped += 1;
        else this.emit(galeraConflictEvent(this.nodeId, r, this.now()));
      });
      return records;
    } finally {
      this.polling = false;
    }
  }

  capabilities(): AnyAgentCommandName[] {
    return [];
  }

  report(): Promise<Result<NodeReport>> {
    const st = this.tail.state;
    const notes = [
      `error log ${st.path}: ${st.kind === 'reading' ? `read up to byte ${st.offset}` : `not readable (${st.reason})`}`,
      `Galera conflicts read from the log: ${this.conflictsSeen}${this.conflictsDropped ? ` (${this.conflictsDropped} not sent: over ${this.o.maxEventsPerPoll ?? 100} per read)` : ''}; lines not understood: ${this.parser.ignoredLines}; lines cut at ${this.tailLimit()} bytes: ${this.tail.cutLines}`,
      'this agent reads only the error log; the server itself is read by ReplicaDesk over SQL',
    ];
    const takenAt = this.now();
    const readable = st.kind === 'reading';
    // It reads a log, not the database: whether the server is up is not its to say (ReplicaDesk reads it over SQL).
    const what = readable ? `log reader: reading ${st.path}` : `log reader: cannot read ${st.path} (${st.reason})`;
    return Promise.resolve(
      ok({
        clusterKind: 'multi-primary',
        node: {
          id: this.nodeId,
          name: this.nodeId,
          address: this.nodeId,
          role: 'unknown',
          status: { kind: 'degraded', reason: `${what}; the database's state is unknown to this agent` },
          version: null,
          lastSeenAt: null,
          notes,
        },
        links: [],
        slots: [],
        consensus: null,
        takenAt,
        logReader: { path: st.path, readable, reason: readable ? null : st.reason },
      }),
    );
  }

  command(cmd: AnyAgentCommand): Promise<Result<unknown>> {
    return Promise.resolve(fail('not-supported', `the mariadb agent only reads the error log; ${cmd.name} is not one of its commands`));
  }

  onEvent(listener: (event: AgentEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  isAlive(): boolean {
    return !this.disposed;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.listeners.clear();
    await this.tail.close();
  }

  private tailLimit(): number {
    return (this.o.limits ?? DEFAULT_TAIL_LIMITS).maxLineBytes;
  }

  private emit(e: AgentEvent): void {
    for (const l of [...this.listeners]) l(e);
  }
}
