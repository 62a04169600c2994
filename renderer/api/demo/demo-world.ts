import type { SandboxFault } from '../../../shared/ipc/sandbox';
import type { ClusterEvent, ClusterEventKind, Severity } from '../../../shared/model/event';
import type { LagPoint } from '../../../shared/model/lag-point';
import type { ClusterSample } from '../../../shared/model/sample';
import { linkId, type ReplicationLink } from '../../../shared/model/link';
import { assertNever, fail, ok, type Result } from '../../../shared/result';
import { buildDemoClusters, type DemoCluster, type DemoLink } from './demo-builders';

/** DEMO ONLY: a fake world that moves, so the UI can be looked at without a server. */
export class DemoWorld {
  readonly clusters: DemoCluster[];
  private events: ClusterEvent[] = [];
  /** Events not yet pushed in a delta. */
  private outbox: ClusterEvent[] = [];
  private eventSeq = 0;
  private writeRate = 50;

  constructor(now: number, bigNodes: number) {
    this.clusters = buildDemoClusters(now, bigNodes);
    for (const c of this.clusters) this.event(c.cluster.id, now - 60_000, 'node-up', 'info', null, 'monitoring started (demo)');
  }

  find(clusterId: string): DemoCluster | undefined {
    return this.clusters.find((c) => c.cluster.id === clusterId);
  }

  lagAt(l: DemoLink, at: number): LagPoint {
    const wave = 0.5 + 0.5 * Math.sin(at / 9_000 + l.phase) * Math.sin(at / 23_000 + l.phase * 2);
    const broken = l.state === 'broken';
    const base = (this.writeRate / 50) * (40_000 + 900_000 * wave * wave) + l.delayMs * 2_000;
    const bytes = broken ? 50_000_000 + (at % 600_000) * 40 : Math.round(base);
    const ms = broken ? null : Math.round(5 + 400 * wave * wave + l.delayMs);
    return { at, sentBytes: Math.round(bytes * 0.2), writeBytes: Math.round(bytes * 0.5), flushBytes: Math.round(bytes * 0.7), replayBytes: bytes, writeMs: ms === null ? null : Math.round(ms * 0.4), flushMs: ms === null ? null : Math.round(ms * 0.7), replayMs: ms };
  }

  sample(c: DemoCluster, now: number): ClusterSample {
    const up = new Set(c.nodes.filter((n) => n.status.kind === 'up').map((n) => n.id));
    for (const n of c.nodes) if (up.has(n.id)) n.lastSeenAt = now - 40;
    const links: ReplicationLink[] = c.links.map((l) => {
      const p = this.lagAt(l, now);
      const state = !up.has(l.from) || !up.has(l.to) ? 'broken' : l.state;
      return { id: linkId(l.from, l.to), from: l.from, to: l.to, state, sync: l.sync, lag: { bytes: { sent: p.sentBytes, write: p.writeBytes, flush: p.flushBytes, replay: p.replayBytes }, ms: { write: p.writeMs, flush: p.flushMs, replay: p.replayMs }, measuredAt: now - 40, source: 'demo' } };
    });
    const raft = c.raft;
    const consensus = raft && {
      leaderId: raft.leader,
      term: String(raft.term),
      members: c.nodes.map((n) => ({
        nodeId: n.id,
        memberId: n.id,
        role: n.id === raft.leader ? ('leader' as const) : n.status.kind === 'up' ? ('follower' as const) : ('unknown' as const),
        term: String(raft.term),
        commitIndex: String(raft.commit),
        appliedIndex: String(raft.commit - (n.id === raft.leader ? 0 : Math.floor(Math.random() * 3))),
        lastContactAt: n.status.kind === 'up' ? now - Math.floor(Math.random() * 200) : (n.lastSeenAt ?? null),
      })),
    };
    return { clusterId: c.cluster.id, takenAt: now, durationMs: 3 + Math.random() * 4, nodes: c.nodes.map((n) => ({ ...n })), links, slots: c.slots, consensus, queriesPerNode: 1, warnings: [] };
  }

  /** Moves the world on; returns the events produced since the last tick (faults included). */
  tick(now: number): ClusterEvent[] {
    for (const c of this.clusters) {
      if (c.raft) {
        c.raft.commit += Math.max(1, Math.round(this.writeRate / 10));
        if (Math.random() < 0.02) this.elect(c, now);
      }
      if (Math.random() < 0.01) this.event(c.cluster.id, now, 'lag-threshold', 'warning', c.nodes[1]?.id ?? null, 'replay lag above 5 s threshold');
    }
    return this.outbox.splice(0);
  }

