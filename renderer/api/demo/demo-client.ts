import type { Channel, RequestOf, ResponseOf } from '../../../shared/ipc/contract';
import { ipcContract } from '../../../shared/ipc/contract';
import type { MonitorDelta } from '../../../shared/ipc/delta';
import type { LagPoint } from '../../../shared/model/lag-point';
import type { SandboxFault } from '../../../shared/ipc/sandbox';
import { assertNever, fail, ok, type Result } from '../../../shared/result';
import { parseOrFail } from '../../../shared/validate';
import { downsampleLag } from '../../lib/downsample';
import { Listeners } from '../listeners';
import type { ConnectionStatus, DeskClient } from '../types';
import { DemoWorld } from './demo-world';
import { demoConflicts } from './demo-conflicts';

/**
 * DEMO ONLY (`?demo=1` in a browser, never in Electron): a DeskApi backed by
 * a fake world in this page, so the UI can be looked at without a server.
 * The status bar and a banner say so. `&nodes=200` adds a 200-node cluster.
 */
export function createDemoClient(params: URLSearchParams): DeskClient {
  const bigNodes = Math.min(1_000, Math.max(0, Number(params.get('nodes') ?? 0) || 0));
  const world = new DemoWorld(Date.now(), bigNodes);
  const conflicts = demoConflicts(world.clusters.map((c) => c.cluster.id), Math.min(20_000, Math.max(0, Number(params.get('conflicts') ?? 0) || 0)), Date.now());
  const deltas = new Listeners<MonitorDelta>();
  const status: ConnectionStatus = { kind: 'open', since: Date.now() };
  let seq = 0;
  const removed: string[] = [];

  const timer = setInterval(() => {
    const now = Date.now();
    const events = world.tick(now);
    const delta: MonitorDelta = {
      seq: ++seq,
      at: now,
      clusters: [],
      removedClusterIds: removed.splice(0),
      samples: world.clusters.map((c) => world.sample(c, now)),
      events,
      actions: [],
      conflicts: [],
      headlines: [],
      bulk: [],
      locking: [],
      lagPoints: world.clusters.flatMap((c) =>
        c.links.map((l) => ({ clusterId: c.cluster.id, linkId: `${l.from}->${l.to}`, point: world.lagAt(l, now) })),
      ),
      dropped: 0,
    };
    deltas.emit(delta);
  }, 500);

  function history(clusterId: string, linkId: string, windowMs: number, maxPoints: number): LagPoint[] {
    const l = world.find(clusterId)?.links.find((x) => `${x.from}->${x.to}` === linkId);
    if (!l) return [];
    const now = Date.now();
    const points: LagPoint[] = [];
    for (let at = now - windowMs; at < now - 1_000; at += 1_000) points.push(world.lagAt(l, at));
    return downsampleLag(points, maxPoints);
  }

  function handle(channel: Channel, request: unknown): Result<unknown> {
    const parsed = parseOrFail(ipcContract[channel].request, request, `${channel} request`);
    if (!parsed.ok) return parsed;
    const req = parsed.value as Record<string, unknown>;
    const now = Date.now();
    switch (channel) {
      case 'clusters:list':
        return ok(world.clusters.map((c) => c.cluster));
      case 'clusters:snapshot': {
        const c = world.find(String(req.clusterId));
        return ok(c ? world.sample(c, now) : null);
      }
      case 'clusters:add':
        return fail('demo', 'Demo mode cannot connect to real clusters: start the app with `npm run start:web` to add one.');
      case 'clusters:remove': {
        const i = world.clusters.findIndex((c) => c.cluster.id === req.clusterId);
        if (i >= 0) removed.push(...world.clusters.splice(i, 1).map((c) => c.cluster.id));
        return ok({ removed: i >= 0 });
      }
      case 'clusters:headlines':
        return ok([]);
      case 'clusters:setAlias':
      case 'clusters:setInterval':
      case 'clusters:spec':
      case 'clusters:edit':
        return fail('demo', 'not available in demo mode');
      case 'events:list':
        return ok(world.listEvents(req.clusterId as string | undefined, Number(req.limit)));
      case 'lag:history':
        return ok(history(String(req.clusterId), String(req.linkId), Number(req.windowMs), Number(req.maxPoints)));
      case 'sandbox:fault':
        return world.fault(String(req.clusterId), req.fault as SandboxFault, now);
      case 'actions:available':
      case 'actions:list':
      case 'audit:list':
        return ok([]);
      case 'actions:plan':
      case 'actions:execute':
      case 'actions:abort':
      case 'audit:verify':
      case 'audit:export':
        return fail('demo', 'Actions are not available in demo mode: start the app with `npm run start:web`.');
      case 'conflicts:list':
        return ok({ conflicts, counts: [], policies: {} });
      case 'conflicts:preview':
      case 'conflicts:resolve':
      case 'conflicts:previewPolicy':
      case 'conflicts:setPolicy':
      case 'conflicts:bulkResolve':
        return fail('demo', 'Conflicts are not available in demo mode: start the app with `npm run start:web` (the sandbox has a multi-primary cluster).');
      case 'enginePolicy:get':
      case 'enginePolicy:preview':
      case 'enginePolicy:set':
        return fail('demo', 'The engine conflict policy is read from real pglogical clusters only.');
      case 'locking:snapshot':
      case 'locking:setLimits':
        return fail('demo', 'Prepared transactions and locks are read from real PostgreSQL clusters only: start the app with `npm run start:web` and add one.');
      case 'alerts:state':
        return ok({ alerts: [], deliveries: [], silences: [] });
      case 'alerts:silences':
      case 'alerts:notices':
        return ok([]);
      case 'alerts:config':
      case 'alerts:setReceiver':
      case 'alerts:removeReceiver':
      case 'alerts:testReceiver':
      case 'alerts:setLimits':
      case 'alerts:setMetrics':
      case 'alerts:silence':
      case 'alerts:expireSilence':
        return fail('demo', 'Alerts are not available in demo mode: start the app with `npm run start:web`.');
      case 'history:lag':
      case 'history:at':
      case 'history:markers':
      case 'history:since':
      case 'history:seen':
      case 'history:status':
        return fail('demo', 'History is kept by the app itself: start it with `npm run start:web`.');
      default:
        return assertNever(channel, 'channel');
    }
  }

  return {
    transport: 'web',
    label: 'DEMO (fake data)',
    demo: true,
    invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>> {
      const result = handle(channel, request);
      return new Promise((resolve) => setTimeout(() => resolve(result as Result<ResponseOf<C>>), 60));
    },
    onDelta: (listener) => deltas.add(listener),
    status: () => status,
    onStatus: () => () => undefined,
    dispose: () => clearInterval(timer),
  };
}
