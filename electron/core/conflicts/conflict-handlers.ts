import type { ConflictPolicy } from '../../../shared/model/conflict';
import { ok } from '../../../shared/result';
import type { Handlers } from '../handlers';
import { bulkResolve } from './bulk-resolve';
import { previewPolicy, setPolicy } from './conflict-policies';
import type { ConflictService } from './conflict-service';
import type { TablePolicies } from './table-policies';

type ConflictChannel = Extract<keyof Handlers, `conflicts:${string}`>;

/** The `conflicts:*` request handlers (requests arrive validated against shared/ipc/conflicts.ts). */
export function conflictHandlers(s: ConflictService, tables: TablePolicies): Pick<Handlers, ConflictChannel> {
  return {
    'conflicts:list': async ({ clusterId, status, limit }) => {
      const counts = s.inbox.counts().filter((c) => !clusterId || c.clusterId === clusterId);
      const policies: Record<string, ConflictPolicy> = {};
      for (const { clusterId: id } of counts) {
        const p = s.policies.get(id) ?? s.d.reportedPolicy?.(id) ?? null;
        if (p) policies[id] = p;
      }
      return ok({ conflicts: s.inbox.list({ clusterId, status, limit }), counts, policies, tablePolicies: tables.all(clusterId) });
    },
    'conflicts:preview': async ({ conflictId, choice }) => s.preview(conflictId, choice),
    'conflicts:resolve': async ({ conflictId, choice }) => s.resolve(conflictId, choice),
    'conflicts:previewPolicy': async ({ clusterId, policy, conflictIds, limit, table }) => ok(previewPolicy(s, clusterId, policy, conflictIds, limit, table)),
    'conflicts:setPolicy': async ({ clusterId, policy, table }) => setPolicy(s, tables, clusterId, policy, table),
    'conflicts:bulkResolve': async ({ clusterId, policy, conflictIds }) => bulkResolve(s, clusterId, policy, conflictIds),
  };
}
