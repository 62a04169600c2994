import type { AgentCommandName } from '../../../shared/agent/commands';
import type { NodeReport } from '../../../shared/agent/report';
import type { SandboxFault } from '../../../shared/ipc/sandbox';
import type { Result } from '../../../shared/result';
import type { PipelineDelays } from '../common/apply-pipeline';
import type { NodeCommand, SandboxCore } from '../common/core';
import { CoreBase } from '../common/core-base';
import { LinkObserver, observedStream } from '../common/link-observer';
import { encodedSize } from '../common/position';
import { ReplicationStream } from '../common/stream';
import { SimNetwork, type LinkConfig } from '../sim/network';
import type { Rng } from '../sim/rng';
import type { Scheduler } from '../sim/scheduler';
import { mpCommand } from './commands';
import { conflictEvent } from './conflict-payload';
import { ConflictRegistry, type ConflictRecord } from './conflicts';
import { mpFault } from './faults';
import type { ShippedVersion } from './origin-log';
import { Peer } from './peer';
import { mpReport } from './report';
import type { PolicyConfig } from './rules';
import { newVersion, type Version } from './version';
import { MpWorkload } from './workload';

export interface MultiPrimaryConfig {
  link: LinkConfig;
  delays: PipelineDelays;
  writesPerSecond: number;
  keyCount: number;
  /** A deliberate pair of concurrent writes every [min, max] ms; null: never. */
  conflictEveryMs: [number, number] | null;
  logKeepEntries: number;
  tickMs: number;
}

const PEER_IDS = ['peer-1', 'peer-2', 'peer-3'] as const;

export type MpStream = ReplicationStream<ShippedVersion, Peer, ReturnType<Peer['sink']>>;

/** Multi-primary sandbox: 3 writable peers in a full mesh, a version vector on every key. */
export class MultiPrimaryCore extends CoreBase implements SandboxCore {
  readonly kind = 'multi-primary' as const;
  readonly peers = new Map<string, Peer>();
  readonly streams = new Map<string, MpStream>();
  readonly net: SimNetwork;
  readonly conflicts: ConflictRegistry;
  readonly workload: MpWorkload;
  policy: PolicyConfig = { policy: 'manual' };
  private readonly links = new LinkObserver();

  constructor(
    name: string,
    sched: Scheduler,
    rng: Rng,
    readonly config: MultiPrimaryConfig,
  ) {
    super(name, sched, PEER_IDS, config.tickMs);
    this.net = new SimNetwork(sched, { defaults: config.link });
    this.conflicts = new ConflictRegistry(Math.round(sched.now()).toString(36));
    const apply = (peer: Peer, _origin: string, e: ShippedVersion) => this.applyRemote(peer, e.version);
    for (const id of PEER_IDS) {
      const others = PEER_IDS.filter((o) => o !== id);
      this.peers.set(id, new Peer(id, sched, config.delays, others, 0, sched.now(), apply));
    }
    for (const from of this.peers.values()) {
      for (const to of this.peers.values()) {
        if (from === to) continue;
        this.streams.set(`${from.id}->${to.id}`, new ReplicationStream(this.net, sched, from, to.sink(from.id)));
      }
    }
    this.workload = new MpWorkload(this, rng);
  }

  peer(id: string): Peer | undefined {
    return this.peers.get(id);
  }

  isAlive(id: string): boolean {
    return this.peers.get(id)?.alive ?? false;
  }

  private emitConflict(rec: ConflictRecord | null, nodeId: string): void {
    if (rec) this.events.emit(conflictEvent(rec, nodeId, Math.round(this.sched.now())));
  }

  /** A local write (see newVersion); `resolving` when it settles a conflict. */
  write(peer: Peer, key: string, value: unknown, resolving?: { rec: ConflictRecord; how: string }): Version {
    const seen = [...peer.store.siblings(key), ...(resolving?.rec.versions ?? [])];
    const v = newVersion(peer.id, ++peer.seq, key, value, seen, Math.round(this.sched.now()));
    peer.log.append(v, encodedSize(key, value) + 8 * Object.keys(v.vv).length);
    peer.store.merge(v);
    const how = resolving?.how ?? `superseded by a later write on ${peer.id}`;
    this.emitConflict(this.conflicts.supersede(v, peer.id, how, v.committedAt), peer.id);
    for (const s of this.streams.values()) if (s.upstream === peer) s.pump();
    return v;
  }

  private applyRemote(peer: Peer, v: Version): void {
    const outcome = peer.store.merge(v);
    const now = Math.round(this.sched.now());
    if (outcome === 'concurrent') {
      this.emitConflict(this.conflicts.observe(v.key, peer.store.siblings(v.key), peer.id, now, this.policy), peer.id);
    } else if (outcome === 'replaced') {
      this.emitConflict(this.conflicts.supersede(v, v.origin, `superseded by a later write on ${v.origin}`, now), peer.id);
    }
  }

  setPolicy(config: PolicyConfig): ConflictRecord[] {
    this.policy = config;
    const settled: ConflictRecord[] = [];
    for (const rec of this.conflicts.open()) {
      this.conflicts.settle(rec, config, Math.round(this.sched.now()));
      if (rec.status === 'resolved') settled.push(rec);
    }
    return settled;
  }

  override tick(): void {
    for (const s of this.streams.values()) s.pump();
    for (const p of this.peers.values()) {
      const durable = [...this.peers.values()].filter((q) => q !== p).map((q) => q.inbound.get(p.id)!.flushPos);
      p.log.recycle(Math.min(...durable), this.config.logKeepEntries);
    }
    const links = [...this.streams.values()].map(observedStream);
    this.links.observe(links, (...args) => this.emit(...args));
  }

  capabilities(nodeId: string): AgentCommandName[] {
    return this.isAlive(nodeId) ? ['write', 'read', 'readKeys', 'resolveConflict', 'resolveConflicts', 'setConflictPolicy', 'fault'] : [];
  }

  report(nodeId: string): NodeReport {
    return mpReport(this, nodeId);
  }

  command(nodeId: string, cmd: NodeCommand): Result<unknown> {
    return mpCommand(this, nodeId, cmd);
  }

  fault(fault: SandboxFault): Result<unknown> {
    const result = mpFault(this, fault);
    this.tick();
    return result;
  }

  start(): void {
    this.workload.start();
    this.startTicking();
  }

  stop(): void {
    this.workload.stop();
    this.stopTicking();
    for (const s of this.streams.values()) s.close();
  }
}