  private elect(c: DemoCluster, now: number): void {
    if (!c.raft) return;
    const candidates = c.nodes.filter((n) => n.status.kind === 'up' && n.id !== c.raft?.leader);
    const next = candidates[Math.floor(Math.random() * candidates.length)];
    if (!next) return;
    c.raft.term += 1;
    c.raft.leader = next.id;
    for (const n of c.nodes) {
      n.role = n.id === next.id ? 'leader' : 'follower';
      n.term = String(c.raft.term);
    }
    c.links = c.nodes.filter((n) => n.id !== next.id).map((n, i) => ({ from: next.id, to: n.id, sync: 'quorum', state: 'streaming', delayMs: 0, phase: i }));
    this.event(c.cluster.id, now, 'leader-change', 'warning', next.id, `${next.id} became leader in term ${c.raft.term}`);
  }

  listEvents(clusterId: string | undefined, limit: number): ClusterEvent[] {
    return this.events.filter((e) => !clusterId || e.clusterId === clusterId).slice(-limit).reverse();
  }

  event(clusterId: string, at: number, kind: ClusterEventKind, severity: Severity, nodeId: string | null, message: string): void {
    const e: ClusterEvent = { id: `demo-${++this.eventSeq}`, clusterId, at, kind, severity, nodeId, message };
    this.events.push(e);
    this.outbox.push(e);
    if (this.events.length > 2_000) this.events.splice(0, 1_000);
  }

  fault(clusterId: string, fault: SandboxFault, now: number): Result<{ detail: string }> {
    const c = this.find(clusterId);
    if (!c) return fail('not-found', `no cluster ${clusterId}`);
    if (!c.cluster.sandbox) return fail('not-sandbox', `${c.cluster.name} is not a sandbox cluster`);
    const nodeOf = (id: string) => c.nodes.find((n) => n.id === id);
    const linksTo = (f: { from?: string; to: string }) => c.links.filter((l) => l.to === f.to && (!f.from || l.from === f.from));
    switch (fault.kind) {
      case 'kill-node':
      case 'restart-node': {
        const n = nodeOf(fault.nodeId);
        if (!n) return fail('not-found', `no node ${fault.nodeId} in ${c.cluster.name}`);
        const kill = fault.kind === 'kill-node';
        n.status = kill ? { kind: 'down', since: now, reason: 'process killed from the sandbox toolbar' } : { kind: 'up' };
        this.event(clusterId, now, kill ? 'node-down' : 'node-up', kill ? 'critical' : 'info', n.id, `${n.id} ${kill ? 'killed' : 'restarted'}`);
        if (kill && c.raft?.leader === n.id) this.elect(c, now);
        return ok({ detail: `${n.id} ${kill ? 'is down' : 'is starting'}` });
      }
      case 'slow-link':
      case 'cut-link':
      case 'heal-link': {
        const hit = linksTo(fault);
        if (hit.length === 0) return fail('not-found', `no link into ${fault.to}${fault.from ? ` from ${fault.from}` : ''}`);
        for (const l of hit) {
          if (fault.kind === 'slow-link') l.delayMs = fault.delayMs;
          else l.state = fault.kind === 'cut-link' ? 'broken' : 'streaming';
          if (fault.kind === 'heal-link') l.delayMs = 0;
        }
        this.event(clusterId, now, fault.kind === 'cut-link' ? 'link-broken' : 'link-restored', fault.kind === 'cut-link' ? 'critical' : 'info', fault.to, `${fault.kind} on ${hit.length} link(s) into ${fault.to}`);
        return ok({ detail: `${hit.length} link(s) changed` });
      }
      case 'write-rate':
        this.writeRate = fault.writesPerSecond;
        return ok({ detail: `writing ${fault.writesPerSecond}/s` });
      case 'same-key':
        if (c.cluster.kind !== 'multi-primary') return fail('unsupported', 'same-key needs a multi-primary cluster');
        this.event(clusterId, now, 'conflict-detected', 'warning', fault.nodeIds[1], `update-update conflict on key ${fault.key ?? 'k1'}`);
        return ok({ detail: `wrote ${fault.key ?? 'k1'} on ${fault.nodeIds.join(' and ')}` });
      default:
        return assertNever(fault, 'fault');
    }
  }
}
