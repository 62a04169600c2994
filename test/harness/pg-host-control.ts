import { LocalPostgresHost } from '../../agent/postgres/local-host';
import type { Endpoint, HostControl } from '../../electron/drivers/postgres';
import { fail, ok, type Result } from '../../shared/result';
import { isRoot, PG_OS_USER, pgBinDir } from './pg-binaries';
import type { PgCluster, PgNodeInfo } from './pg-cluster';
import { socketQuery } from './pg-query';

/**
 * The host half of actions for a test cluster, as the node agent's postgres
 * backend does it in production: control file, pg_rewind and the standby
 * configuration go through the agent's LocalPostgresHost; stop and start go
 * through the harness, which tracks every server's PID for teardown.
 * `calls` records what ran, for assertions.
 */
export interface TestHostControl extends HostControl {
  readonly calls: string[];
}

export function harnessHostControl(cluster: PgCluster): TestHostControl {
  const calls: string[] = [];
  const binDir = pgBinDir();
  if (!binDir) throw new Error('pg_config not found: install PostgreSQL 15 (apt-get install -y postgresql-15)');
  const hosts = new Map(
    cluster.nodes.map((n) => [
      `127.0.0.1:${n.port}`,
      {
        info: n,
        local: new LocalPostgresHost({
          dataDir: n.dataDir,
          binDir,
          runAs: isRoot ? PG_OS_USER : null,
          logFile: n.logFile,
          replicationUser: 'postgres',
          rewindConninfo: 'user=postgres dbname=postgres',
        }),
      },
    ]),
  );
  const on = async (op: string, id: string, f: (n: PgNodeInfo, local: LocalPostgresHost) => Promise<Result<string>>): Promise<Result<string>> => {
    const h = hosts.get(id);
    if (!h) return fail('needs-agent', `no agent on the host of ${id}`);
    calls.push(`${op} ${h.info.name}`);
    try {
      return await f(h.info, h.local);
    } catch (e) {
      return fail('host-command-failed', `${op} on ${h.info.name}: ${(e as Error).message}`);
    }
  };
  const running = (n: PgNodeInfo) => socketQuery(cluster.root, n.port, 'SELECT 1').then(() => true, () => false);
  return {
    calls,
    controls: (id) => hosts.has(id),
    stop: (id) =>
      on('stop', id, async (n) => {
        await cluster.stopNode(n.name);
        return ok(`${n.name} stopped (fast)`);
      }),
    start: (id) =>
      on('start', id, async (n) => {
        if (await running(n)) return ok(`${n.name} was already running`);
        await cluster.startNode(n.name);
        return ok(`${n.name} started`);
      }),
    shutdownCheckpointLsn: (id, signal) => on('controldata', id, (_n, local) => local.shutdownCheckpointLsn(signal)),
    // The harness reaches the source over its Unix socket (trusted), by port.
    rewind: (id, source: Endpoint, signal) => on('rewind', id, (_n, local) => local.rewind({ host: cluster.root, port: source.port }, signal)),
    writeStandbyConfig: (id, upstream: Endpoint) => on('standby-config', id, (_n, local) => local.writeStandbyConfig(upstream)),
  };
}
