import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterSample } from '../../shared/model/sample';
import { createPgCluster, type PgCluster } from '../harness/pg-cluster';
import { nodeByName, postgresDriver, type TestDriver } from '../harness/pg-driver';
import { createMonitorRole, type MonitorRole } from '../harness/pg-roles';

/**
 * primary ─▶ standby1 ─▶ standby3 (cascading)
 *        └─▶ standby2
 * Every node listens on 127.0.0.1 on its own port, so walking down from a
 * walsender's client_addr needs discoveryPorts (a real cluster would share 5432).
 */
let cluster: PgCluster;
let monitor: MonitorRole;
const drivers: TestDriver[] = [];

beforeAll(async () => {
  cluster = await createPgCluster({ standbys: 3, cascading: true });
  console.log(`cluster of 4 created in ${cluster.createdInMs} ms`);
  monitor = await createMonitorRole(cluster);
});

afterAll(async () => {
  await Promise.all(drivers.map((d) => d.dispose()));
  await cluster?.stop();
});

const ports = () => cluster.nodes.map((n) => n.port);
const id = (name: string) => `127.0.0.1:${cluster.node(name).port}`;

async function discover(seed: string, discoveryPorts: number[] = [], seedOf = (n: string) => cluster.node(n).connectionString) {
  const d = postgresDriver([seedOf(seed)], { discoveryPorts });
  drivers.push(d);
  const connected = await d.driver.connect(new AbortController().signal);
  expect(connected).toEqual({ ok: true, value: { kind: 'primary-replica' } });
  return { d, sample: await d.sample() };
}

function edges(s: ClusterSample): string[] {
  const name = (nodeId: string) => s.nodes.find((n) => n.id === nodeId)?.name ?? nodeId;
  return s.links.map((l) => `${name(l.from)}->${name(l.to)}:${l.state}`).sort();
}

function roles(s: ClusterSample): Record<string, string> {
  return Object.fromEntries(s.nodes.map((n) => [n.name, `${n.role}/${n.status.kind}`]));
}

const FULL_ROLES = {
  primary: 'primary/up',
  standby1: 'replica/up',
  standby2: 'replica/up',
  standby3: 'cascading-replica/up',
};
const FULL_EDGES = ['primary->standby1:streaming', 'primary->standby2:streaming', 'standby1->standby3:streaming'];

describe('postgres topology discovery', () => {
  it('from the primary with discovery ports: all four nodes, cascading included', async () => {
    const { d, sample } = await discover('primary', ports());
    expect(roles(sample)).toEqual(FULL_ROLES);
    expect(edges(sample)).toEqual(FULL_EDGES);
    expect(sample.nodes.map((n) => n.id).sort()).toEqual(cluster.nodes.map((n) => id(n.name)).sort());
    expect(d.driver.identities().sort()).toEqual(cluster.nodes.map((n) => id(n.name)).sort());
    expect(sample.queriesPerNode).toBe(1);
    expect(nodeByName(sample, 'primary').timeline).toBe(1);
    expect(nodeByName(sample, 'standby3').timeline).toBe(1);
    expect(nodeByName(sample, 'primary').version).toMatch(/^15\./);
  });

  it('from the primary alone: its two standbys as walsender-only nodes, no cascading standby', async () => {
    const { sample } = await discover('primary');
    expect(roles(sample)).toEqual({ primary: 'primary/up', standby1: 'replica/unreachable', standby2: 'replica/unreachable' });
    expect(sample.nodes.map((n) => n.id).sort()).toEqual([id('primary'), 'app:standby1@127.0.0.1', 'app:standby2@127.0.0.1'].sort());
    const ghost = nodeByName(sample, 'standby1');
    expect(ghost.status.kind === 'unreachable' && ghost.status.reason).toMatch(/add it as a seed or set discovery ports/);
    expect(edges(sample)).toEqual(['primary->standby1:streaming', 'primary->standby2:streaming']);
    expect(sample.links.every((l) => l.lag.bytes.sent !== null)).toBe(true);
  });

  it('from the cascading standby alone: walks up to standby1 and the primary; standby2 is walsender-only', async () => {
    const { sample } = await discover('standby3');
    expect(roles(sample)).toEqual({ ...FULL_ROLES, standby2: 'replica/unreachable' });
    expect(nodeByName(sample, 'standby2').id).toBe('app:standby2@127.0.0.1');
    expect(edges(sample)).toEqual(FULL_EDGES);
  });

  it('from a standby with discovery ports: the whole cluster', async () => {
    const { sample } = await discover('standby2', ports());
    expect(roles(sample)).toEqual(FULL_ROLES);
    expect(edges(sample)).toEqual(FULL_EDGES);
  });

  it('reports an inactive slot that retains WAL', async () => {
    await cluster.query('primary', "SELECT pg_create_physical_replication_slot('forgotten', true)");
    try {
      const { sample } = await discover('primary', ports());
      const slot = sample.slots.find((s) => s.name === 'forgotten');
      expect(slot).toMatchObject({ nodeId: id('primary'), kind: 'physical', active: false });
      expect(slot?.retainedBytes).toBeGreaterThan(0);
      expect(sample.warnings.join('\n')).toMatch(/slot "forgotten" .* is inactive and retains .* pg_drop_replication_slot\('forgotten'\)/);
    } finally {
      await cluster.query('primary', "SELECT pg_drop_replication_slot('forgotten')");
    }
  });
});

describe('postgres least privilege', () => {
  it('a pg_monitor login samples everything; with no subscriptions, no node asks for pg_read_file', async () => {
    const { sample } = await discover('standby3', ports(), (n) => monitor.connectionString(n));
    expect(roles(sample)).toEqual(FULL_ROLES);
    expect(edges(sample)).toEqual(FULL_EDGES);
    for (const link of sample.links) {
      expect(link.lag.bytes.replay).not.toBeNull();
      expect(link.lag.ms.replay).not.toBeNull();
    }
    expect(sample.warnings.filter((w) => /pg_monitor/.test(w))).toEqual([]);
    // Only conflict detection reads server logs, and only on a node with subscriptions (issue 10: noise).
    expect(sample.nodes.flatMap((n) => n.notes ?? []).filter((n) => /pg_read_file/.test(n))).toEqual([]);
  });

  it('a login without pg_monitor still samples, and the warning names GRANT pg_monitor', async () => {
    await cluster.query('primary', "CREATE ROLE plain LOGIN PASSWORD 'plain-pw'");
    const d = postgresDriver([cluster.connectionString('primary', { user: 'plain', password: 'plain-pw' })]);
    drivers.push(d);
    expect((await d.driver.connect(new AbortController().signal)).ok).toBe(true);
    const sample = await d.sample();
    expect(nodeByName(sample, 'primary').status.kind).toBe('up');
    expect(sample.warnings.join('\n')).toMatch(/GRANT pg_monitor TO plain/);
  });
});
