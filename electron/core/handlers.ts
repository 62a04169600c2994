import type { Channel, ParsedRequestOf, ResponseOf } from '../../shared/ipc/contract';
import { fail, ok, type Result } from '../../shared/result';
import { unknownCluster, type ClusterRegistry } from './monitor/cluster-registry';
import type { Logger } from '../../shared/log/logger';
import type { MetricsStore } from './metrics/metrics-store';
import type { EventLog } from './events/event-log';
import type { ActionService } from './actions/action-service';
import type { AuditLog } from './actions/audit-log';
import { auditToCsv, auditToJson } from './actions/audit-export';
import type { ConflictService } from './conflicts/conflict-service';
import { conflictHandlers } from './conflicts/conflict-handlers';
import type { TablePolicies } from './conflicts/table-policies';
import type { LockingService } from './locking/locking-service';
import { lockingHandlers } from './locking/locking-handlers';
import type { HeadlineTracker } from './cluster-state/headline-tracker';
import { clusterStateHandlers } from './cluster-state/cluster-state-handlers';
import type { AlertService } from './alerts/alert-service';
import { alertHandlers } from './alerts/alert-handlers';
import type { HistoryStore } from './history/history-store';
import { historyHandlers } from './history/history-handlers';
import { mergeRuns } from './history/actions-query';
import { enginePolicyHandlers } from './engine-policy/engine-policy-handlers';
import { connectionEditHandlers } from './monitor/connection-edit-handlers';

export type Handlers = { [C in Channel]: (req: ParsedRequestOf<C>) => Promise<Result<ResponseOf<C>>> };

export interface HandlerDeps {
  registry: ClusterRegistry;
  metrics: MetricsStore;
  events: EventLog;
  now(): number;
  actions: ActionService;
  audit: AuditLog;
  conflicts: ConflictService;
  tablePolicies: TablePolicies;
  locking: LockingService;
  headlines: HeadlineTracker;
  alerts: AlertService;
  history: HistoryStore;
  /** Persists the admin's clusters after a change. */
  persist(): Promise<void>;
  log: Logger;
}

/** One handler per channel; requests arrive already validated against the contract. */
export function createHandlers(d: HandlerDeps): Handlers {
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
      const faults = m.capabilities.faults;
      if (!m.cluster.sandbox || !faults) {
        return fail('not-a-sandbox', `"${m.cluster.name}" is a real cluster; faults can only be injected into sandbox clusters`);
      }
      const r = await faults.injectFault(fault);
      return r.ok ? ok({ detail: r.value }) : r;
    },
    'actions:available': async ({ clusterId }) => d.actions.available(clusterId),
    'actions:plan': async (request) => d.actions.plan(request),
    'actions:execute': async ({ planId, confirmName, reason }) => d.actions.execute(planId, confirmName, reason),
    'actions:abort': async ({ planId }) => ok({ aborting: d.actions.abort(planId) }),
    'actions:list': async ({ clusterId }) => ok(mergeRuns(d.actions.list(clusterId), d.history.recentActions(clusterId))), // history: runs before a restart
    'audit:list': async ({ clusterId, limit }) => {
      const all = await d.audit.list();
      return ok(all.filter((e) => !clusterId || e.clusterId === clusterId).slice(-limit).reverse());
    },
    'audit:verify': async () => ok(await d.audit.verify()),
    'audit:export': async ({ format }) => {
      const entries = await d.audit.list();
      const stamp = new Date(d.now()).toISOString().replace(/[:.]/g, '-');
      return format === 'csv'
        ? ok({ filename: `replicadesk-audit-${stamp}.csv`, mime: 'text/csv', content: auditToCsv(entries) })
        : ok({ filename: `replicadesk-audit-${stamp}.json`, mime: 'application/json', content: auditToJson(entries) });
    },
    ...conflictHandlers(d.conflicts, d.tablePolicies),
    ...lockingHandlers(d.locking),
    ...clusterStateHandlers(d),
    ...alertHandlers(d.alerts, (id) => d.registry.get(id) !== undefined),
    ...historyHandlers(d.history, d.now),
    ...enginePolicyHandlers(d),
    ...connectionEditHandlers(d),
  };
}
