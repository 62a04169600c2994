import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterHeadline } from '../../electron/core/cluster-state/headline';
import { parseConnectionString } from '../../electron/drivers/postgres/conn-string';
import { NodeConnection } from '../../electron/drivers/postgres/node-connection';
import type { ClusterSample } from '../../shared/model/sample';
import { createPglMesh, type PglMesh, type PglNode } from '../harness/pglogical-mesh';
import { postgresDriver, sampleUntil, type TestDriver } from '../harness/pg-driver';

const PW = 'mon-pw-14';
const limits = { lagThresholdBytes: 1e9, lagThresholdMs: 60_000 };
const headlineOf = (sample: ClusterSample) => clusterHeadline({ sample, kind: 'multi-primary', available: [], limits, previous: null });

/**
 * Trial 14 findings 7 and 8 on a real pglogical 2.4 mesh (three PG15 nodes), read by a login
 * `mon` IN ROLE pg_monitor: first with no other grant, then with pglogical's schema granted on
 * n1 only, then on every node. Also finding 6: a write refused for `mon` names INSERT and UPDATE.
 */
describe('pglogical mesh read by a monitor-only login', () => {
  let mesh: PglMesh;
  const drivers: TestDriver[] = [];
  const id = (n: PglNode) => `127.0.0.1:${n.port}`;
  const mon = (n: PglNode) => `postgresql://mon:${PW}@127.0.0.1:${n.port}/postgres?sslmode=disable`;
  const connect = async () => {
    const d = postgresDriver([mon(mesh.node('n1'))]);
    drivers.push(d);
    const c = await d.driver.connect(new AbortController().signal);
    if (!c.ok) throw new Error(c.reason);
    return { d, kind: c.value.kind };
  };
  const grantSchema = async (n: PglNode) => {
    await n.query(`GRANT USAGE ON SCHEMA pglogical TO mon`);
    await n.query(`GRANT SELECT ON ALL TABLES IN SCHEMA pglogical TO mon`);
  };

  beforeAll(async () => {
    mesh = await createPglMesh({ resolution: 'last_update_wins' });
    for (const n of mesh.nodes) await n.query(`CREATE ROLE mon LOGIN PASSWORD '${PW}' IN ROLE pg_monitor`);
  }, 180_000);
  afterAll(async () => {
    for (const d of drivers) await d.dispose();
    await mesh?.stop();
  });

  it('pure pg_monitor: one node found; it is a peer of a multi-primary mesh and the headline says partly read, not healthy', async () => {
    const { d, kind } = await connect();
    expect(kind).toBe('multi-primary');
    const { sample } = await sampleUntil(d, (s) => (s.unread?.length ?? 0) > 0, { maxSamples: 5 });
    expect(sample.nodes.map((n) => [n.name, n.role, n.status.kind])).toEqual([['n1', 'peer', 'up']]);
    expect(sample.unread).toEqual([expect.objectContaining({ nodeId: id(mesh.node('n1')), what: "pglogical's nodes and subscriptions" })]);
    expect(sample.warnings.join('\n')).toContain('GRANT USAGE ON SCHEMA pglogical TO');
    const h = headlineOf(sample);
    expect(h.state).toBe('partly-read');
    expect(h.title).toBe("partly read: could not read pglogical's nodes and subscriptions on n1");
  });

  it('schema granted on n1 only: n2 and n3 found and peers, no split brain, no "add it as a seed"; the headline names n2 and n3', async () => {
    await grantSchema(mesh.node('n1'));
    const { d, kind } = await connect();
    expect(kind).toBe('multi-primary');
    const { sample } = await sampleUntil(d, (s) => s.nodes.length === 3 && s.links.length === 2, { maxSamples: 20 });
    expect(sample.nodes.map((n) => [n.name, n.role]).sort()).toEqual([['n1', 'peer'], ['n2', 'peer'], ['n3', 'peer']]);
    expect(sample.warnings.filter((w) => /split brain|add it as a seed/.test(w))).toEqual([]);
    // n1's subscriptions (read on n1) are drawn from their providers; the providers' slots are unread.
    expect(sample.links.map((l) => [l.from, l.to, l.state]).sort()).toEqual(
      [[id(mesh.node('n2')), id(mesh.node('n1')), 'streaming'], [id(mesh.node('n3')), id(mesh.node('n1')), 'streaming']].sort(),
    );
    expect(sample.unread?.map((u) => u.nodeId).sort()).toEqual([id(mesh.node('n2')), id(mesh.node('n3'))].sort());
    for (const n of ['n2', 'n3']) expect(sample.warnings.some((w) => w.startsWith(id(mesh.node(n))) && w.includes('GRANT USAGE ON SCHEMA pglogical TO'))).toBe(true);
    const h = headlineOf(sample);
    expect(h.state).toBe('partly-read');
    expect(h.nodes.sort()).toEqual(['n2', 'n3']);
  });

  it('schema granted everywhere: nothing unread, six links, and the headline can say healthy', async () => {
    for (const n of mesh.nodes) await grantSchema(n);
    const { d } = await connect();
    const { sample } = await sampleUntil(d, (s) => s.nodes.length === 3 && s.links.length === 6 && s.unread === undefined, { maxSamples: 20 });
    expect(sample.nodes.every((n) => n.role === 'peer')).toBe(true);
    expect(headlineOf(sample).state).toBe('healthy');
  });

  it('an upsert refused for mon asks for SELECT, INSERT, UPDATE on the table, once with its address', async () => {
    const n1 = mesh.node('n1');
    const target = parseConnectionString(mon(n1));
    if (!target.ok) throw new Error(target.reason);
    const conn = new NodeConnection(target.value, { timeouts: { connectTimeoutMs: 2_000, queryTimeoutMs: 2_000 }, now: () => Date.now() });
    try {
      const sql = `INSERT INTO public.items SELECT * FROM jsonb_populate_record(NULL::public.items, $1::jsonb) ON CONFLICT ("id") DO UPDATE SET "val" = EXCLUDED."val"`;
      const r = await conn.query(sql, new AbortController().signal, undefined, [JSON.stringify({ id: 99, owner: 'x', val: 'v', qty: 1 })]);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.code).toBe('permission-denied');
      expect(r.reason).toContain('GRANT SELECT, INSERT, UPDATE ON public.items TO "mon";');
      expect(r.reason.split(id(n1)).length - 1).toBe(1);
    } finally {
      await conn.dispose();
    }
  });
});
