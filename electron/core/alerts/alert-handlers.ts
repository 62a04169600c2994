import type { ParsedRequestOf, ResponseOf } from '../../../shared/ipc/contract';
import { RuleLimitsSchema, type alertsContract } from '../../../shared/ipc/alerts';
import { fail, ok, type Result } from '../../../shared/result';
import type { AlertService } from './alert-service';

type AlertChannel = keyof typeof alertsContract;
type AlertHandlers = { [C in AlertChannel]: (req: ParsedRequestOf<C>) => Promise<Result<ResponseOf<C>>> };

export function alertHandlers(a: AlertService, clusterExists: (id: string) => boolean): AlertHandlers {
  const noCluster = (id: string) => fail('unknown-cluster', `no cluster with id ${id}; it may have been removed`);
  return {
    'alerts:state': async () => ok({ alerts: a.alerts(), deliveries: a.deliveries(), silences: a.silences.all() }),
    'alerts:config': async () => {
      const { token: _token, ...metrics } = a.config.metrics();
      return ok({ receivers: a.config.receivers(), limits: a.config.allLimits(), defaults: RuleLimitsSchema.parse({}), metrics });
    },
    'alerts:setReceiver': async (input) => {
      const existed = a.config.receivers().some((x) => x.id === input.id);
      const r = await a.config.setReceiver(input);
      await a.receiversChanged();
      const saved = r.find((x) => x.id === input.id)!;
      await a.audited(existed ? 'receiver-replace' : 'receiver-add', { receiverId: saved.id, kind: saved.kind, target: saved.target, hasToken: saved.hasToken }, 'saved');
      return ok(r);
    },
    'alerts:removeReceiver': async ({ id }) => {
      if (!a.config.receivers().some((r) => r.id === id)) return fail('unknown-receiver', `no receiver ${id}`);
      const gone = a.config.receivers().find((x) => x.id === id)!;
      const r = await a.config.removeReceiver(id);
      await a.receiversChanged();
      await a.audited('receiver-remove', { receiverId: id, kind: gone.kind, target: gone.target }, 'removed');
      return ok(r);
    },
    'alerts:testReceiver': async ({ id }) => a.testReceiver(id),
    'alerts:setLimits': async ({ clusterId, limits }) => (clusterExists(clusterId) ? ok(await a.config.setLimits(clusterId, limits)) : noCluster(clusterId)),
    'alerts:setMetrics': async (m) => a.setMetrics(m),
    'alerts:silence': async (req) => {
      if (!clusterExists(req.clusterId)) return noCluster(req.clusterId);
      const s = await a.silences.create(req);
      a.tick();
      return ok(s);
    },
    'alerts:expireSilence': async ({ id }) => {
      const r = await a.silences.expire(id);
      if (r.ok) a.tick();
      return r;
    },
    'alerts:silences': async ({ clusterId }) => ok(a.silences.all(clusterId)),
    'alerts:notices': async ({ afterSeq }) => ok(a.notices(afterSeq)),
  };
}
