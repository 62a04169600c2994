import type { AdminRow } from './admin';

const num = (v: unknown): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : 0;
};

/**
 * After a failover re-pointed a pooler: the pools of `database` (other than ReplicaDesk's own login, whose
 * write just went through) that have clients waiting and no server connection, from SHOW POOLS. PgBouncer
 * keeps a pool's failed-login wait (server_login_retry) across RELOAD and clears it only on a successful
 * login: a pool whose logins to the dead primary failed gets no server for up to that long, while a pool
 * that never failed (ReplicaDesk's) logs in at once. Null when no pool is stuck.
 */
export function stuckPools(pools: readonly AdminRow[], config: readonly AdminRow[], database: string, ownUser: string): string | null {
  const stuck = pools.filter((p) => {
    if (p.database !== database || p.user === ownUser) return false;
    const servers = ['sv_active', 'sv_idle', 'sv_used', 'sv_tested', 'sv_login'].reduce((a, k) => a + num(p[k]), 0);
    return num(p.cl_waiting) > 0 && servers === 0;
  });
  if (stuck.length === 0) return null;
  const retry = config.find((c) => c.key === 'server_login_retry')?.value;
  const list = stuck.map((p) => `${String(p.user)}/${database}: ${num(p.cl_waiting)} waiting (longest ${num(p.maxwait)} s), no server connection yet`).join('; ');
  return `SHOW POOLS: ${list}. Those clients are not through: PgBouncer retries a pool whose logins to the old primary failed only after server_login_retry = ${typeof retry === 'string' || typeof retry === 'number' ? String(retry) : '?'} s (RELOAD does not clear it)`;
}
