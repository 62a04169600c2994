import { describe, expect, it } from 'vitest';
import { joinSecrets, splitSecrets } from '../../../electron/core/settings/secret-split';
import { PostgresSpecSchema } from '../../../shared/model/cluster';

describe('pooler secrets', () => {
  it('keeps the admin password and the agent token out of the saved spec, and puts them back', () => {
    const spec = PostgresSpecSchema.parse({
      engine: 'postgres',
      name: 'c',
      seeds: ['postgres://u@db1:5432/postgres'],
      poolers: [{ name: 'b1', host: '10.0.0.9', port: 6432, user: 'rdadmin', password: 's3cret pw', agent: { url: 'ws://10.0.0.9:7401', token: 'tok-123' } }],
    });
    const { redacted, secrets } = splitSecrets(spec);
    const text = JSON.stringify(redacted);
    expect(text).not.toContain('s3cret pw');
    expect(text).not.toContain('tok-123');
    expect(secrets).toMatchObject({ 'pooler:0': 's3cret pw', 'pooler-agent:0': 'tok-123' });
    expect(joinSecrets(redacted, secrets)).toEqual(spec);
  });

  it('refuses a pooler host that is not a plain name or address', () => {
    const r = PostgresSpecSchema.safeParse({ engine: 'postgres', name: 'c', seeds: ['postgres://u@db1/postgres'], poolers: [{ name: 'b', host: 'h dbname=x', port: 6432, user: 'a', password: '' }] });
    expect(r.success).toBe(false);
  });
});
