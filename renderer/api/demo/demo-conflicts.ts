import type { ConflictEvent } from '../../../shared/model/conflict';

/**
 * DEMO ONLY (`?demo=1&conflicts=10000`): fake open conflicts, spread over the
 * demo clusters and two tables, to look at (and time) the inbox with many rows.
 */
export function demoConflicts(clusterIds: readonly string[], n: number, now: number): ConflictEvent[] {
  const out: ConflictEvent[] = [];
  for (let i = 0; i < n && clusterIds.length; i++) {
    const a = `peer-${(i % 3) + 1}`;
    const b = `peer-${((i + 1) % 3) + 1}`;
    const at = now - (n - i) * 1_000;
    out.push({
      id: `demo-conflict-${i}`,
      clusterId: clusterIds[i % clusterIds.length]!,
      target: { table: i % 4 === 0 ? 'orders' : 'items', key: `demo-${String(i).padStart(5, '0')}` },
      kind: i % 10 === 0 ? 'insert-insert' : 'update-update',
      detectedAt: at,
      versions: [
        { nodeId: a, origin: a, value: { qty: i % 50, price: 9.5, by: a }, committedAt: at - 20, versionVector: { [a]: 2, [b]: 1 }, position: `${a}/${i}` },
        { nodeId: b, origin: b, value: { qty: (i % 50) + 3, price: 9.5, by: b }, committedAt: at - 10, versionVector: { [a]: 1, [b]: 2 }, position: `${b}/${i}` },
      ],
      suggestion: null,
      status: 'open',
      resolution: null,
    });
  }
  return out;
}
