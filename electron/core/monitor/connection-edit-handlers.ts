import { fail, ok } from '../../../shared/result';
import type { Handlers } from '../handlers';
import type { ActionService } from '../actions/action-service';
import type { AuditLog } from '../actions/audit-log';
import { localActor } from '../actions/actor';
import { toLogFormat } from '../errors';
import { mergeSecrets } from '../settings/secret-merge';
import { splitSecrets } from '../settings/secret-split';
import type { Logger } from '../../../shared/log/logger';
import { unknownCluster, type ClusterRegistry } from './cluster-registry';

export interface ConnectionEditDeps {
  registry: ClusterRegistry;
  actions: Pick<ActionService, 'list'>;
  audit: Pick<AuditLog, 'append'>;
  now(): number;
  persist(): Promise<void>;
  log: Pick<Logger, 'warn'>;
}

/** `clusters:spec` (the spec with every secret redacted) and `clusters:edit` ("Edit connection…", same id). */
export function connectionEditHandlers(d: ConnectionEditDeps): Pick<Handlers, 'clusters:spec' | 'clusters:edit'> {
  return {
    'clusters:spec': async ({ clusterId }) => {
      const m = d.registry.get(clusterId);
      return m ? ok(splitSecrets(m.specWithInterval()).redacted) : unknownCluster(clusterId);
    },
    'clusters:edit': async ({ clusterId, spec }) => {
      const m = d.registry.get(clusterId);
      if (!m) return unknownCluster(clusterId);
      if (m.cluster.sandbox) return fail('not-editable', `"${m.cluster.name}" is a built-in sandbox cluster; its connection cannot be edited`);
      const busy = () => {
        const running = d.actions.list(clusterId).find((r) => r.status === 'running');
        const target = running && (running.plan.nodeNames?.[running.plan.target] ?? running.plan.target);
        return running ? `a ${running.plan.kind} of ${target} is running on "${m.cluster.name}"; edit the connection when it has finished` : null;
      };
      const previousName = m.cluster.name;
      const edited = await d.registry.edit(clusterId, mergeSecrets(m.specWithInterval(), spec), busy);
      if (!edited.ok) return edited;
      await d.persist();
      // Names and the engine only: never the spec, which holds the secrets.
      const params = { engine: spec.engine, name: edited.value.name, ...(previousName !== edited.value.name ? { previousName } : {}) };
      await d.audit
        .append({ at: d.now(), actor: localActor(), clusterId, action: 'edit-connection', params, outcome: 'connection edited' })
        .catch((e: unknown) => d.log.warn('connection edit not audited', { clusterId, error: toLogFormat(e) }));
      return edited;
    },
  };
}
