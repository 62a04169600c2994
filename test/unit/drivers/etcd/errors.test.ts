import { describe, expect, it } from 'vitest';
import { AbortedError, classifyEtcdError, EtcdServerError, EtcdTimeoutError, NotEtcdError } from '../../../../electron/drivers/etcd/errors';
import { parseEndpoint, parseEndpoints, endpointId } from '../../../../electron/drivers/etcd/endpoint-url';

const AT = 'http://10.0.0.5:2379';
const sysErr = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('classifyEtcdError', () => {
  it.each([
    [new NotEtcdError('HTTP 404, text/html: "<html>"'), 'not-etcd', /not an etcd v3 JSON gateway/],
    [new EtcdTimeoutError(1_000), 'timeout', /no answer within 1000 ms/],
    [new AbortedError(), 'aborted', /cancelled/],
    [new EtcdServerError(3, 'etcdserver: authentication failed, invalid user ID or password', 400), 'auth-failed', /check the user name and password/],
    [new EtcdServerError(16, 'etcdserver: invalid auth token', 401), 'auth-failed', /invalid auth token/],
    [new EtcdServerError(3, 'etcdserver: user name is empty', 400), 'auth-failed', /user name is empty/],
    [new EtcdServerError(7, 'etcdserver: permission denied', 403), 'auth-failed', /root role/],
    [new EtcdServerError(9, 'etcdserver: bad leader transferee', 400), 'etcd-error', /bad leader transferee \(gRPC code 9\)/],
    [sysErr('ECONNREFUSED'), 'connection-refused', /nothing accepts connections on http:\/\/10\.0\.0\.5:2379/],
    [sysErr('ENOTFOUND'), 'host-not-found', /DNS/],
    [sysErr('ETIMEDOUT'), 'timeout', /timed out/],
    [sysErr('ECONNRESET', 'socket hang up'), 'connection-lost', /https:\/\//],
    [sysErr('HPE_INVALID_CONSTANT'), 'not-etcd', /does not speak HTTP/],
    [sysErr('EPROTO', 'write EPROTO 0080:error:0A00010B:SSL routines::wrong version number'), 'tls-mismatch', /TLS handshake failed/],
    [sysErr('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), 'tls-mismatch', /CA file/],
    [new Error('something odd'), 'unknown', /something odd/],
  ])('%s → %s', (error, code, reason) => {
    const f = classifyEtcdError(error, AT);
    expect(f.code).toBe(code);
    expect(f.reason).toMatch(reason);
  });
});

describe('etcd endpoint URLs', () => {
  it('normalises to scheme://host:port with the default client port', () => {
    const u = parseEndpoint('http://10.0.0.5');
    expect(u.ok && endpointId(u.value)).toBe('http://10.0.0.5:2379');
    const v = parseEndpoint(' https://etcd-1.example:2379/ ');
    expect(v.ok && endpointId(v.value)).toBe('https://etcd-1.example:2379');
  });

  it.each([
    ['10.0.0.5:2379', /scheme|not a URL|uses/],
    ['etcd://10.0.0.5:2379', /http:\/\/ or https:\/\//],
    ['http://root:pw@10.0.0.5:2379', /credentials in the URL/],
    ['http://10.0.0.5:2379/v3/kv', /has a path/],
    ['not a url', /not a URL/],
  ])('refuses %s as invalid-url', (raw, reason) => {
    const r = parseEndpoint(raw);
    expect(r).toMatchObject({ ok: false, code: 'invalid-url' });
    expect(!r.ok && r.reason).toMatch(reason);
  });

  it('fails a list on its first bad endpoint, naming it', () => {
    const r = parseEndpoints(['http://a:2379', 'ftp://b:2379']);
    expect(r).toMatchObject({ ok: false, code: 'invalid-url', reason: expect.stringContaining('ftp://b:2379') });
  });
});
