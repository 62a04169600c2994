import { describe, expect, it } from 'vitest';
import { resolveDriver } from '../../../electron/drivers';
import { ACTION_ROUTES, kindsOf, plannerFor, unavailableEverywhere } from '../../../electron/core/actions/action-routes';
import { createLogger } from '../../../electron/core/logger';
import type { DriverCapabilities } from '../../../electron/core/driver';
import { ActionRequestSchema, ActionKindSchema } from '../../../shared/model/action';
import { ClusterSpecSchema, type ClusterSpecInput } from '../../../shared/model/cluster';

const ctx = { clusterId: 'c', log: createLogger('test'), now: Date.now };

async function capabilitiesOf(input: ClusterSpecInput): Promise<string[]> {
  const r = resolveDriver(ClusterSpecSchema.parse(input), ctx);
  if (!r.ok) throw new Error(r.reason);
  await r.value.sampler.dispose();
  return Object.keys(r.value).sort();
}

describe('each engine says what its driver can do', () => {
  it('returns an explicit capability record per engine', async () => {
    expect(await capabilitiesOf({ engine: 'postgres', name: 'p', seeds: ['postgres://u@h/db'] })).toEqual(['actions', 'conflicts', 'enginePolicy', 'locking', 'sampler']);
    expect(await capabilitiesOf({ engine: 'etcd', name: 'e', endpoints: ['http://127.0.0.1:2379'] })).toEqual(['actions', 'sampler']);
    expect(await capabilitiesOf({ engine: 'mariadb', name: 'm', seeds: ['127.0.0.1:3306'], auth: { user: 'u', password: '' } })).toEqual(['actions', 'conflicts', 'sampler']);
    expect(await capabilitiesOf({ engine: 'agent', name: 'a', agents: [{ url: 'ws://127.0.0.1:1', token: 't' }] })).toEqual(['actions', 'conflicts', 'sampler']);
    expect(await capabilitiesOf({ engine: 'agent', name: 's', sandbox: true, agents: [{ url: 'ws://127.0.0.1:1', token: 't' }] })).toEqual(['actions', 'conflicts', 'faults', 'sampler']);
  });

  it('refuses a spec its engine does not accept, before building anything', () => {
    const bad = resolveDriver(ClusterSpecSchema.parse({ engine: 'postgres', name: 'p', seeds: ['postgres://u@h:99999/db'] }), ctx);
    expect(bad).toMatchObject({ ok: false });
  });
});

describe('action kinds route through one table', () => {
  it('has a route for every kind, and every kind an admin can request is planned by the driver’s actions', () => {
    expect(Object.keys(ACTION_ROUTES).sort()).toEqual([...ActionKindSchema.options].sort());
    const actions = { availableActions: () => [], planAction: async () => ({ ok: false as const, code: 'x', reason: 'x' }), executeStep: async () => ({ ok: false as const, code: 'x', reason: 'x' }) };
    const caps: DriverCapabilities = { sampler: {} as DriverCapabilities['sampler'], actions };
    for (const kind of ActionRequestSchema.shape.kind.options) expect(plannerFor(caps, kind)).toBe(actions);
    expect(plannerFor({ sampler: caps.sampler }, 'switchover')).toBeUndefined();
    expect(plannerFor(caps, 'repoint')).toBeUndefined();
  });

  it('marks the topology actions unavailable on a driver without actions (as before: switchover … rejoin)', () => {
    expect(kindsOf('topology')).toEqual(['switchover', 'failover', 'fence', 'unfence', 'rejoin']);
    expect(kindsOf('locking')).toEqual(['commit-prepared', 'rollback-prepared', 'cancel-query', 'terminate-session']);
    expect(unavailableEverywhere(['n1'], 'no')).toEqual([{ nodeId: 'n1', actions: kindsOf('topology').map((kind) => ({ kind, available: false, why: 'no' })) }]);
  });
});
