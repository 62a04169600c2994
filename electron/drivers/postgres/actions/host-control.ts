import type { Result } from '../../../../shared/result';

/** Where a standby should stream from. */
export interface Endpoint {
  host: string;
  port: number;
}

/**
 * What only the host of a node can do: stop and start the server, rewind it,
 * and write its standby configuration. In production this is the node agent's
 * job (the `postgres` agent backend); the integration tests provide one that
 * runs pg_ctl, pg_controldata and pg_rewind as the postgres OS user.
 * Every method is idempotent: stopping a stopped server succeeds.
 */
export interface HostControl {
  /** Whether this node's host can be controlled (an agent runs there). */
  controls(nodeId: string): boolean;
  /** `pg_ctl stop -m fast`: standbys receive the shutdown checkpoint before it exits. */
  stop(nodeId: string, signal: AbortSignal): Promise<Result<string>>;
  start(nodeId: string, signal: AbortSignal): Promise<Result<string>>;
  /** "Latest checkpoint location" from pg_controldata of a stopped server. */
  shutdownCheckpointLsn(nodeId: string, signal: AbortSignal): Promise<Result<string>>;
  /** `pg_rewind --source-server` against `source` (says "no rewind required" when not diverged). */
  rewind(nodeId: string, source: Endpoint, signal: AbortSignal): Promise<Result<string>>;
  /** `standby.signal`, and `primary_conninfo` pointing at `upstream`, keeping the node's own port and name. */
  writeStandbyConfig(nodeId: string, upstream: Endpoint, signal: AbortSignal): Promise<Result<string>>;
}

/** The agent commands a plan shows for host steps (the dry run). */
export const HOST_COMMANDS = {
  stop: 'agent: pg_ctl stop -m fast -w -D $PGDATA',
  start: 'agent: pg_ctl start -w -D $PGDATA',
  checkpoint: 'agent: pg_controldata $PGDATA | grep "Latest checkpoint location"',
  rewind: (src: Endpoint) => `agent: pg_rewind -D $PGDATA --source-server='host=${src.host} port=${src.port} dbname=postgres'`,
  standbyConfig: (up: Endpoint) =>
    `agent: touch $PGDATA/standby.signal; rewrite postgresql.auto.conf (keep port, cluster_name) with primary_conninfo='host=${up.host} port=${up.port} …'`,
} as const;
