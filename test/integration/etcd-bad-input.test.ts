import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEtcdCluster, etcdPost, type EtcdCluster } from '../harness/etcd-cluster';
import { etcdDriver, startPlainHttpServer } from '../harness/etcd-driver';
import { freePort } from '../harness/free-port';
import { startHangingServer } from '../harness/fake-servers';
import { resolveDriver } from '../../electron/drivers';
import { createLogger } from '../../electron/core/logger';
import { EtcdSpecSchema } from '../../shared/model/cluster';
import { EndpointConnection } from '../../electron/drivers/etcd/endpoint-connection';
import { createAgent } from '../../electron/drivers/etcd/http-client';

describe('etcd: endpoints that are not a usable etcd', () => {
  it('refuses an HTTP server that answers 404 HTML, with a reason', async () => {
    const web = await startPlainHttpServer(404, 'text/html', '<html><body><h1>Not Found</h1></body></html>');
    const driver = etcdDriver([web.url]);
    try {
      const res = await driver.connect(AbortSignal.timeout(5_000));
      expect(res).toMatchObject({ ok: false, code: 'not-etcd' });
      expect(!res.ok && res.reason).toMatch(/not an etcd v3 JSON gateway.*HTTP 404.*Not Found/);
    } finally {
      await driver.dispose();
      await web.close();
    }
  });

  it('refuses an HTTP server that answers JSON that is not etcd', async () => {
    const web = await startPlainHttpServer(200, 'application/json', '{"status":"ok"}');
    const driver = etcdDriver([web.url]);
    try {
      const res = await driver.connect(AbortSignal.timeout(5_000));
      expect(res).toMatchObject({ ok: false, code: 'not-etcd' });
      expect(!res.ok && res.reason).toMatch(/member list reply does not look like etcd's \((header|members)/);
    } finally {
      await driver.dispose();
      await web.close();
    }
  });

  it('gives connection-refused for a port nothing listens on', async () => {
    const port = await freePort();
    const driver = etcdDriver([`http://127.0.0.1:${port}`]);
    try {
      const res = await driver.connect(AbortSignal.timeout(5_000));
      expect(res).toMatchObject({ ok: false, code: 'connection-refused' });
      expect(!res.ok && res.reason).toContain(`127.0.0.1:${port}`);
    } finally {
      await driver.dispose();
    }
  });

  it('gives timeout for a server that accepts and never answers', async () => {
    const hung = await startHangingServer();
    const driver = etcdDriver([`http://127.0.0.1:${hung.port}`]);
    try {
      const started = Date.now();
      const res = await driver.connect(AbortSignal.timeout(5_000));
      expect(res).toMatchObject({ ok: false, code: 'timeout' });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await driver.dispose();
      await hung.close();
    }
  });

  it('refuses a URL that is not an http(s) client URL before connecting', () => {
    const spec = EtcdSpecSchema.safeParse({ engine: 'etcd', name: 'x', endpoints: ['etcd://127.0.0.1:2379'] });
    expect(spec.success).toBe(false);
    const looksFine = EtcdSpecSchema.parse({ engine: 'etcd', name: 'x', endpoints: ['http://user:pw@127.0.0.1:2379'] });
    const res = resolveDriver(looksFine, { clusterId: 'x', log: createLogger('test'), now: () => Date.now() });
    expect(res).toMatchObject({ ok: false, code: 'invalid-url' });
  });
});

describe('etcd: token auth', () => {
  let cluster: EtcdCluster;
  beforeAll(async () => {
    cluster = await startEtcdCluster(1);
    const url = cluster.clientUrls[0]!;
    await etcdPost(url, '/v3/auth/user/add', { name: 'root', password: 'rootpw' });
    await etcdPost(url, '/v3/auth/user/grant', { user: 'root', role: 'root' });
    const enabled = await etcdPost(url, '/v3/auth/enable', {});
    expect(enabled).toHaveProperty('header');
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('reads the cluster with the right password', async () => {
    const driver = etcdDriver(cluster.clientUrls, { auth: { username: 'root', password: 'rootpw' } });
    try {
      expect(await driver.connect(AbortSignal.timeout(5_000))).toEqual({ ok: true, value: { kind: 'consensus' } });
      const s = await driver.sample(AbortSignal.timeout(5_000));
      expect(s.nodes).toHaveLength(1);
      expect(s.nodes[0]?.role).toBe('leader');
      expect(s.nodes[0]?.status.kind).toBe('up');
    } finally {
      await driver.dispose();
    }
  });

  it('gives auth-failed for a wrong password', async () => {
    const wrong = etcdDriver(cluster.clientUrls, { auth: { username: 'root', password: 'nope' } });
    try {
      const res = await wrong.connect(AbortSignal.timeout(5_000));
      expect(res).toMatchObject({ ok: false, code: 'auth-failed' });
      expect(!res.ok && res.reason).toMatch(/authentication failed/);
    } finally {
      await wrong.dispose();
    }
  });

  it('etcd 3.4 serves member list and status without a token; keys need it, and an expired token is renewed', async () => {
    // Measured: with auth enabled, /v3/cluster/member/list, /v3/maintenance/status and /alarm answer anonymous
    // callers, so monitoring works without credentials. Reading keys (the Patroni leader key) needs the token.
    const anonymous = etcdDriver(cluster.clientUrls);
    try {
      expect(await anonymous.connect(AbortSignal.timeout(5_000))).toEqual({ ok: true, value: { kind: 'consensus' } });
    } finally {
      await anonymous.dispose();
    }
    const spec = EtcdSpecSchema.parse({ engine: 'etcd', name: 'x', endpoints: cluster.clientUrls });
    const agent = createAgent(false, undefined);
    const bare = new EndpointConnection(new URL(cluster.clientUrls[0]!), { timeouts: spec.timeouts, now: () => Date.now(), agent });
    const authed = new EndpointConnection(new URL(cluster.clientUrls[0]!), {
      timeouts: spec.timeouts,
      now: () => Date.now(),
      agent,
      auth: { username: 'root', password: 'rootpw' },
    });
    try {
      const range = { key: Buffer.from('a').toString('base64') };
      const refused = await bare.call('/v3/kv/range', range, AbortSignal.timeout(3_000));
      expect(refused).toMatchObject({ ok: false, code: 'auth-failed' });
      expect(bare.status.kind).toBe('ready');
      const first = await authed.call('/v3/kv/range', range, AbortSignal.timeout(3_000));
      expect(first.ok, JSON.stringify(first)).toBe(true);
      expect(authed.requests).toBe(2); // authenticate + range
      // Revoke every token by turning auth off and on: the next call logs in again by itself.
      const token = (await etcdPost(cluster.clientUrls[0]!, '/v3/auth/authenticate', { name: 'root', password: 'rootpw' })) as { token: string };
      await etcdPost(cluster.clientUrls[0]!, '/v3/auth/disable', {}, token.token);
      await etcdPost(cluster.clientUrls[0]!, '/v3/auth/enable', {});
      const again = await authed.call('/v3/kv/range', range, AbortSignal.timeout(3_000));
      expect(again.ok, JSON.stringify(again)).toBe(true);
      expect(authed.requests).toBe(5); // stale range, authenticate, range
    } finally {
      bare.dispose();
      authed.dispose();
      agent.destroy();
    }
  });
});
