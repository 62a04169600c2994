import type { BlockingChain, InDoubt, LockingLimits, LockingSnapshot, NodeLocking } from '../../../shared/model/locking';
import { allWaiters, blockingRoots, waitedMs } from '../../../shared/locking/blocking-tree';

/**
 * In-doubt rows by gid across the cluster. `seenOn` remembers every node a
 * gid was ever seen prepared on: when it is gone from some of them while
 * still prepared on others, the nodes disagree (one side already committed
 * or rolled back a distributed transaction the other still holds).
 */
export function groupInDoubt(nodes: readonly NodeLocking[], seenOn: ReadonlyMap<string, ReadonlySet<string>>, limits: LockingLimits, now: number): InDoubt[] {
  const byGid = new Map<string, { nodes: string[]; oldest: number }>();
  for (const n of nodes) {
    for (const p of n.prepared) {
      const row = byGid.get(p.gid) ?? { nodes: [], oldest: p.preparedAt };
      row.nodes.push(n.nodeId);
      row.oldest = Math.min(row.oldest, p.preparedAt);
      byGid.set(p.gid, row);
    }
  }
  const read = new Set(nodes.filter((n) => !n.error).map((n) => n.nodeId));
  const writable = new Set(nodes.filter((n) => !n.error && !n.inRecovery).map((n) => n.nodeId));
  return [...byGid]
    .map(([gid, row]) => {
      const missingOn = [...(seenOn.get(gid) ?? [])].filter((id) => read.has(id) && !row.nodes.includes(id));
      // Held only by standbys: they have not replayed the outcome yet, nobody disagrees.
      const heldByWritable = row.nodes.some((id) => writable.has(id));
      const disagreement = missingOn.length > 0 && heldByWritable ? `still prepared on ${row.nodes.join(', ')} but already committed or rolled back on ${missingOn.join(', ')}` : null;
      return { gid, nodes: row.nodes, oldestPreparedAt: row.oldest, missingOn: heldByWritable ? missingOn : [], disagreement, overAge: now - row.oldest > limits.preparedAgeMs };
    })
    .sort((a, b) => a.oldestPreparedAt - b.oldestPreparedAt);
}

/** One chain per blocking root per node, with everyone waiting behind it. */
export function blockingChains(nodes: readonly NodeLocking[], limits: LockingLimits, now: number): BlockingChain[] {
  return nodes.flatMap((n) =>
    blockingRoots(n).map((root) => {
      const waiting = allWaiters(n.sessions, root);
      const longestWaitMs = Math.max(0, ...waiting.map((s) => waitedMs(s, now)));
      return { nodeId: n.nodeId, root, waiting: waiting.map((s) => s.pid), longestWaitMs, overLimit: longestWaitMs > limits.chainWaitMs };
    }),
  );
}

export function buildSnapshot(clusterId: string, nodes: NodeLocking[], seenOn: ReadonlyMap<string, ReadonlySet<string>>, limits: LockingLimits, now: number): LockingSnapshot {
  return { clusterId, takenAt: now, limits, nodes, inDoubt: groupInDoubt(nodes, seenOn, limits, now), chains: blockingChains(nodes, limits, now) };
}
