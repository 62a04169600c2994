import type { PgCluster } from './pg-cluster';
import { waitUntil } from './pg-query';

export interface MonitorRole {
  user: string;
  password: string;
  /** TCP connection string for `node` as this role. */
  connectionString(node: string): string;
}

/**
 * A least-privilege login in `pg_monitor`, created on the primary and waited for
 * on every standby (roles replicate), so call it while all nodes run. Needs a
 * cluster with password auth.
 */
export async function createMonitorRole(
  cluster: PgCluster,
  opts: { user?: string; password?: string } = {},
): Promise<MonitorRole> {
  const user = opts.user ?? 'monitor';
  const password = opts.password ?? `mon-${Math.random().toString(36).slice(2, 10)}`;
  if (!/^[a-z_][a-z0-9_]*$/.test(user)) throw new Error(`role name ${user} must be a plain identifier`);
  await cluster.query('primary', `CREATE ROLE ${user} LOGIN PASSWORD '${password.replaceAll("'", "''")}' IN ROLE pg_monitor`);
  for (const node of cluster.nodes) {
    if (node.name === 'primary') continue;
    await waitUntil(
      async () => (await cluster.query(node.name, 'SELECT 1 FROM pg_roles WHERE rolname = $1', [user])).length > 0,
      `role ${user} to replicate to ${node.name}`,
      15_000,
    );
  }
  return { user, password, connectionString: (node) => cluster.connectionString(node, { user, password }) };
}
