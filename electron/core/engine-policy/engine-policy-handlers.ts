import { fail, ok } from '../../../shared/result';
import type { Handlers, HandlerDeps } from '../handlers';
import { localActor } from '../actions/actor';

type Channel = Extract<keyof Handlers, `enginePolicy:${string}`>;

/**
 * The engine's own conflict policy (pglogical.conflict_resolution): read,
 * previewed against the recent conflicts, set on every node after the
 * cluster's name is typed, and audited with what each node read back.
 */
export function enginePolicyHandlers(d: Pick<HandlerDeps, 'registry' | 'audit' | 'now'>): Pick<Handlers, Channel> {
  const capability = (clusterId: string) => {
    const m = d.registry.get(clusterId);
    if (!m) return fail('unknown-cluster', `no cluster with id ${clusterId}; it may have been removed`);
    const c = d.registry.capability(clusterId, 'enginePolicy');
    return c ? ok({ m, c }) : fail('not-supported', `"${m.cluster.name}" has no engine conflict policy`);
  };
  return {
    'enginePolicy:get': async ({ clusterId }) => {
      const r = capability(clusterId);
      return r.ok ? r.value.c.enginePolicy() : r;
    },
    'enginePolicy:preview': async ({ clusterId, value }) => {
      const r = capability(clusterId);
      return r.ok ? r.value.c.previewEnginePolicy(value) : r;
    },
    'enginePolicy:set': async ({ clusterId, value, confirmName }) => {
      const r = capability(clusterId);
      if (!r.ok) return r;
      if (confirmName !== r.value.m.cluster.name) return fail('not-confirmed', `type the cluster's name ("${r.value.m.cluster.name}") to confirm`);
      const preview = r.value.c.previewEnginePolicy(value);
      const steps = await r.value.c.setEnginePolicy(value, new AbortController().signal);
      const outcome = steps.ok ? (steps.value.every((s) => s.status === 'done') ? 'done' : 'partly failed') : `failed: ${steps.reason}`;
      // The audit entry is written before answering: a failed append is the answer.
      await d.audit.append({
        at: d.now(),
        actor: localActor(),
        clusterId,
        action: 'conflict.enginePolicy',
        params: { value, preview: preview.ok ? preview.value.summary : null, steps: steps.ok ? steps.value : [] },
        outcome,
      });
      return steps.ok ? ok({ steps: steps.value }) : steps;
    },
  };
}
