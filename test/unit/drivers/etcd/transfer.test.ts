import { describe, expect, it } from 'vitest';
import { transferBlocker } from '../../../../electron/drivers/etcd/transfer-leadership';
import { splitSecrets, joinSecrets } from '../../../../electron/core/settings/secret-split';
import { EtcdSpecSchema } from '../../../../shared/model/cluster';
import { A, B, C, failedView, readView, status } from './fixtures';

const views = () => [readView(A, 'm1', status({ member: A })), readView(B, 'm2', status({ member: B })), failedView(C, 'm3', null)];

describe('transfer-leadership pre-checks', () => {
  it('allows a readable voting follower', () => {
    expect(transferBlocker(views(), B)).toBeNull();
  });

  it.each([
    ['12', 'invalid-target', /not in the member list/],
    ['0x1f', 'invalid-target', /not an etcd member id/],
    [A, 'already-leader', /m1 already leads/],
    [C, 'target-unreachable', /m3 cannot be read/],
  ])('refuses %s with %s', (target, code, reason) => {
    const b = transferBlocker(views(), target);
    expect(b?.code).toBe(code);
    expect(b?.reason).toMatch(reason);
  });

  it('refuses while there is no leader, and when the leader cannot be reached', () => {
    const none = [readView(A, 'm1', status({ member: A, leader: '0' })), readView(B, 'm2', status({ member: B, leader: '0' }))];
    expect(transferBlocker(none, B)?.code).toBe('no-leader');
    const lost = [failedView(A, 'm1', null), readView(B, 'm2', status({ member: B })), readView(C, 'm3', status({ member: C }))];
    expect(transferBlocker(lost, B)?.code).toBe('leader-unreachable');
  });
});

describe('etcd spec secrets', () => {
  it('keeps the etcd password out of the saved spec and puts it back', () => {
    const spec = EtcdSpecSchema.parse({ engine: 'etcd', name: 'e', endpoints: ['http://a:2379'], auth: { username: 'root', password: 's3cret' } });
    const { redacted, secrets } = splitSecrets(spec);
    expect(JSON.stringify(redacted)).not.toContain('s3cret');
    expect(joinSecrets(redacted, secrets)).toEqual(spec);
    const plain = EtcdSpecSchema.parse({ engine: 'etcd', name: 'e', endpoints: ['http://a:2379'] });
    expect(splitSecrets(plain)).toEqual({ redacted: plain, secrets: {} });
  });

  it('needs both halves of a client certificate', () => {
    const r = EtcdSpecSchema.safeParse({ engine: 'etcd', name: 'e', endpoints: ['https://a:2379'], tls: { certFile: '/c.pem' } });
    expect(r.success).toBe(false);
  });
});
