import type { GaleraNode } from '../../../../shared/engines/galera';
import type { GaleraRates } from './galera-rates';
import type { GaleraReading } from './galera-reading';

export const NON_PRIMARY_REASON = "non-Primary: this node's component lost quorum; it refuses queries";

/** Why a Galera node is not fully serving, in words a DBA can act on; null when it is Primary and Synced. */
export function galeraProblem(g: GaleraReading): string | null {
  if (g.clusterStatus === 'Disconnected') return 'Disconnected: not connected to its Galera group; it refuses queries';
  if (g.clusterStatus !== 'Primary') return NON_PRIMARY_REASON;
  switch (g.localState) {
    case 'Synced':
      return g.desync ? 'wsrep_desync=ON: it stays out of flow control and may fall behind' : null;
    case 'Donor/Desynced':
      return g.desync
        ? 'Donor/Desynced: wsrep_desync=ON (an admin or a backup tool): it stays out of flow control and may fall behind'
        : 'Donor/Desynced: sending a state transfer (SST) to a joining node';
    case 'Joining':
    case 'Joiner':
      return `${g.localState}: receiving a state transfer; it refuses queries until Synced`;
    case 'Joined':
      return 'Joined: applying what it missed; Synced once caught up';
    default:
      return `${g.localState || 'unknown state'}: not Synced`;
  }
}

/** The panel's view of one node from this round's reading and its rates. */
export function galeraNodeOf(g: GaleraReading, rates: GaleraRates | null): GaleraNode {
  return {
    nodeName: g.nodeName,
    clusterName: g.clusterName,
    clusterStatus: g.clusterStatus,
    localState: g.localState,
    ready: g.ready,
    clusterSize: g.clusterSize,
    clusterStateUuid: g.clusterStateUuid,
    members: g.incomingAddresses,
    flowControlPaused: rates?.flowControlPaused ?? Math.max(0, Math.min(1, g.flowControlPaused ?? 0)),
    recvQueue: Math.max(0, g.recvQueue),
    sendQueue: Math.max(0, g.sendQueue),
    certFailuresPerS: rates?.certFailuresPerS ?? null,
    bfAbortsPerS: rates?.bfAbortsPerS ?? null,
    certFailures: g.certFailures,
    bfAborts: g.bfAborts,
    lastCommitted: g.lastCommitted,
    desynced: g.desync,
    logConflicts: g.logConflicts,
  };
}
