import { EngineDetailSchema, type EngineDetail } from '../../../shared/engines';
import type { GaleraNode } from '../../../shared/engines/galera';
import type { MariadbNodeDetail } from '../../../shared/engines/mariadb';
import type { ClusterSample } from '../../../shared/model/sample';
import { useEngineDetail } from '../../../renderer/features/mariadb/detail-store';
import { node, sample } from './fixtures';

export const P = '127.0.0.1:33061';
export const R1 = '127.0.0.1:33062';
export const R2 = '127.0.0.1:33063';

export function mdbNode(over: Partial<MariadbNodeDetail & { galera: GaleraNode | null }> = {}): MariadbNodeDetail & { galera: GaleraNode | null } {
  return {
    serverId: 1,
    gtidBinlogPos: '0-1-42',
    gtidSlavePos: '',
    gtidCurrentPos: '0-1-42',
    logBin: true,
    logSlaveUpdates: true,
    gtidStrictMode: true,
    errantGtids: [],
    semiSync: { master: { enabled: false, active: false, clients: 0, timeoutMs: 10_000 }, slave: { enabled: false, active: false } },
    heartbeat: null,
    galera: null,
    ...over,
  };
}

export function galeraNode(over: Partial<GaleraNode> = {}): GaleraNode {
  return {
    nodeName: 'g1',
    clusterName: 'rd-galera',
    clusterStatus: 'Primary',
    localState: 'Synced',
    ready: true,
    clusterSize: 3,
    clusterStateUuid: 'b5a2c0de-0000-11ee-8000-000000000001',
    members: [P, R1, R2],
    flowControlPaused: 0,
    recvQueue: 0,
    sendQueue: 0,
    certFailuresPerS: 0,
    bfAbortsPerS: 0,
    certFailures: 0,
    bfAborts: 0,
    logConflicts: false,
    lastCommitted: 1234,
    desynced: false,
    ...over,
  };
}

/** Checked against the contract's schema, so a fixture cannot drift from what the driver may send. */
export function detail(d: EngineDetail): EngineDetail {
  return EngineDetailSchema.parse(d);
}

/** A MariaDB sample: three nodes named db1..db3, the given engine detail. */
export function mdbSample(clusterId: string, takenAt: number, engineDetail: EngineDetail | null): ClusterSample {
  const nodes = [node(P, { name: 'db1', address: P, role: 'primary' }), node(R1, { name: 'db2', address: R1 }), node(R2, { name: 'db3', address: R2 })];
  return { ...sample(clusterId, takenAt, nodes), engineDetail };
}

export function resetEngineDetail(): void {
  useEngineDetail.setState({ byCluster: {} }, true);
}
