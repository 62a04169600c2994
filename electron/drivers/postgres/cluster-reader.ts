import type { Failure } from '../../../shared/result';
import { nodeIdOf } from './conn-string';
import { receiverEndpoint, type NodeReading } from './node-reading';
import type { NodeView } from './node-view';
import { readNode, serverKey } from './read-node';
import type { KnownNode, NodeRegistry } from './registry';

export interface Round {
  views: NodeView[];
  /** SQL round-trips made in this round, over all nodes. */
  queries: number;
  /** Nodes read successfully. */
  reads: number;
}

/** Reads every known node in parallel (one statement each) and updates what we remember about it. */
export async function readAll(registry: NodeRegistry, now: () => number, signal: AbortSignal): Promise<Round> {
  const nodes = registry.list();
  const before = nodes.reduce((n, k) => n + k.conn.queries, 0);
  const results = await Promise.all(
    nodes.map(async (node) => ({ node, res: await readNode(node.conn, signal), at: now() })),
  );
  const queries = nodes.reduce((n, k) => n + k.conn.queries, 0) - before;
  const upstreamIdOf = (r: NodeReading) => {
    const ep = receiverEndpoint(r);
    return ep ? registry.resolve(nodeIdOf(ep.host, ep.port)) : null;
  };
  for (const { node, res, at } of results) {
    if (res.ok) {
      Object.assign(node, { lastReading: res.value, lastSeenAt: at, failingSince: null });
      node.upstreamId = upstreamIdOf(res.value) ?? node.upstreamId;
    } else if (res.code !== 'aborted') {
      node.failingSince ??= at;
    }
  }
  mergeAliases(registry, results.flatMap((x) => (x.res.ok ? [{ node: x.node, reading: x.res.value }] : [])));
  const views = results
    .filter(({ node }) => registry.get(node.conn.id) === node)
    .map(({ node, res, at }): NodeView => {
      const reading = res.ok ? res.value : null;
      if (node.upstreamId) node.upstreamId = registry.resolve(node.upstreamId);
      return {
        id: node.conn.id,
        reading,
        readAt: res.ok ? at : null,
        failure: res.ok ? null : (res as Failure),
        lastReading: node.lastReading,
        lastSeenAt: node.lastSeenAt,
        failingSince: node.failingSince,
        upstreamId: node.upstreamId,
        streamingFromId: reading?.receiver?.status === 'streaming' ? upstreamIdOf(reading) : null,
      };
    });
  return { views, queries, reads: views.filter((v) => v.reading).length };
}

/** Two ids reaching the same postmaster become one node (the seed, or the one known first). */
function mergeAliases(registry: NodeRegistry, read: { node: KnownNode; reading: NodeReading }[]): void {
  const first = new Map<string, KnownNode>();
  for (const { node, reading } of read) {
    const key = serverKey(reading);
    const kept = first.get(key);
    if (!kept) {
      first.set(key, node);
    } else if (node.seed && !kept.seed) {
      registry.alias(kept.conn.id, node.conn.id);
      first.set(key, node);
    } else {
      registry.alias(node.conn.id, kept.conn.id);
    }
  }
}
