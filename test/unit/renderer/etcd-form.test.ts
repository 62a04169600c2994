import { describe, expect, it } from 'vitest';
import { checkEtcdForm, emptyEtcdForm } from '../../../renderer/features/clusters/form-model';

describe('the etcd form', () => {
  it('builds an etcd spec from client URLs, with auth only when a user is given', () => {
    const r = checkEtcdForm({ ...emptyEtcdForm, name: 'dcs', endpoints: 'http://10.0.0.5:2379\n\n  https://10.0.0.6:2379 ' });
    expect(r).toMatchObject({ ok: true, spec: { engine: 'etcd', name: 'dcs', endpoints: ['http://10.0.0.5:2379', 'https://10.0.0.6:2379'], sampleIntervalMs: 1000 } });
    expect(r.ok && 'auth' in r.spec && r.spec.auth).toBeFalsy();
    const withAuth = checkEtcdForm({ ...emptyEtcdForm, name: 'dcs', endpoints: 'http://h:2379', username: 'root', password: 'pw' });
    expect(withAuth).toMatchObject({ ok: true, spec: { auth: { username: 'root', password: 'pw' } } });
  });

  it('names the field of each mistake', () => {
    const r = checkEtcdForm({ ...emptyEtcdForm, name: '', endpoints: 'ws://h:2379', password: 'pw' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.name).toBeDefined();
    expect(r.errors.endpoints).toMatch(/^line 1: an etcd endpoint is an http/);
    expect(r.errors.username).toBe('give the user name that goes with the password');
  });

  it('takes TLS files for https endpoints, and wants a client key with a client certificate', () => {
    const tls = checkEtcdForm({ ...emptyEtcdForm, name: 'dcs', endpoints: 'https://h:2379', caFile: ' /etc/etcd/ca.crt ', certFile: '/c.crt', keyFile: '/c.key' });
    expect(tls).toMatchObject({ ok: true, spec: { tls: { caFile: '/etc/etcd/ca.crt', certFile: '/c.crt', keyFile: '/c.key' } } });
    const plain = checkEtcdForm({ ...emptyEtcdForm, name: 'dcs', endpoints: 'http://h:2379' });
    expect(plain.ok && 'tls' in plain.spec && plain.spec.tls).toBeFalsy();
    const half = checkEtcdForm({ ...emptyEtcdForm, name: 'dcs', endpoints: 'https://h:2379', certFile: '/c.crt' });
    expect(half.ok).toBe(false);
    if (!half.ok) expect(half.errors.certFile).toBe('a client certificate needs both certFile and keyFile');
  });
});
