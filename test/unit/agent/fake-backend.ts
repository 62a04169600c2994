import type { NodeBackend } from '../../../agent/backend';
import type { AgentCommand, AgentCommandName } from '../../../shared/agent/commands';
import type { AgentEvent } from '../../../shared/agent/events';
import type { NodeReport } from '../../../shared/agent/report';
import type { ClusterKind } from '../../../shared/model/cluster';
import type { NodeRole } from '../../../shared/model/node';
import { fail, ok, type Result } from '../../../shared/result';

export interface FakeNodeOptions {
  kind?: ClusterKind;
  role?: NodeRole;
  upstream?: string;
  consensus?: { role: 'leader' | 'follower'; term: string };
}

/** A NodeBackend with no engine behind it: reports a growing position, records commands. */
export class FakeBackend implements NodeBackend {
  readonly engine = 'sandbox' as const;
  alive = true;
  position = 0;
  readonly commands: AgentCommand[] = [];
  private readonly listeners = new Set<(e: AgentEvent) => void>();
  /** Optional override for the next report (e.g. an oversized one). */
  reportHook: ((r: NodeReport) => NodeReport) | null = null;

  constructor(
    readonly nodeId: string,
    private readonly opts: FakeNodeOptions = {},
  ) {}

  /** What capabilities() answers; a test changes it to play a role change. */
  caps: AgentCommandName[] = ['promote', 'write', 'read', 'fault'];

  capabilities(): AgentCommandName[] {
    return [...this.caps];
  }

  async report(): Promise<Result<NodeReport>> {
    if (!this.alive) return fail('node-down', `${this.nodeId} was killed`);
    this.position += 100;
    const now = Date.now();
    const { kind = 'primary-replica', role = 'primary', upstream, consensus } = this.opts;
    const report: NodeReport = {
      clusterKind: kind,
      node: { id: this.nodeId, name: this.nodeId, address: `sandbox://${this.nodeId}`, role, status: { kind: 'up' }, version: 'fake-1', lastSeenAt: now, position: String(this.position) },
      links: upstream
        ? [{ id: `${upstream}->${this.nodeId}`, from: upstream, to: this.nodeId, state: 'streaming', sync: 'async', lag: { bytes: { sent: 0, write: 0, flush: 0, replay: 10 }, ms: { write: 0, flush: 0, replay: 5 }, measuredAt: now, source: 'fake' } }]
        : [],
      slots: [],
      consensus: consensus
        ? { nodeId: this.nodeId, memberId: `m-${this.nodeId}`, role: consensus.role, term: consensus.term, commitIndex: String(this.position), appliedIndex: String(this.position), lastContactAt: now }
        : null,
      takenAt: now,
    };
    return ok(this.reportHook ? this.reportHook(report) : report);
  }

  async command(cmd: AgentCommand): Promise<Result<unknown>> {
    this.commands.push(cmd);
    switch (cmd.name) {
      case 'write':
        return ok({ key: cmd.key, position: String(this.position) });
      case 'read':
        return cmd.key === 'missing' ? fail('not-found', `no key ${cmd.key}`) : ok({ key: cmd.key, value: 42 });
      case 'fault':
        if (cmd.fault.kind === 'kill-node' && cmd.fault.nodeId === this.nodeId) this.alive = false;
        return ok({ detail: `fake applied ${cmd.fault.kind}` });
      default:
        return ok(undefined);
    }
  }

  onEvent(listener: (event: AgentEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: AgentEvent): void {
    for (const l of this.listeners) l(event);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  isAlive(): boolean {
    return this.alive;
  }

  dispose(): void {
    this.listeners.clear();
  }
}
