import { describe, expect, it } from 'vitest';
import { joinSecrets, splitSecrets } from '../../../../electron/core/settings/secret-split';
import { parseSeeds, parseServerAddress } from '../../../../electron/drivers/mariadb/server-address';
import { downstreamsOf } from '../../../../electron/drivers/mariadb/discovery';
import { hostWithoutPort } from '../../../../electron/drivers/mariadb/server-reading';
import { MariadbSpecSchema } from '../../../../shared/model/cluster';
import { reading } from './fixtures';

describe('MariaDB spec', () => {
  it('keeps the password out of the saved spec and puts it back', () => {
    const spec = MariadbSpecSchema.parse({ engine: 'mariadb', name: 'm', seeds: ['10.0.0.5:3306'], auth: { user: 'rd', password: 's3cret' } });
    const { redacted, secrets } = splitSecrets(spec);
    expect(JSON.stringify(redacted)).not.toContain('s3cret');
    expect(secrets).toEqual({ 'auth:password': 's3cret' });
    expect(joinSecrets(redacted, secrets)).toEqual(spec);
  });

  it('refuses a seed that is not host:port, with the reason', () => {
    const r = MariadbSpecSchema.safeParse({ engine: 'mariadb', name: 'm', seeds: ['mysql://10.0.0.5'], auth: { user: 'rd', password: '' } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/host:port/);
  });

  it('parses host:port and [v6]:port, lower-cases the host, drops duplicates, refuses port 0 and 65536', () => {
    expect(parseServerAddress('DB1:3306')).toEqual({ ok: true, value: { host: 'db1', port: 3306, id: 'db1:3306' } });
    expect(parseServerAddress('[::1]:3307')).toEqual({ ok: true, value: { host: '::1', port: 3307, id: '[::1]:3307' } });
    expect(parseServerAddress('db1:0')).toMatchObject({ ok: false, code: 'invalid-address' });
    expect(parseServerAddress('db1:65536')).toMatchObject({ ok: false, code: 'invalid-address' });
    const seeds = parseSeeds(['db1:3306', 'DB1:3306', 'db2:3306']);
    expect(seeds.ok && seeds.value.map((a) => a.id)).toEqual(['db1:3306', 'db2:3306']);
  });
});

describe('MariaDB discovery downwards', () => {
  it('uses report_host, else the one client host of the Binlog Dump threads, else leaves the replica unplaced', () => {
    const hosts = [
      { serverId: 2, host: 'db2', port: 3306 },
      { serverId: 3, host: '', port: 3307 },
    ];
    expect(downstreamsOf(reading(1, { replicaHosts: hosts, dumpHosts: ['10.0.0.9'] }))).toEqual({
      found: [
        { host: 'db2', port: 3306, id: 'db2:3306' },
        { host: '10.0.0.9', port: 3307, id: '10.0.0.9:3307' },
      ],
      unplaced: [],
    });
    expect(downstreamsOf(reading(1, { replicaHosts: hosts, dumpHosts: ['10.0.0.9', '10.0.0.8'] })).unplaced).toEqual([3]);
    expect(hostWithoutPort('10.0.0.7:51234')).toBe('10.0.0.7');
    expect(hostWithoutPort('[::1]:51234')).toBe('::1');
  });
});
