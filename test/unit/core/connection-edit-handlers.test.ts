import { afterEach, describe, expect, it } from 'vitest';
import { ClusterRegistry } from '../../../electron/core/monitor/cluster-registry';
import { connectionEditHandlers } from '../../../electron/core/monitor/connection-edit-handlers';
import { MetricsStore } from '../../../electron/core/metrics/metrics-store';
import { EventLog } from '../../../electron/core/events/event-log';
import { createLogger } from '../../../electron/core/logger';
import type { AuditEntry } from '../../../shared/model/action';
import type { ActionRun } from '../../../shared/ipc/actions';
import { PostgresSpecSchema, type ClusterSpec } from '../../../shared/model/cluster';
import { ok } from '../../../shared/result';
import { FakeDriver } from '../../support/fake-driver';

const full = PostgresSpecSchema.parse({
  engine: 'postgres',
  name: 'orders',
  seeds: ['postgres://mon:Seed-PW@h:5432/postgres'],
  agents: [{ nodeAddress: 'h:5432', url: 'ws://h:7070', token: 'Agent-TOK' }],
  sampleIntervalMs: 250,
});
let registry: ClusterRegistry;
afterEach(() => registry?.dispose());

function setup(runs: ActionRun[] = []) {
  const seen: ClusterSpec[] = [];
  registry = new ClusterRegistry({
    resolveDriver: (spec) => (seen.push(spec), ok(new FakeDriver(['h:5432']).capabilities())),
    metrics: new MetricsStore(),
    events: new EventLog(),
    log: createLogger('test'),
    now: Date.now,
    onSample: () => {},
    onCluster: () => {},
    onRemoved: () => {},
  });
  const audit: Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>[] = [];
  let persisted = 0;
  const h = connectionEditHandlers({
    registry,
    actions: { list: () => runs },
    audit: { append: async (e) => (audit.push(e), { ...e, seq: audit.length, prevHash: '', hash: '' }) },
    now: Date.now,
    persist: async () => void persisted++,
    log: { warn: () => undefined },
  });
  return { h, seen, audit, persisted: () => persisted };
}

describe('clusters:spec and clusters:edit', () => {
  it('answers the spec with no secret, and an edit that leaves them empty connects with the stored ones, audited without them', async () => {
    const { h, seen, audit, persisted } = setup();
    const added = await registry.add(full, { mode: 'verify' });
    if (!added.ok) throw new Error(added.reason);
    const shown = await h['clusters:spec']({ clusterId: added.value.id });
    if (!shown.ok) throw new Error(shown.reason);
    expect(JSON.stringify(shown.value)).not.toMatch(/Seed-PW|Agent-TOK/);
    const edited = await h['clusters:edit']({ clusterId: added.value.id, spec: { ...shown.value, name: 'orders-eu' } });
    expect(edited).toMatchObject({ ok: true, value: { id: added.value.id, name: 'orders-eu' } });
    expect(seen.at(-1)).toMatchObject({ seeds: full.seeds, agents: full.agents });
    expect(persisted()).toBe(1);
    expect(audit).toMatchObject([{ clusterId: added.value.id, action: 'edit-connection', outcome: 'connection edited', params: { name: 'orders-eu', previousName: 'orders' } }]);
    expect(JSON.stringify(audit)).not.toMatch(/Seed-PW|Agent-TOK/);
  });

  it('refuses while an action runs, naming it', async () => {
    const run = { status: 'running', plan: { kind: 'switchover', target: 'h2:5432', nodeNames: { 'h2:5432': 'db2' } } } as unknown as ActionRun;
    const { h, persisted } = setup([run]);
    const added = await registry.add(full, { mode: 'verify' });
    if (!added.ok) throw new Error(added.reason);
    expect(await h['clusters:edit']({ clusterId: added.value.id, spec: full })).toMatchObject({ ok: false, code: 'busy', reason: expect.stringContaining('a switchover of db2 is running on "orders"') });
    expect(persisted()).toBe(0);
    expect(await h['clusters:spec']({ clusterId: 'gone' })).toMatchObject({ ok: false, code: 'unknown-cluster' });
  });
});
