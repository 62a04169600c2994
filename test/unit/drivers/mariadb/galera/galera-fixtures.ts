import type { GaleraReading } from '../../../../../electron/drivers/mariadb/galera/galera-reading';
import { addressOf } from '../../../../../electron/drivers/mariadb/server-address';
import type { ServerView } from '../../../../../electron/drivers/mariadb/view';
import { AT, reading } from '../fixtures';

export const PORTS = [3301, 3302, 3303] as const;
export const idOf = (port: number) => `127.0.0.1:${port}`;

export function galera(port: number, over: Partial<GaleraReading> = {}): GaleraReading {
  return {
    clusterName: 'prod',
    nodeName: `g${port - 3300}`,
    desync: false,
    logConflicts: false,
    clusterStatus: 'Primary',
    localState: 'Synced',
    ready: true,
    connected: true,
    clusterSize: 3,
    clusterStateUuid: 'c1a5e000-0000-0000-0000-000000000001',
    confId: 3,
    nodeUuid: `uuid-${port}`,
    incomingAddresses: PORTS.map(idOf),
    flowControlPausedNs: 0,
    flowControlPaused: 0,
    recvQueue: 0,
    sendQueue: 0,
    certFailures: 0,
    bfAborts: 0,
    lastCommitted: 100,
    ...over,
  };
}

/** A Galera node read this round (`g` null: could not be read, last reading kept). */
export function galeraView(port: number, g: GaleraReading | null, last: GaleraReading | null = null): ServerView {
  const address = addressOf('127.0.0.1', port);
  // Galera nodes commonly share @@server_id.
  if (g) {
    const r = reading(port, { serverId: 1, galera: g });
    return { address, reading: { kind: 'read', value: r }, last: r };
  }
  return {
    address,
    reading: { kind: 'failed', failure: { ok: false, code: 'timeout', reason: 'timed out after 1000 ms' }, since: AT - 5_000 },
    last: last ? reading(port, { serverId: 1, galera: last }) : null,
  };
}
