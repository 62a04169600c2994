import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionCapable } from '../../electron/core/driver';
import { clusterHeadline } from '../../electron/core/cluster-state/headline';
import type { ClusterHeadline } from '../../shared/model/cluster-state';
import type { ClusterSample } from '../../shared/model/sample';
import { createPgCluster, type PgCluster } from '../harness/pg-cluster';
import { nodeByName, postgresDriver, sampleUntil, type TestDriver } from '../harness/pg-driver';

/** The headline state of a real PostgreSQL 15 cluster through its changes; one cluster, tests in order. */
let cluster: PgCluster;
let d: TestDriver;
let previous: ClusterHeadline | null = null;

beforeAll(async () => {
  cluster = await createPgCluster({ standbys: 2 });
  d = postgresDriver([cluster.node('primary').connectionString], {
    discoveryPorts: cluster.nodes.map((n) => n.port),
    connectTimeoutMs: 1_000,
    queryTimeoutMs: 1_000,
  });
  expect((await d.driver.connect(new AbortController().signal)).ok).toBe(true);
});

afterAll(async () => {
  await d?.dispose();
  await cluster?.stop();
});

function headlineOf(sample: ClusterSample): ClusterHeadline {
  const available = (d.driver as unknown as ActionCapable).availableActions(sample);
  previous = clusterHeadline({ sample, kind: 'primary-replica', available, limits: d.spec, previous });
  return previous;
}

async function until(state: ClusterHeadline['state'], maxSamples = 30): Promise<ClusterHeadline> {
  let last: ClusterHeadline | null = null;
  await sampleUntil(d, (s) => (last = headlineOf(s)).state === state, { maxSamples, intervalMs: 500 }).catch((e: Error) => {
    throw new Error(`${e.message}; last headline ${JSON.stringify(last)}`);
  });
  return last!;
}

describe('cluster headline on PostgreSQL 15', () => {
  it('is healthy with a primary and two streaming standbys', async () => {
    await until('healthy', 10);
  });

  it('primary unreachable while its standbys still stream from it (hung primary): no failover proposed', async () => {
    cluster.freeze('primary');
    try {
      const h = await until('primary-unreachable', 6);
      expect(h.nodes).toEqual(['primary']);
      expect(h.suggestion?.kind).toBeNull();
    } finally {
      cluster.thaw('primary');
    }
    await until('healthy');
  });

  it('primary down (killed, its standbys lost it): proposes failing over to a standby the driver offers', async () => {
    await cluster.kill9('primary');
    const killedAt = Date.now();
    const h = await until('primary-down');
    expect(h.nodes).toEqual(['primary']);
    console.log(`headline: ${h.title} (${Date.now() - killedAt} ms after kill -9): ${h.suggestion?.text}`);
    expect(h.suggestion).toMatchObject({ kind: 'failover' });
    expect(h.suggestion?.text).toMatch(/^fail over to standby[12], ranked first: lag \d/);
    const s = await d.sample();
    expect(nodeByName(s, h.suggestion!.text.includes('standby1') ? 'standby1' : 'standby2').id).toBe(h.suggestion!.target);
    await cluster.startNode('primary');
    await cluster.waitForStreaming();
    await until('healthy');
  });

  it('split brain when a standby is promoted beside a writable primary; a fenced old primary is not split brain', async () => {
    await cluster.query('standby1', 'SELECT pg_promote(true, 60)');
    const split = await until('split-brain', 10);
    expect([...split.nodes].sort()).toEqual(['primary', 'standby1']);
    await cluster.query('primary', 'ALTER SYSTEM SET default_transaction_read_only = on');
    await cluster.query('primary', 'SELECT pg_reload_conf()');
    const fenced = await until('fenced-old-primary', 10);
    expect(fenced.nodes).toEqual(['primary', 'standby1']);
    expect(fenced.suggestion?.text).toContain('rejoin primary as a standby of standby1');
  });
});
