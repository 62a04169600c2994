import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPgCluster, type PgCluster, type PgClusterOptions } from './pg-cluster';
import { startPgbouncer, type PgbouncerOptions, type PgbouncerProcess } from './pgbouncer-process';

/** The database name clients use through the pooler. */
export const POOLED_DB = 'appdb';
export const APP_USER = 'app';

export interface PoolerRig {
  cluster: PgCluster;
  bouncer: PgbouncerProcess;
  appPassword: string;
  /** A client config for the pooled database, as the application logs in. */
  appConfig(): pg.ClientConfig;
  stop(): Promise<void>;
}

/**
 * The existing 3-node PG15 harness (primary, standby1, cascading standby2)
 * with PgBouncer in front of the primary: database `appdb` → primary's
 * `postgres`, login `app` (a plain role with a password, as an application has).
 */
export async function createPoolerRig(o: { cluster?: PgClusterOptions; bouncer?: Partial<Omit<PgbouncerOptions, 'databases' | 'users'>>; superuserInPooler?: boolean } = {}): Promise<PoolerRig> {
  const cluster = await createPgCluster({ standbys: 2, cascading: true, ...o.cluster, settings: { fsync: 'off', synchronous_commit: 'off', ...o.cluster?.settings } });
  const appPassword = `app-${randomBytes(6).toString('hex')}`;
  try {
    // The password is the harness's own hex: no quoting issue, and ALTER ROLE takes no bind parameters.
    await cluster.query('primary', `CREATE ROLE ${APP_USER} LOGIN PASSWORD '${appPassword}'`);
    await cluster.query('primary', `GRANT ALL ON SCHEMA public TO ${APP_USER}`);
    const primary = cluster.node('primary');
    const bouncer = await startPgbouncer({
      databases: [{ name: POOLED_DB, host: '127.0.0.1', port: primary.port, dbname: 'postgres' }],
      // The superuser too when asked: ReplicaDesk's login checks a write through the pooler.
      users: { [APP_USER]: appPassword, ...(o.superuserInPooler ? { postgres: cluster.superuserPassword } : {}) },
      ...o.bouncer,
    });
    return {
      cluster,
      bouncer,
      appPassword,
      appConfig: () => ({ host: '127.0.0.1', port: bouncer.port, user: APP_USER, password: appPassword, database: POOLED_DB }),
      async stop() {
        await bouncer.stop();
        await cluster.stop();
      },
    };
  } catch (e) {
    await cluster.stop();
    throw e;
  }
}
