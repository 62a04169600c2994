import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEtcdCluster, type EtcdCluster } from '../harness/etcd-cluster';
import { makeEtcdCerts, type EtcdCerts } from '../harness/etcd-certs';
import { etcdDriver, sampleUntil } from '../harness/etcd-driver';

let cluster: EtcdCluster;
let certs: EtcdCerts;

beforeAll(async () => {
  cluster = await startEtcdCluster(3, {
    tls: (root) => {
      certs = makeEtcdCerts(root);
      return { caFile: certs.caFile, serverCert: certs.serverCert, serverKey: certs.serverKey };
    },
  });
});

afterAll(async () => {
  await cluster?.stop();
});

describe('etcd over https with client-certificate auth', () => {
  it('reads the cluster with the CA and a client certificate', async () => {
    const driver = etcdDriver([cluster.clientUrls[0]!], { tls: { caFile: certs.caFile, certFile: certs.clientCert, keyFile: certs.clientKey } });
    try {
      const { sample, elapsedMs } = await sampleUntil(driver, // A member that just joined is listed under its peer URL until it publishes its client URLs: wait until all three have.
        (s) => s.nodes.length === 3 && s.nodes.filter((n) => n.role === 'leader').length === 1 && s.nodes.every((n) => n.address.startsWith('https://127.0.0.1:')), {
        everyMs: 250,
        timeoutMs: 10_000,
      });
      console.log(`etcd tls: leader seen over https after ${elapsedMs} ms of sampling`);
      expect(sample.nodes.every((n) => n.address.startsWith('https://127.0.0.1:'))).toBe(true);
      expect(sample.nodes.every((n) => n.status.kind === 'up')).toBe(true);
      expect(await driver.connect(AbortSignal.timeout(5_000))).toEqual({ ok: true, value: { kind: 'consensus' } });
    } finally {
      await driver.dispose();
    }
  });

  it('gives tls-mismatch without a client certificate, with an untrusted CA, and for http:// on a TLS port', async () => {
    const url = cluster.clientUrls[0]!;
    const cases = [
      etcdDriver([url], { tls: { caFile: certs.caFile } }),
      etcdDriver([url], { tls: { caFile: certs.otherCaFile, certFile: certs.clientCert, keyFile: certs.clientKey } }),
      etcdDriver([url.replace('https://', 'http://')]),
    ];
    try {
      const results = await Promise.all(cases.map((d) => d.connect(AbortSignal.timeout(5_000))));
      console.log('etcd tls refusals:', JSON.stringify(results));
      for (const r of results) expect(r).toMatchObject({ ok: false });
      expect(results[0]).toMatchObject({ code: expect.stringMatching(/^(tls-mismatch|connection-lost)$/) });
      expect(results[1]).toMatchObject({ code: 'tls-mismatch' });
      expect(results[2]).toMatchObject({ code: 'tls-mismatch', reason: expect.stringMatching(/use https:\/\//) });
    } finally {
      await Promise.all(cases.map((d) => d.dispose()));
    }
  });
});
