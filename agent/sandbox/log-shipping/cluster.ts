import type { AgentCommandName } from '../../../shared/agent/commands';
import type { NodeReport } from '../../../shared/agent/report';
import type { SandboxFault } from '../../../shared/ipc/sandbox';
import type { NodeRole } from '../../../shared/model/node';
import type { Result } from '../../../shared/result';
import { CoreBase } from '../common/core-base';
import type { NodeCommand, SandboxCore } from '../common/core';
import { Workload } from '../common/workload';
import { ReplicationStream } from '../common/stream';
import { checkFollow } from './follow';
import type { PipelineDelays } from '../common/apply-pipeline';
import { SimNetwork, type LinkConfig } from '../sim/network';
import type { Rng } from '../sim/rng';
import type { Scheduler } from '../sim/scheduler';
import { prCapabilities, prCommand } from './commands';
import { prFault } from './faults';
import { PrObserver } from './observer';
import { PrNode } from './node';
import { prReport } from './report';
import type { WalEntry } from './wal';

export interface PrimaryReplicaConfig {
  link: LinkConfig;
  delays: PipelineDelays;
  writesPerSecond: number;
  walKeepEntries: number;
  keyCount: number;
  tickMs: number;
  /** Replicas behind the primary; every third cascades (replica-3 ← replica-1). Default 3. */
  replicas?: number;
}

export type PrStream = ReplicationStream<WalEntry, PrNode, PrNode>;

const START_POS = 0x300_0028;
/** primary, replica-1…N; replica-k with k divisible by 3 streams from replica-(k-2). */
export function primaryReplicaTopology(replicas: number): Record<string, string | null> {
  const upstreams: Record<string, string | null> = { primary: null };
  for (let k = 1; k <= replicas; k++) upstreams[`replica-${k}`] = k % 3 === 0 ? `replica-${k - 2}` : 'primary';
  return upstreams;
}

/** The log-shipping sandbox: a primary, two replicas and a cascading replica (replica-3 ← replica-1). */
export class PrimaryReplicaCore extends CoreBase implements SandboxCore {
  readonly kind = 'primary-replica' as const;
  readonly nodes = new Map<string, PrNode>();
  readonly streams = new Map<string, PrStream>();
  readonly net: SimNetwork;
  readonly workload: Workload;
  maxTimeline = 1;
  private nextEntryId = 1;
  private readonly observer = new PrObserver();

  constructor(
    name: string,
    sched: Scheduler,
    private readonly rng: Rng,
    readonly config: PrimaryReplicaConfig,
  ) {
    const topology = primaryReplicaTopology(config.replicas ?? 3);
    super(name, sched, Object.keys(topology), config.tickMs);
    this.net = new SimNetwork(sched, { defaults: config.link });
    this.workload = new Workload(sched, rng, config.writesPerSecond, () => this.backgroundWrite());
    for (const [id, up] of Object.entries(topology)) {
      const node = new PrNode(id, sched, config.delays, START_POS, up ? 'replica' : 'primary', up, 1, sched.now());
      this.nodes.set(id, node);
    }
    for (const node of this.nodes.values()) if (node.upstream) this.follow(node);
  }

  node(id: string): PrNode | undefined {
    return this.nodes.get(id);
  }

  isAlive(id: string): boolean {
    return this.nodes.get(id)?.alive ?? false;
  }

  roleOf(node: PrNode): NodeRole {
    if (node.role === 'primary') return 'primary';
    const up = node.upstream ? this.nodes.get(node.upstream) : undefined;
    return up && up.role === 'replica' ? 'cascading-replica' : 'replica';
  }

  /** The writable primary clients use: the newest timeline wins. */
  currentPrimary(): PrNode | undefined {
    return [...this.nodes.values()].filter((n) => n.writable).sort((a, b) => b.timeline - a.timeline)[0];
  }

  /** (Re)starts `node`'s stream from its upstream. */
  follow(node: PrNode): PrStream | undefined {
    this.streams.get(node.id)?.close();
    this.streams.delete(node.id);
    const up = node.upstream ? this.nodes.get(node.upstream) : undefined;
    if (!up) return undefined;
    const stream: PrStream = new ReplicationStream(this.net, this.sched, up, node, () => checkFollow(up, node));
    this.streams.set(node.id, stream);
    stream.pump();
    return stream;
  }

  /** Forces the downstreams of `node` to reconnect and re-check history (after promote or rewind). */
  resetDownstreams(node: PrNode): void {
    for (const id of this.nodeIds) if (id !== node.id) this.net.reset(node.id, id);
  }

  commitWrite(node: PrNode, key: string, value: unknown): WalEntry {
    const entry = node.commitLocal(this.nextEntryId++, key, value, Math.round(this.sched.now()), this.config.walKeepEntries);
    for (const s of this.streams.values()) if (s.upstream === node) s.pump();
    return entry;
  }

  private backgroundWrite(): void {
    const primary = this.currentPrimary();
    if (!primary) return;
    const key = `item-${String(this.rng.int(1, this.config.keyCount)).padStart(3, '0')}`;
    this.commitWrite(primary, key, { qty: this.rng.int(0, 500), price: this.rng.int(100, 99_999) / 100, by: primary.id });
  }

  /** Pumps streams, recycles WAL and reports what changed (roles, links, split brain). */
  override tick(): void {
    for (const s of this.streams.values()) s.pump();
    for (const n of this.nodes.values()) if (n.alive) n.compact(this.config.walKeepEntries);
    this.observe();
  }

  observe(): void {
    this.observer.observe(this);
  }

  capabilities(nodeId: string): AgentCommandName[] {
    return prCapabilities(this, nodeId);
  }

  report(nodeId: string): NodeReport {
    return prReport(this, nodeId);
  }

  command(nodeId: string, cmd: NodeCommand): Result<unknown> {
    const result = prCommand(this, nodeId, cmd);
    this.observe();
    return result;
  }

  fault(fault: SandboxFault): Result<unknown> {
    const result = prFault(this, fault);
    this.tick();
    return result;
  }

  start(): void {
    this.observe();
    this.workload.start();
    this.startTicking();
  }

  stop(): void {
    this.workload.stop();
    this.stopTicking();
    for (const s of this.streams.values()) s.close();
  }
}
