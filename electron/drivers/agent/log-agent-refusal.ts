import { fail, type Failure } from '../../../shared/result';
import type { AgentConnection } from './connection';

/** The code "Connect agent…" refuses a MariaDB error-log agent with (the form and tests match on it). */
export const MARIADB_LOG_AGENT = 'mariadb-log-agent';

/**
 * A `mariadb` agent only follows one server's error log: it is no cluster, and what it reports is not the
 * database's state. An agent cluster made of it would show a node that is "up" while the server is stopped, so
 * "Connect agent…" refuses it and says where it belongs: under Node agents of the MariaDB cluster that has its node.
 */
export function logAgentRefusal(conn: Pick<AgentConnection, 'url' | 'status'>): Failure | null {
  const st = conn.status;
  if (st.kind !== 'ready' || st.welcome.engine !== 'mariadb') return null;
  const node = st.welcome.nodeId;
  return fail(
    MARIADB_LOG_AGENT,
    `${conn.url} is a MariaDB error-log agent for node ${node}: it reads that server's error log, not the database, so it is not a cluster of its own. ` +
      `Add it to the MariaDB cluster that has ${node}, under Node agents (Add MariaDB… → Node agents: node ${node}, agent URL ${conn.url}, its token).`,
  );
}
