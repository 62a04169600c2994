import type { GaleraCluster, GaleraNode } from '../../../shared/engines/galera';
import type { EngineDetail } from '../../../shared/engines';
import type { MariadbHeartbeat, MariadbNodeDetail } from '../../../shared/engines/mariadb';
import { formatGtid, type Gtid } from './gtid';
import type { HeartbeatLag } from './heartbeat-lag';
import { currentReading, knownReading, type ServerView } from './view';
import type { ServerReading } from './wire';

/**
 * Where Galera plugs in (helper `galera`, electron/drivers/mariadb/galera/**): its per-node wsrep state by node id
 * and the cluster view. Until it is wired, every node's `galera` and the cluster's are null.
 */
export interface GaleraDetail {
  nodes: ReadonlyMap<string, GaleraNode | null>;
  cluster: GaleraCluster | null;
}

/** What build-sample worked out per node beyond the reading: errant GTIDs, and the heartbeat lag of each of its links. */
export interface NodeFindings {
  errantGtids: readonly string[];
  heartbeatLags: readonly HeartbeatLag[];
}

const text = (g: readonly Gtid[] | undefined) => (g ?? []).map(formatGtid).join(',');

/** `ClusterSample.engineDetail` for MariaDB: per node GTID positions, semi-sync, heartbeat, errant GTIDs (+ Galera when plugged in). */
export function engineDetailOf(
  views: readonly ServerView[],
  findings: ReadonlyMap<string, NodeFindings>,
  heartbeatTable: string | null,
  galera: GaleraDetail | null = null,
): EngineDetail {
  const nodes: Record<string, MariadbNodeDetail & { galera: GaleraNode | null }> = {};
  for (const v of views) {
    const r = knownReading(v);
    const f = findings.get(v.address.id);
    nodes[v.address.id] = {
      serverId: r?.serverId ?? null,
      gtidBinlogPos: text(r?.gtidBinlogPos),
      gtidSlavePos: text(r?.gtidSlavePos),
      gtidCurrentPos: text(r?.gtidCurrentPos),
      logBin: r?.logBin ?? null,
      logSlaveUpdates: r?.logSlaveUpdates ?? null,
      gtidStrictMode: r?.gtidStrictMode ?? null,
      errantGtids: [...(f?.errantGtids ?? [])],
      semiSync: currentReading(v)?.semiSync ?? null,
      heartbeat: heartbeatTable === null ? null : heartbeatDetail(currentReading(v), f?.heartbeatLags ?? []),
      galera: galera?.nodes.get(v.address.id) ?? null,
    };
  }
  return { engine: 'mariadb', nodes, galera: galera?.cluster ?? null };
}

/** The node's heartbeat: its worst measured link lag, its own row when it writes one, or why there is no figure. */
export function heartbeatDetail(now: ServerReading | null, lags: readonly HeartbeatLag[]): MariadbHeartbeat {
  const measured = lags.flatMap((l) => (l.kind === 'measured' ? [l] : []));
  const worst = measured.reduce<(typeof measured)[number] | null>((a, b) => (a === null || b.ms > a.ms ? b : a), null);
  const own = now?.heartbeat?.rows.find((row) => row.serverId === now.serverId);
  const why = lags.find((l) => l.kind === 'unavailable');
  const readError = now?.heartbeat?.error ? `cannot read the heartbeat table: ${now.heartbeat.error.message}` : null;
  const writeError = now?.heartbeatWrite && now.heartbeatWrite.errno !== 0 ? `cannot write the heartbeat row: ${now.heartbeatWrite.message}` : null;
  return {
    lagMs: worst?.ms ?? null,
    sourceServerId: worst?.serverId ?? null,
    measuredAt: now?.at ?? null,
    writtenAt: own ? Math.round(own.writtenAt) : null,
    note: writeError ?? readError ?? (worst === null && why?.kind === 'unavailable' ? why.why : null) ?? (now ? null : 'not read this round'),
  };
}
