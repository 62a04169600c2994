import { describe, expect, it } from 'vitest';
import { joinSecrets, splitSecrets } from '../../../../../electron/core/settings/secret-split';
import { MariadbSpecSchema } from '../../../../../shared/model/cluster';

describe('the MariaDB replication account', () => {
  it('is optional, and its password is split out like the login password', () => {
    expect(MariadbSpecSchema.parse({ engine: 'mariadb', name: 'm', seeds: ['db:3306'], auth: { user: 'rd', password: 'a' } }).replication).toBeUndefined();
    const spec = MariadbSpecSchema.parse({ engine: 'mariadb', name: 'm', seeds: ['db:3306'], auth: { user: 'rd', password: 'a' }, replication: { user: 'repl', password: 'Sx-repl-pw' } });
    const { redacted, secrets } = splitSecrets(spec);
    expect(JSON.stringify(redacted)).not.toContain('Sx-repl-pw');
    expect(secrets['replication:password']).toBe('Sx-repl-pw');
    expect(joinSecrets(redacted, secrets)).toEqual(spec);
    expect(MariadbSpecSchema.safeParse({ ...spec, replication: { user: ' ', password: 'x' } }).success).toBe(false);
  });
});
