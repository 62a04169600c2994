import type { EngineDetail } from '../../../../shared/engines';
import { formatGtid, type Gtid } from '../gtid';
import { knownReading, type ServerView } from '../view';
import type { GaleraSample } from './galera-sample';

const gtidText = (g: readonly Gtid[]) => g.map(formatGtid).join(',');

/**
 * The sample's engine detail when some node is a Galera node: the MariaDB part of each node from its
 * reading (no semi-sync or heartbeat figures here; errant GTIDs are not checked between Galera peers)
 * and the Galera part. Null when no node is a Galera node.
 */
export function galeraEngineDetail(views: readonly ServerView[], galera: GaleraSample): EngineDetail | null {
  if (!galera.cluster) return null;
  const nodes: Extract<EngineDetail, { engine: 'mariadb' }>['nodes'] = {};
  for (const v of views) {
    const r = knownReading(v);
    nodes[v.address.id] = {
      serverId: r?.serverId ?? null,
      gtidBinlogPos: r ? gtidText(r.gtidBinlogPos) : '',
      gtidSlavePos: r ? gtidText(r.gtidSlavePos) : '',
      gtidCurrentPos: r ? gtidText(r.gtidCurrentPos) : '',
      logBin: r?.logBin ?? null,
      logSlaveUpdates: r?.logSlaveUpdates ?? null,
      gtidStrictMode: r?.gtidStrictMode ?? null,
      errantGtids: [],
      semiSync: null,
      heartbeat: null,
      galera: galera.nodes.get(v.address.id) ?? null,
    };
  }
  return { engine: 'mariadb', nodes, galera: galera.cluster };
}
