import { describe, expect, it } from 'vitest';
import { KEPT_MARKER, mergeSecrets, seedIdentity } from '../../../electron/core/settings/secret-merge';
import { splitSecrets } from '../../../electron/core/settings/secret-split';
import { ClusterSpecSchema, type ClusterSpec, type ClusterSpecInput } from '../../../shared/model/cluster';

const parse = (s: ClusterSpecInput): ClusterSpec => ClusterSpecSchema.parse(s);
/** What the edit form sends back when nothing secret is typed: the redacted spec. */
const untouched = (s: ClusterSpec) => splitSecrets(s).redacted;
/** The same connection: same plain text and same secrets (a key/value password may come back at the end of its string). */
const same = (a: ClusterSpec, b: ClusterSpec) => expect(splitSecrets(a)).toEqual(splitSecrets(b));

const pg = parse({
  engine: 'postgres',
  name: 'orders',
  seeds: ['postgres://mon:uri-PW%40x@db1:5432/postgres?sslpassword=ssl-PW', "host=db2 port=5433 user=mon password='kv pw' dbname=postgres"],
  agents: [{ nodeAddress: 'db1:5432', url: 'ws://db1:7070', token: 'agent-TOKEN-1' }],
  poolers: [{ name: 'b1', host: '10.0.0.9', port: 6432, user: 'rdadmin', password: 'pooler-PW', agent: { url: 'ws://10.0.0.9:7401', token: 'pooler-TOKEN' } }],
  patroniUrls: ['http://patroni:patroni-PW@db1:8008'],
  patroniDcs: { etcdUrls: ['http://root:dcs-PW@etcd1:2379'] },
});
const SECRETS = ['uri-PW', 'ssl-PW', 'kv pw', 'agent-TOKEN-1', 'pooler-PW', 'pooler-TOKEN', 'patroni-PW', 'dcs-PW', 'etcd-PW', 'mdb-PW', 'repl-PW', 'mdb-TOKEN', 'agent-ONLY', 'ep-PW', 'whole pw'];

const others: ClusterSpec[] = [
  parse({ engine: 'agent', name: 'edge', agents: [{ url: 'ws://a1:7070', token: 'agent-ONLY' }, { url: 'ws://a2:7070', token: 'agent-ONLY' }] }),
  parse({ engine: 'etcd', name: 'dcs', endpoints: ['http://u:ep-PW@etcd1:2379'], auth: { username: 'root', password: 'etcd-PW' } }),
  parse({
    engine: 'mariadb',
    name: 'shop',
    seeds: ['m1:3306'],
    auth: { user: 'rd', password: 'mdb-PW' },
    replication: { user: 'repl', password: 'repl-PW' },
    agents: [{ nodeAddress: 'm1:3306', url: 'ws://m1:7401', token: 'mdb-TOKEN' }],
  }),
  parse({ engine: 'postgres', name: 'odd', seeds: ["host=db3 password='whole pw' bad-key"] }),
];

describe('redacted spec (clusters:spec)', () => {
  it.each([pg, ...others].map((s) => [s.engine, s.name, s] as const))('%s %s: no password, token or URL userinfo survives', (_e, _n, spec) => {
    const text = JSON.stringify(untouched(spec));
    for (const secret of SECRETS) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(encodeURIComponent(secret));
    }
    expect(text).not.toMatch(/:\/\/[^/@"]*:[^/@"]*@/); // no user:password@ in any URL
  });
});

