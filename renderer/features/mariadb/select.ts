import type { EngineDetail } from '../../../shared/engines';
import type { EngineDetailState } from './detail-store';

export type MariadbDetail = Extract<EngineDetail, { engine: 'mariadb' }>;
export type MariadbNodeView = MariadbDetail['nodes'][string];

/** The cluster's MariaDB detail, or null (another engine, or no sample carried it yet). */
export function selectMariadbDetail(s: EngineDetailState, clusterId: string): MariadbDetail | null {
  const detail = s.byCluster[clusterId]?.detail;
  return detail?.engine === 'mariadb' ? detail : null;
}

export function selectTakenAt(s: EngineDetailState, clusterId: string): number | null {
  return s.byCluster[clusterId]?.takenAt ?? null;
}

/** Galera is shown when the cluster says so or any node reports wsrep state. */
export function hasGalera(detail: MariadbDetail): boolean {
  return detail.galera !== null || Object.values(detail.nodes).some((n) => n.galera !== null);
}
