type Row = Record<string, unknown>;

/** One Galera node's wsrep status and the few wsrep variables ReplicaDesk shows, as read in one statement. */
export interface GaleraReading {
  clusterName: string;
  nodeName: string;
  /** @@wsrep_desync: set by an admin (or a backup tool) so the node leaves flow control. */
  desync: boolean;
  /** @@wsrep_log_conflicts: each certification conflict (with the victim's query) goes to the error log. */
  logConflicts: boolean;
  /** wsrep_cluster_status: Primary, non-Primary or Disconnected. */
  clusterStatus: string;
  /** wsrep_local_state_comment: Synced, Donor/Desynced, Joining, Joined, Initialized, … */
  localState: string;
  /** wsrep_ready: the node accepts queries. */
  ready: boolean;
  connected: boolean;
  clusterSize: number;
  clusterStateUuid: string;
  /** wsrep_cluster_conf_id: the view number (same on every member of one component). */
  confId: number | null;
  /** wsrep_gcomm_uuid: this node process in the group (changes at restart). */
  nodeUuid: string;
  /** wsrep_incoming_addresses: every member's client address, `host:port`, in this node's component. */
  incomingAddresses: string[];
  /** wsrep_flow_control_paused_ns: cumulative; a rate between two readings is the fraction of time paused. */
  flowControlPausedNs: number | null;
  /** wsrep_flow_control_paused: fraction paused since the last FLUSH STATUS (the fallback for the first reading). */
  flowControlPaused: number | null;
  recvQueue: number;
  sendQueue: number;
  /** Counters since start: wsrep_local_cert_failures and wsrep_local_bf_aborts. */
  certFailures: number | null;
  bfAborts: number | null;
  lastCommitted: number | null;
}

const VARIABLES = ['WSREP_ON', 'WSREP_CLUSTER_NAME', 'WSREP_NODE_NAME', 'WSREP_DESYNC', 'WSREP_LOG_CONFLICTS'];

/**
 * `SHOW GLOBAL STATUS LIKE 'wsrep%'` and five wsrep variables as one statement (rows of source, name, value).
 * From information_schema so a server built without wsrep answers with no rows instead of an unknown variable.
 * Needs no privilege.
 */
export const GALERA_SQL = `SELECT 'status' AS source, VARIABLE_NAME AS name, VARIABLE_VALUE AS value FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME LIKE 'WSREP%'
  UNION ALL SELECT 'variable', VARIABLE_NAME, VARIABLE_VALUE FROM information_schema.GLOBAL_VARIABLES WHERE VARIABLE_NAME IN (${VARIABLES.map((v) => `'${v}'`).join(', ')})`;

/** The Galera state in the rows of GALERA_SQL, or null when wsrep is off (a plain MariaDB server). */
export function parseGalera(rows: readonly Row[]): GaleraReading | null {
  const status = new Map<string, string>();
  const variables = new Map<string, string>();
  for (const r of rows) {
    const name = String(r.name ?? '').toLowerCase();
    (String(r.source) === 'variable' ? variables : status).set(name, r.value === null || r.value === undefined ? '' : String(r.value));
  }
  if (!isOn(variables.get('wsrep_on')) || !status.has('wsrep_cluster_status')) return null;
  const s = (name: string) => status.get(name) ?? '';
  return {
    clusterName: variables.get('wsrep_cluster_name') ?? '',
    nodeName: variables.get('wsrep_node_name') ?? '',
    desync: isOn(variables.get('wsrep_desync')),
    logConflicts: isOn(variables.get('wsrep_log_conflicts')),
    clusterStatus: s('wsrep_cluster_status'),
    localState: s('wsrep_local_state_comment'),
    ready: isOn(s('wsrep_ready')),
    connected: isOn(s('wsrep_connected')),
    clusterSize: num(s('wsrep_cluster_size')) ?? 0,
    clusterStateUuid: s('wsrep_cluster_state_uuid'),
    confId: num(s('wsrep_cluster_conf_id')),
    nodeUuid: s('wsrep_gcomm_uuid'),
    incomingAddresses: parseIncomingAddresses(s('wsrep_incoming_addresses')),
    flowControlPausedNs: num(s('wsrep_flow_control_paused_ns')),
    flowControlPaused: num(s('wsrep_flow_control_paused')),
    recvQueue: num(s('wsrep_local_recv_queue')) ?? 0,
    sendQueue: num(s('wsrep_local_send_queue')) ?? 0,
    certFailures: num(s('wsrep_local_cert_failures')),
    bfAborts: num(s('wsrep_local_bf_aborts')),
    lastCommitted: num(s('wsrep_last_committed')),
  };
}

/** `127.0.0.1:3306,127.0.0.1:3307` → both; `AUTO` and empty entries (a node without an incoming address) are left out. */
export function parseIncomingAddresses(text: string): string[] {
  return text
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '' && a.toUpperCase() !== 'AUTO');
}

const isOn = (x: string | undefined): boolean => x !== undefined && ['ON', '1', 'TRUE', 'YES'].includes(x.trim().toUpperCase());

function num(x: string): number | null {
  if (x.trim() === '') return null;
  const n = Number(x);
  return Number.isFinite(n) ? n : null;
}
