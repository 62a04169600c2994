import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolerObservations } from '../../electron/core/alarms/pooler-rules';
import { poolerActionRig, type PoolerActionRig } from '../harness/pooler-actions';

let r: PoolerActionRig;
beforeAll(async () => {
  // No agent beside PgBouncer, and PgBouncer's default server_login_retry (15 s).
  r = await poolerActionRig({ agent: false, bouncer: { serverLoginRetryS: 15 } });
}, 180_000);
afterAll(async () => {
  await r?.stop();
});

describe('a pooler without an agent', () => {
  it('the dry run says it cannot be re-pointed, offers the ordinary switchover, and suggests server_login_retry = 1', async () => {
    const target = `127.0.0.1:${r.rig.cluster.node('standby1').port}`;
    const plan = await r.driver.plan({ kind: 'switchover', target });
    const agent = plan.checks.find((c) => c.id === 'pooler:bouncer1:agent');
    expect(agent).toMatchObject({ ok: false, severity: 'blocker' });
    expect(agent?.explanation).toMatch(/cannot be re-pointed: PgBouncer 1\.18's admin console cannot change a \[databases\] entry, and no agent runs beside it.*ordinary switchover/);
    const retry = plan.checks.find((c) => c.id === 'pooler:bouncer1:server-login-retry');
    expect(retry?.ok).toBe(false);
    expect(retry?.explanation).toMatch(/server_login_retry = 15 s.*set server_login_retry = 1/);
    // The ordinary switchover, asked for explicitly: no pooler steps, and a warning that says what clients get.
    const ordinary = await r.driver.plan({ kind: 'switchover', target, poolers: 'ignore' });
    expect(ordinary.steps.some((s) => s.id.startsWith('pooler-'))).toBe(false);
    expect(ordinary.checks.find((c) => c.id === 'pooler:ignored')?.explanation).toMatch(/neither paused nor re-pointed; their clients see errors/);
    expect(ordinary.checks.filter((c) => !c.ok && c.severity === 'blocker')).toEqual([]);
    // Nothing was changed by planning.
    const [row] = await r.rig.cluster.query<{ rec: boolean }>('primary', 'SELECT pg_is_in_recovery() AS rec');
    expect(row?.rec).toBe(false);
  });

  it('a failover plan says until which step clients see errors', async () => {
    const plan = await r.driver.plan({ kind: 'failover', target: `127.0.0.1:${r.rig.cluster.node('standby1').port}` });
    const until = plan.checks.find((c) => c.id === 'pooler:errors-until');
    expect(until?.explanation).toMatch(/clients of bouncer1 see errors until step \d+/);
    const n = Number(/step (\d+)/.exec(until?.explanation ?? '')?.[1]);
    expect(plan.steps[n - 1]?.id.startsWith('pooler-repoint')).toBe(true);
  });

  // Measured on 1.18: a global PAUSE shows in no SHOW command (SHOW STATE came in 1.20); a database's PAUSE sets SHOW DATABASES' paused.
  it('a pooled database left paused (PAUSE appdb on the console, no RESUME) is read as paused and raises the pooler-paused alarm; RESUME clears it', async () => {
    const b = r.rig.bouncer;
    const admin = new pg.Client({ host: '127.0.0.1', port: b.port, user: b.adminUser, password: b.adminPassword, database: 'pgbouncer' });
    await admin.connect();
    try {
      await admin.query('PAUSE appdb');
      const pausedRead = (await r.driver.sample()).poolers?.[0];
      expect(pausedRead?.databases.find((d) => d.name === 'appdb')?.paused).toBe(true);
      const raised = poolerObservations(pausedRead!).find((o) => o.kind === 'pooler-paused')!;
      expect(raised).toMatchObject({ raise: true, clear: false, severity: 'critical' });
      expect(raised.message).toMatch(/bouncer1 .* is paused \(appdb\)/);
      await admin.query('RESUME appdb');
      const resumed = (await r.driver.sample()).poolers?.[0];
      expect(resumed?.databases.every((d) => !d.paused)).toBe(true);
      expect(poolerObservations(resumed!).find((o) => o.kind === 'pooler-paused')).toMatchObject({ raise: false, clear: true });
    } finally {
      await admin.query('RESUME appdb').catch(() => undefined);
      await admin.end();
    }
  });
});
