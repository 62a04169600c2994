import { fail, ok } from '../../../shared/result';
import type { Handlers } from '../handlers';
import type { ClusterRegistry } from '../monitor/cluster-registry';
import type { HeadlineTracker } from './headline-tracker';
import { withAlias } from './node-aliases';

export interface ClusterStateDeps {
  registry: ClusterRegistry;
  headlines: HeadlineTracker;
  persist(): Promise<void>;
}

/** `clusters:setAlias` and `clusters:headlines` (requests arrive validated against shared/ipc/clusters.ts). */
export function clusterStateHandlers(d: ClusterStateDeps): Pick<Handlers, 'clusters:setAlias' | 'clusters:headlines'> {
  return {
    'clusters:setAlias': async ({ clusterId, nodeId, alias }) => {
      const m = d.registry.get(clusterId);
      if (!m) return fail('unknown-cluster', `no cluster with id ${clusterId}; it may have been removed`);
      const nodes = m.latest?.nodes ?? [];
      if (!nodes.some((n) => n.id === nodeId) && !(nodeId in m.aliases)) {
        return fail('invalid-payload', `nodeId: ${m.cluster.name} has no node ${nodeId}`, [{ path: 'nodeId', message: `no node ${nodeId}` }]);
      }
      const names = new Map(nodes.map((n) => [n.id, n.name]));
      const next = withAlias(m.aliases, nodeId, alias, names);
      if (!next.ok) return next;
      m.aliases = next.value;
      await d.persist();
      return ok({ aliases: next.value });
    },
    'clusters:headlines': async () => ok(d.headlines.list()),
  };
}
