import type { MonitorDelta } from '../../shared/ipc/delta';
import type { ClusterSample } from '../../shared/model/sample';
import type { NodeRole } from '../../shared/model/node';
import type { Alarm } from '../../shared/model/event';

/** Synthetic clusters for the history benchmark: 4 links each (primary → 3 replicas, one cascading), lag that wanders. */
export const LINKS_PER_CLUSTER = 4;

let seed = 12345;
function rand(): number {
  seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
  return seed / 0x7fffffff;
}

/** Per link: a random walk of bytes behind (0 … 64 MB, often 0) and replay ms. */
const walk = new Map<string, number>();
function lagFor(key: string): number {
  const prev = walk.get(key) ?? 0;
  const next = rand() < 0.3 ? 0 : Math.max(0, Math.min(64 * 1024 * 1024, prev + Math.round((rand() - 0.45) * 2_000_000)));
  walk.set(key, next);
  return next;
}

export function clusterIdOf(c: number): string {
  return `bench-${c}`;
}

/** One cluster's sample at `at`; the primary moves to another node every `failoverEveryMs`, alarms come and go. */
export function syntheticSample(c: number, at: number, failoverEveryMs: number): ClusterSample {
  const names = ['n0', 'n1', 'n2', 'n3'];
  const p = Math.floor((at + c * 997_000) / failoverEveryMs) % 4;
  const primary = names[p]!;
  const others = names.filter((n) => n !== primary);
  const role = (n: string): NodeRole => (n === primary ? 'primary' : n === others[2] ? 'cascading-replica' : 'replica');
  const links = [
    [primary, others[0]!],
    [primary, others[1]!],
    [others[0]!, others[2]!],
    [primary, `w${c % 3}`], // a fourth link to a witness-like replica outside the role rotation
  ].map(([from, to]) => {
    const bytes = lagFor(`${c}:${to}`);
    return {
      id: `${from}->${to}`,
      from: from!,
      to: to!,
      state: 'streaming' as const,
      sync: 'async' as const,
      lag: { bytes: { sent: Math.round(bytes / 4), write: Math.round(bytes / 3), flush: Math.round(bytes / 2), replay: bytes }, ms: { write: bytes ? 2 : 0, flush: bytes ? 3 : 0, replay: Math.round(bytes / 40_000) }, measuredAt: at, source: 'bench' },
    };
  });
  const lagging = links.find((l) => (l.lag.bytes.replay ?? 0) > 48 * 1024 * 1024);
  const alarms: Alarm[] = lagging
    ? [{ key: `lag-threshold:${lagging.id}`, kind: 'lag-threshold', severity: 'warning', nodeId: lagging.to, raisedAt: at, eventId: `ev-${at}`, message: `lag of ${lagging.to} over 48 MB`, clearsWhen: 'under 38 MB', runbook: 'check the replica' }]
    : [];
  return {
    clusterId: clusterIdOf(c),
    takenAt: at,
    durationMs: 4,
    nodes: [...names, `w${c % 3}`].map((n) => ({ id: n, name: n, address: `10.0.${c % 250}.${n.length}:5432`, role: n.startsWith('w') ? 'replica' : role(n), status: { kind: 'up' as const }, version: '15.8', timeline: 1, lastSeenAt: at, position: `0/${at.toString(16)}` })),
    links,
    slots: [],
    consensus: null,
    queriesPerNode: 1,
    warnings: [],
    alarms,
  };
}

/** The delta the core would send after one sampling round of `clusters` clusters at `at`. */
export function syntheticDelta(clusters: number, at: number, failoverEveryMs: number): MonitorDelta {
  const samples: ClusterSample[] = [];
  const lagPoints: MonitorDelta['lagPoints'] = [];
  for (let c = 0; c < clusters; c++) {
    const s = syntheticSample(c, at, failoverEveryMs);
    samples.push(s);
    for (const l of s.links) {
      const { bytes, ms } = l.lag;
      lagPoints.push({ clusterId: s.clusterId, linkId: l.id, point: { at, sentBytes: bytes.sent, writeBytes: bytes.write, flushBytes: bytes.flush, replayBytes: bytes.replay, writeMs: ms.write, flushMs: ms.flush, replayMs: ms.replay } });
    }
  }
  return { seq: 0, at, clusters: [], removedClusterIds: [], samples, events: [], lagPoints, actions: [], conflicts: [], bulk: [], headlines: [], locking: [], dropped: 0 };
}
