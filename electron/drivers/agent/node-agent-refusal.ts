import { fail, type Failure } from '../../../shared/result';
import type { AgentConnection } from './connection';

/** The code "Connect agent…" refuses a MariaDB error-log agent with (the form and tests match on it). */
export const MARIADB_LOG_AGENT = 'mariadb-log-agent';
/** The code "Connect agent…" refuses a PostgreSQL node agent with. */
export const POSTGRES_NODE_AGENT = 'postgres-node-agent';

/**
 * Agents that serve one node of a database cluster the app reads itself are no cluster of their own. An agent
 * cluster made of them shows what they report, not the database's state, and cannot act on it: a `mariadb`
 * agent only follows one server's error log (a node "up" while the server is stopped); a `postgres` agent only
 * does what needs its host (stop, start, pg_rewind, standby configuration), so a switchover of such a cluster
 * fails ("did not announce promote"). "Connect agent…" refuses them and says where they belong: under Node
 * agents of the cluster that has their node. Null for an agent that is a cluster's (sandbox) or not yet ready.
 */
export function nodeAgentRefusal(conn: Pick<AgentConnection, 'url' | 'status'>): Failure | null {
  const st = conn.status;
  if (st.kind !== 'ready') return null;
  const node = st.welcome.nodeId;
  if (st.welcome.engine === 'mariadb') {
    return fail(
      MARIADB_LOG_AGENT,
      `${conn.url} is a MariaDB error-log agent for node ${node}: it reads that server's error log, not the database, so it is not a cluster of its own. ` +
        `Add it to the MariaDB cluster that has ${node}, under Node agents (Add MariaDB… → Node agents: node ${node}, agent URL ${conn.url}, its token).`,
    );
  }
  if (st.welcome.engine === 'postgres') {
    // Started without --node-id, the agent names its node by its local login (127.0.0.1:5432): not the address
    // ReplicaDesk reaches the server at, which is what the form's row needs.
    const local = /^(127\.|\[::1\]:|localhost:)/i.test(node);
    const which = local ? `its server (the agent names it ${node}, by its local login)` : node;
    const row = local ? `node: that server's host:port as ReplicaDesk reaches it` : `node ${node}`;
    return fail(
      POSTGRES_NODE_AGENT,
      `${conn.url} is a PostgreSQL node agent for node ${node}: it stops and starts that server, runs pg_rewind and writes its standby configuration ` +
        `for a PostgreSQL cluster, so it is not a cluster of its own (ReplicaDesk reads the servers over SQL). ` +
        `Add it to the PostgreSQL cluster that has ${which}, under Node agents (+ Add cluster (PostgreSQL) → Node agents: ${row}, agent URL ${conn.url}, its token; ` +
        `a cluster already monitored without its agents: ✎ Edit connection… beside it in the sidebar → Node agents).`,
    );
  }
  return null;
}
