import { describe, expect, it } from 'vitest';
import { joinSecrets, splitSecrets } from '../../../../../electron/core/settings/secret-split';
import { ClusterSpecSchema, MariadbSpecSchema } from '../../../../../shared/model/cluster';

describe('MariaDB spec agents (Galera error logs)', () => {
  it('are optional, validated like PostgreSQL agents, and their tokens go to the secret store', () => {
    const spec = MariadbSpecSchema.parse({
      engine: 'mariadb',
      name: 'galera',
      seeds: ['10.0.0.5:3306'],
      auth: { user: 'replicadesk', password: 'pw' },
      agents: [{ nodeAddress: '10.0.0.5:3306', url: 'wss://10.0.0.5:7400', token: 'tok-secret-1' }],
    });
    const { redacted, secrets } = splitSecrets(spec);
    expect(JSON.stringify(redacted)).not.toContain('tok-secret-1');
    expect(secrets['mdb-agent:0']).toBe('tok-secret-1');
    expect(joinSecrets(redacted, secrets)).toEqual(spec);
    expect(ClusterSpecSchema.safeParse({ ...spec, agents: [{ nodeAddress: 'db1', url: 'http://x', token: '' }] }).success).toBe(false);
    const { agents: _none, ...plain } = spec;
    expect(splitSecrets(MariadbSpecSchema.parse(plain)).redacted).not.toHaveProperty('agents');
  });
});
