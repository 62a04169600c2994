import { describe, expect, it } from 'vitest';
import { parseGalera, parseIncomingAddresses } from '../../../../../electron/drivers/mariadb/galera/galera-reading';

const status = (name: string, value: string | null) => ({ source: 'status', name: name.toUpperCase(), value });
const variable = (name: string, value: string) => ({ source: 'variable', name: name.toUpperCase(), value });

const NODE = [
  variable('wsrep_on', 'ON'),
  variable('wsrep_cluster_name', 'prod'),
  variable('wsrep_node_name', 'g1'),
  variable('wsrep_desync', 'OFF'),
  variable('wsrep_log_conflicts', 'ON'),
  status('wsrep_cluster_status', 'Primary'),
  status('wsrep_local_state_comment', 'Synced'),
  status('wsrep_ready', 'ON'),
  status('wsrep_connected', 'ON'),
  status('wsrep_cluster_size', '3'),
  status('wsrep_cluster_state_uuid', 'c1a5e000-0000-0000-0000-000000000001'),
  status('wsrep_cluster_conf_id', '7'),
  status('wsrep_gcomm_uuid', 'ba740c72-f22d-11f1-bb6c-8e8530306396'),
  status('wsrep_incoming_addresses', '127.0.0.1:3301,127.0.0.1:3302,AUTO,'),
  status('wsrep_flow_control_paused_ns', '1500000'),
  status('wsrep_flow_control_paused', '0.25'),
  status('wsrep_local_recv_queue', '4'),
  status('wsrep_local_send_queue', '1'),
  status('wsrep_local_cert_failures', '12'),
  status('wsrep_local_bf_aborts', '3'),
  status('wsrep_last_committed', '123456789012'),
];

describe('parseGalera', () => {
  it('maps the wsrep status and variables', () => {
    expect(parseGalera(NODE)).toEqual({
      clusterName: 'prod',
      nodeName: 'g1',
      desync: false,
      logConflicts: true,
      clusterStatus: 'Primary',
      localState: 'Synced',
      ready: true,
      connected: true,
      clusterSize: 3,
      clusterStateUuid: 'c1a5e000-0000-0000-0000-000000000001',
      confId: 7,
      nodeUuid: 'ba740c72-f22d-11f1-bb6c-8e8530306396',
      incomingAddresses: ['127.0.0.1:3301', '127.0.0.1:3302'],
      flowControlPausedNs: 1_500_000,
      flowControlPaused: 0.25,
      recvQueue: 4,
      sendQueue: 1,
      certFailures: 12,
      bfAborts: 3,
      lastCommitted: 123456789012,
    });
  });

  it('is null for a plain MariaDB server (wsrep_on OFF, or a build without wsrep)', () => {
    expect(parseGalera(NODE.map((r) => (r.name === 'WSREP_ON' ? variable('wsrep_on', 'OFF') : r)))).toBeNull();
    expect(parseGalera([])).toBeNull();
    expect(parseGalera([variable('wsrep_on', 'ON')])).toBeNull();
  });

  it('keeps unreadable figures null or 0, never invented', () => {
    const g = parseGalera([variable('wsrep_on', '1'), status('wsrep_cluster_status', 'non-Primary'), status('wsrep_local_cert_failures', ''), status('wsrep_last_committed', null)]);
    expect(g).toMatchObject({ clusterStatus: 'non-Primary', certFailures: null, lastCommitted: null, clusterSize: 0, recvQueue: 0, incomingAddresses: [] });
  });

  it('splits wsrep_incoming_addresses, leaving out AUTO and empty entries', () => {
    expect(parseIncomingAddresses(' 10.0.0.1:3306 , AUTO,,[::1]:3306')).toEqual(['10.0.0.1:3306', '[::1]:3306']);
    expect(parseIncomingAddresses('')).toEqual([]);
  });
});
