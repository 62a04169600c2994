import { describe, expect, it } from 'vitest';
import { stuckPools } from '../../../electron/drivers/postgres/pooler/stuck-pools';

const pool = (user: string, o: Record<string, string> = {}) => ({ database: 'appdb', user, cl_active: '0', cl_waiting: '0', sv_active: '0', sv_idle: '0', sv_used: '0', sv_tested: '0', sv_login: '0', maxwait: '0', ...o });
const config = [{ key: 'server_login_retry', value: '15' }];

describe('stuckPools (after a failover re-pointed the pooler)', () => {
  it("names the application pools with waiting clients and no server, not ReplicaDesk's own", () => {
    const rows = [pool('postgres', { sv_idle: '1' }), pool('app', { cl_waiting: '3', maxwait: '4' }), pool('batch', { cl_waiting: '1', sv_login: '1' }), { ...pool('app', { cl_waiting: '2' }), database: 'other' }];
    expect(stuckPools(rows, config, 'appdb', 'postgres')).toBe(
      'SHOW POOLS: app/appdb: 3 waiting (longest 4 s), no server connection yet. Those clients are not through: PgBouncer retries a pool whose logins to the old primary failed only after server_login_retry = 15 s (RELOAD does not clear it)',
    );
  });

  it('is null when every waiting pool has a server connection, or nobody waits', () => {
    expect(stuckPools([pool('app', { cl_waiting: '2', sv_active: '1' }), pool('web')], config, 'appdb', 'postgres')).toBeNull();
    expect(stuckPools([pool('postgres', { cl_waiting: '1' })], [], 'appdb', 'postgres')).toBeNull();
  });
});
