import { PostgresBackend } from '../../agent/postgres/backend';
import { LocalPostgresHost } from '../../agent/postgres/local-host';
import { startAgentServer, type AgentServer } from '../../agent/server';
import { createLogger } from '../../electron/core/logger';
import { parseLogin } from '../../agent/postgres/local-sql';
import { PostgresSpecSchema, type PostgresAgent } from '../../shared/model/cluster';
import { isRoot, PG_OS_USER, pgBinDir } from './pg-binaries';
import type { PgCluster } from './pg-cluster';
import { connectActionDriver, type ActionTestDriver } from './pg-actions';
import { childPids, isAlive, readPostmasterPid, signal, waitForExit } from './pg-process';

export interface PgAgents {
  /** As a postgres spec names them. */
  agents: PostgresAgent[];
  backends: PostgresBackend[];
  servers: AgentServer[];
  /** kill -9 of a node's postmaster and children, by postmaster.pid (the agent may have restarted it). */
  kill9(name: string): Promise<void>;
  /** Stops the agents, then every postmaster they started (SIGQUIT by postmaster.pid). */
  stop(): Promise<void>;
}

/**
 * One in-process `postgres` agent per node of a test cluster, as
 * `replicadesk-agent --backend postgres` runs on each host. pg_rewind logs in
 * over TCP with the superuser's password, as the CLI does with --pg-conn.
 */
export async function startPgAgents(cluster: PgCluster, token: string): Promise<PgAgents> {
  const binDir = pgBinDir();
  if (!binDir) throw new Error('pg_config not found: install PostgreSQL 15 (apt-get install -y postgresql-15)');
  const backends = cluster.nodes.map((n) => {
    const login = parseLogin(n.connectionString);
    if (!login.ok) throw new Error(login.reason);
    const host = new LocalPostgresHost({
      dataDir: n.dataDir,
      binDir,
      runAs: isRoot ? PG_OS_USER : null,
      logFile: n.logFile,
      replicationUser: 'postgres',
      rewindConninfo: 'user=postgres dbname=postgres',
      rewindPassword: cluster.superuserPassword,
    });
    return new PostgresBackend({ login: login.value, host });
  });
  const servers = await Promise.all(backends.map((backend) => startAgentServer({ backend, token, log: createLogger('test/pg-agent') })));
  const byName = (name: string) => cluster.node(name);
  const reapByPidFile = async (dataDir: string, sig: NodeJS.Signals) => {
    const pid = readPostmasterPid(dataDir);
    if (!pid || !isAlive(pid)) return;
    const children = childPids(pid);
    signal(pid, sig);
    if (sig === 'SIGKILL') children.forEach((c) => signal(c, 'SIGKILL'));
    await waitForExit([pid, ...children], 10_000);
  };
  return {
    agents: cluster.nodes.map((n, i) => ({ nodeAddress: `127.0.0.1:${n.port}`, url: servers[i]?.url ?? '', token })),
    backends,
    servers,
    kill9: (name) => reapByPidFile(byName(name).dataDir, 'SIGKILL'),
    async stop() {
      await Promise.allSettled(servers.map((s) => s.close()));
      await Promise.allSettled(backends.map((b) => b.dispose()));
      await Promise.all(cluster.nodes.map((n) => reapByPidFile(n.dataDir, 'SIGQUIT')));
    },
  };
}

/** The same wrapper as the SQL failover tests; its host control goes over the agents. */
export type AgentActionDriver = ActionTestDriver;

/**
 * A postgres driver as the app builds it from a spec that names an agent per
 * node: its HostControl goes over the agent protocol. Every node is a seed.
 */
export async function agentActionDriver(cluster: PgCluster, agents: PostgresAgent[]): Promise<AgentActionDriver> {
  const spec = PostgresSpecSchema.parse({
    engine: 'postgres',
    name: 'agent-failover',
    seeds: cluster.nodes.map((n) => n.connectionString),
    discoveryPorts: cluster.nodes.map((n) => n.port),
    timeouts: { connectTimeoutMs: 2_000, queryTimeoutMs: 5_000 },
    agents,
  });
  return connectActionDriver(spec);
}

export async function waitForAgentControl(d: AgentActionDriver, nodeId: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const s = await d.sample();
    const rejoin = d.driver.availableActions(s).find((a) => a.nodeId === nodeId)?.actions.find((a) => a.kind === 'rejoin');
    if (rejoin && rejoin.why !== 'needs the agent on that host') return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the agent of ${nodeId} did not connect within ${timeoutMs} ms`);
}
