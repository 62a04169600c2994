import type { AgentCommandName } from '../../../shared/agent/commands';
import type { NodeReport } from '../../../shared/agent/report';
import type { SandboxFault } from '../../../shared/ipc/sandbox';
import type { Result } from '../../../shared/result';
import type { NodeCommand, SandboxCore } from '../common/core';
import { CoreBase } from '../common/core-base';
import { LinkObserver } from '../common/link-observer';
import { Workload } from '../common/workload';
import { SimNetwork, type LinkConfig } from '../sim/network';
import type { Rng } from '../sim/rng';
import type { Scheduler } from '../sim/scheduler';
import { raftCommand } from './commands';
import { raftFault } from './faults';
import { propose } from './leader';
import type { RaftEntry } from './log';
import { messageBytes } from './messages';
import { RaftNode, type RaftEnv, type RaftTimings } from './node';
import { raftLinks, raftReport } from './report';
import { handleMessage } from './rpc';

export interface RaftConfig {
  timings: RaftTimings;
  link: LinkConfig;
  /** Extra random delay per message; messages may then overtake each other. */
  jitterMs: number;
  writesPerSecond: number;
  keyCount: number;
  tickMs: number;
}

const MEMBER_IDS = ['raft-1', 'raft-2', 'raft-3', 'raft-4', 'raft-5'] as const;

/** Test hooks: see every apply and every election. */
export interface RaftProbe {
  onApply?(nodeId: string, entry: RaftEntry): void;
  onLeader?(nodeId: string, term: number): void;
}

/** A 5-member Raft group on a simulated network. */
export class RaftCore extends CoreBase implements SandboxCore {
  readonly kind = 'consensus' as const;
  readonly members = new Map<string, RaftNode>();
  readonly net: SimNetwork;
  readonly workload: Workload;
  private readonly links = new LinkObserver();
  private entryIds = 0;

  constructor(
    name: string,
    sched: Scheduler,
    private readonly rng: Rng,
    readonly config: RaftConfig,
    probe: RaftProbe = {},
  ) {
    super(name, sched, MEMBER_IDS, config.tickMs);
    this.net = new SimNetwork(sched, { defaults: config.link, jitterMs: config.jitterMs, rng, fifo: config.jitterMs === 0 });
    const env: RaftEnv = {
      sched,
      rng,
      timings: config.timings,
      members: MEMBER_IDS,
      send: (from, to, msg) => {
        const target = this.members.get(to);
        if (target) this.net.send(from, to, messageBytes(msg), () => handleMessage(target, from, msg));
      },
      onLeader: (node) => {
        this.emit('leader-change', 'warning', node.id, `${node.id} is the leader (term ${node.currentTerm})`);
        probe.onLeader?.(node.id, node.currentTerm);
      },
      onApply: (node, entry) => probe.onApply?.(node.id, entry),
      newEntryId: () => ++this.entryIds,
    };
    for (const id of MEMBER_IDS) this.members.set(id, new RaftNode(id, env));
    this.workload = new Workload(sched, rng, config.writesPerSecond, () => this.backgroundWrite());
  }

  member(id: string): RaftNode | undefined {
    return this.members.get(id);
  }

  isAlive(id: string): boolean {
    return this.members.get(id)?.alive ?? false;
  }

  /** The live leader of the highest term, if any. */
  leader(): RaftNode | undefined {
    return [...this.members.values()]
      .filter((n) => n.alive && n.role === 'leader')
      .sort((a, b) => b.currentTerm - a.currentTerm)[0];
  }

  private backgroundWrite(): void {
    const leader = this.leader();
    if (!leader || leader.transfer) return;
    const key = `key-${String(this.rng.int(1, this.config.keyCount)).padStart(3, '0')}`;
    propose(leader, key, { n: this.rng.int(0, 1_000_000), by: leader.id });
  }

  capabilities(nodeId: string): AgentCommandName[] {
    const node = this.members.get(nodeId);
    if (!node?.alive) return [];
    return node.role === 'leader' ? ['write', 'read', 'transferLeadership', 'fault'] : ['read', 'fault'];
  }

  report(nodeId: string): NodeReport {
    return raftReport(this, nodeId);
  }

  command(nodeId: string, cmd: NodeCommand): Result<unknown> | Promise<Result<unknown>> {
    return raftCommand(this, nodeId, cmd);
  }

  fault(fault: SandboxFault): Result<unknown> {
    return raftFault(this, fault);
  }

  protected override tick(): void {
    this.links.observe(raftLinks(this), (...args) => this.emit(...args));
  }

  start(): void {
    for (const node of this.members.values()) node.resetElectionTimer();
    this.workload.start();
    this.startTicking();
  }

  stop(): void {
    this.workload.stop();
    this.stopTicking();
    for (const node of this.members.values()) node.stopTimers();
  }
}
