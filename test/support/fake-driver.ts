import type { ClusterSampler, DriverCapabilities, DriverEvent } from '../../electron/core/driver';
import type { ClusterSample } from '../../shared/model/sample';
import type { ClusterNode } from '../../shared/model/node';
import type { ReplicationLink } from '../../shared/model/link';
import { fail, ok, type Result } from '../../shared/result';

/** A scripted driver for core tests: real drivers are tested against real servers. */
export class FakeDriver implements ClusterSampler {
  connectResult: Result<{ kind: 'primary-replica' }> = ok({ kind: 'primary-replica' });
  samples = 0;
  disposed = false;
  nodes: ClusterNode[] = [node('p', 'primary'), node('r1', 'replica')];
  links: ReplicationLink[] = [link('p', 'r1', 0)];
  private listeners = new Set<(e: DriverEvent) => void>();
  private changeListeners = new Set<() => void>();

  constructor(private readonly ids: string[] = ['fake:1'], private readonly clusterId = 'c1') {}

  async connect(): Promise<Result<{ kind: 'primary-replica' }>> {
    return this.connectResult;
  }
  async sample(): Promise<ClusterSample> {
    this.samples++;
    const now = Date.now();
    return {
      clusterId: this.clusterId,
      takenAt: now,
      durationMs: 1,
      nodes: this.nodes,
      links: this.links.map((l) => ({ ...l, lag: { ...l.lag, measuredAt: now } })),
      slots: [],
      consensus: null,
      queriesPerNode: 1,
      warnings: [],
    };
  }
  onEvent(listener: (e: DriverEvent) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(e: DriverEvent) {
    this.listeners.forEach((l) => l(e));
  }
  onChange(listener: () => void) {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }
  /** News, as an agent's pushed report: the monitor samples at once. */
  changed() {
    this.changeListeners.forEach((l) => l());
  }
  /** The record the engine table's factory would return for this driver. */
  capabilities(): DriverCapabilities {
    return { sampler: this };
  }
  identities() {
    return this.ids;
  }
  dispose() {
    this.disposed = true;
  }
  refuse(code: string, reason: string) {
    this.connectResult = fail(code, reason);
  }
}

export function node(id: string, role: ClusterNode['role'], status: ClusterNode['status'] = { kind: 'up' }): ClusterNode {
  return { id, name: id, address: id, role, status, version: '15', lastSeenAt: Date.now() };
}

export function link(from: string, to: string, replayBytes: number, replayMs = 0, measuredAt = Date.now()): ReplicationLink {
  return {
    id: `${from}->${to}`,
    from,
    to,
    state: 'streaming',
    sync: 'async',
    lag: {
      bytes: { sent: 0, write: 0, flush: 0, replay: replayBytes },
      ms: { write: 0, flush: 0, replay: replayMs },
      measuredAt,
      source: 'fake',
    },
  };
}