describe('mergeSecrets', () => {
  it('keeps every stored secret of entries left as they were', () => {
    same(mergeSecrets(pg, untouched(pg)), pg);
    for (const s of others) same(mergeSecrets(s, untouched(s)), s);
  });

  it('keeps them when a seed is added after the others or the name changed', () => {
    const r = untouched(pg);
    if (r.engine !== 'postgres') throw new Error('postgres');
    const edited: ClusterSpec = { ...r, name: 'orders-2', seeds: [...r.seeds, 'postgres://mon@db3:5432/postgres'] };
    const merged = mergeSecrets(pg, edited);
    if (merged.engine !== 'postgres') throw new Error('postgres');
    same({ ...merged, seeds: merged.seeds.slice(0, 2) }, { ...pg, name: 'orders-2' });
    expect(merged.seeds[2]).toBe('postgres://mon@db3:5432/postgres');
  });

  it('does not give a moved or changed entry the stored secret (it is sent empty)', () => {
    const r = untouched(pg);
    if (r.engine !== 'postgres') throw new Error('postgres');
    const [s0 = '', s1 = ''] = r.seeds;
    const moved = mergeSecrets(pg, { ...r, seeds: [s1, s0] });
    expect(JSON.stringify(moved)).not.toContain('uri-PW');
    expect(JSON.stringify(moved)).not.toContain('kv pw');
    const otherPort = mergeSecrets(pg, { ...r, seeds: [s0.replace(':5432', ':6543'), s1.replace('user=mon', 'user=other')] });
    expect(JSON.stringify(otherPort)).not.toMatch(/uri-PW|ssl-PW|kv pw/);
    const agentMoved = mergeSecrets(pg, { ...r, agents: [{ nodeAddress: 'db2:5433', url: 'ws://db1:7070', token: KEPT_MARKER }] });
    expect(agentMoved.engine === 'postgres' && agentMoved.agents?.[0]?.token).toBe('');
    const poolerMoved = mergeSecrets(pg, { ...r, poolers: r.poolers?.map((p) => ({ ...p, host: '10.0.0.10' })) });
    expect(poolerMoved.engine === 'postgres' && poolerMoved.poolers?.[0]).toMatchObject({ password: '', agent: { token: '' } });
    const [mdb] = others.filter((s) => s.engine === 'mariadb');
    const u = untouched(mdb!);
    if (u.engine !== 'mariadb') throw new Error('mariadb');
    const otherUser = mergeSecrets(mdb!, { ...u, auth: { user: 'someone', password: '' }, seeds: ['m1:3306', 'm2:3306'] });
    expect(otherUser).toMatchObject({ auth: { user: 'someone', password: '' }, replication: { password: 'repl-PW' } });
  });

  it('a newly typed secret wins over the stored one', () => {
    const r = untouched(pg);
    if (r.engine !== 'postgres') throw new Error('postgres');
    const merged = mergeSecrets(pg, { ...r, seeds: ['postgres://mon:NEW@db1:5432/postgres', r.seeds[1] ?? ''], poolers: r.poolers?.map((p) => ({ ...p, password: 'new-pooler' })) });
    if (merged.engine !== 'postgres') throw new Error('postgres');
    // The new password wins; the same entry's sslpassword, left empty, is kept.
    expect(merged.seeds[0]).toBe('postgres://mon:NEW@db1:5432/postgres?sslpassword=ssl-PW');
    expect(splitSecrets(merged).secrets['seed:1']).toBe('kv pw');
    expect(merged.poolers?.[0]).toMatchObject({ password: 'new-pooler', agent: { token: 'pooler-TOKEN' } });
    const [etcd] = others.filter((s) => s.engine === 'etcd');
    const ue = untouched(etcd!);
    if (ue.engine !== 'etcd' || !ue.auth) throw new Error('etcd');
    expect(mergeSecrets(etcd!, { ...ue, auth: { ...ue.auth, password: 'fresh' } })).toMatchObject({ auth: { password: 'fresh' }, endpoints: ['http://u:ep-PW@etcd1:2379'] });
  });

  it('keeps a string kept whole only while no seed changed', () => {
    const odd = others[3]!;
    same(mergeSecrets(odd, untouched(odd)), odd);
    const r = untouched(odd);
    if (r.engine !== 'postgres') throw new Error('postgres');
    expect(JSON.stringify(mergeSecrets(odd, { ...r, seeds: [...r.seeds, 'host=db4'] }))).not.toContain('whole pw');
  });
});

describe('seedIdentity', () => {
  it('reads host:port and user from a URI or key/value string, with libpq defaults', () => {
    expect(seedIdentity('postgres://mon@DB1/postgres')).toBe('db1:5432 mon');
    expect(seedIdentity("host=db2 port=5433 user='mon' dbname=x")).toBe('db2:5433 mon');
    expect(seedIdentity('dbname=x')).toBe('localhost:5432 postgres');
  });
});
