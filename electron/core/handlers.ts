import type { Channel, ParsedRequestOf, ResponseOf } from '../../shared/ipc/contract';
import { fail, ok, type Result } from '../../shared/result';
import type { ClusterRegistry } from './monitor/cluster-registry';
import type { MetricsStore } from './metrics/metrics-store';
import type { EventLog } from './events/event-log';
import type { FaultInjectable } from './driver';

export type Handlers = { [C in Channel]: (req: ParsedRequestOf<C>) => Promise<Result<ResponseOf<C>>> };

export interface HandlerDeps {
  registry: ClusterRegistry;
  metrics: MetricsStore;
  events: EventLog;
  now(): number;
  /** Persists the admin's clusters after a change. */
  persist(): Promise<void>;
}

/** One handler per channel; requests arrive already validated against the contract. */
export function createHandlers(d: HandlerDeps): Handlers {
  const unknownCluster = (id: string) => fail('unknown-cluster', `no cluster with id ${id}; it may have been removed`);
  return {
    'clusters:list': async () => ok(d.registry.list()),
    'clusters:add': async (spec) => {
      const added = await d.registry.add(spec, { mode: 'verify' });
      if (added.ok) await d.persist();
      return added;
    },
    'clusters:remove': async ({ clusterId }) => {
      const removed = await d.registry.remove(clusterId);
      if (removed) await d.persist();
      return ok({ removed });
    },
    'clusters:snapshot': async ({ clusterId }) => {
      const m = d.registry.get(clusterId);
      return m ? ok(m.latest) : unknownCluster(clusterId);
    },
    'clusters:setInterval': async ({ clusterId, sampleIntervalMs }) => {
      const m = d.registry.get(clusterId);
      if (!m) return unknownCluster(clusterId);
      m.setInterval(sampleIntervalMs);
      await d.persist();
      return ok(m.cluster);
    },
    'lag:history': async ({ clusterId, linkId, windowMs, maxPoints }) => {
      if (!d.registry.get(clusterId)) return unknownCluster(clusterId);
      return ok(d.metrics.history(clusterId, linkId, windowMs, maxPoints, d.now()));
    },
    'events:list': async ({ clusterId, limit }) => ok(d.events.list({ clusterId, limit })),
    'sandbox:fault': async ({ clusterId, fault }) => {
      const m = d.registry.get(clusterId);
      if (!m) return unknownCluster(clusterId);
      const driver = m.driverHandle as Partial<FaultInjectable>;
      if (!m.cluster.sandbox || typeof driver.injectFault !== 'function') {
        return fail('not-a-sandbox', `"${m.cluster.name}" is a real cluster; faults can only be injected into sandbox clusters`);
      }
      const r = await driver.injectFault(fault);
      return r.ok ? ok({ detail: r.value }) : r;
    },
  };
}
