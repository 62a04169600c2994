import type { EngineDetail } from '../../shared/engines';
import type { ClusterSample } from '../../shared/model/sample';

type MariadbDetail = Extract<EngineDetail, { engine: 'mariadb' }>;

/** The MariaDB/Galera engine detail of a sample; throws when it is missing (a Galera sample always has it). */
export function galeraOf(s: ClusterSample): MariadbDetail {
  const d = s.engineDetail;
  if (!d || d.engine !== 'mariadb') throw new Error(`no MariaDB engine detail in the sample: ${JSON.stringify(s.warnings)}`);
  return d;
}

export const nodeById = (s: ClusterSample, id: string) => s.nodes.find((n) => n.id === id);
