import type { Result } from '../../../shared/result';
import type { NodeConnection } from './node-connection';
import { parseNodeReading, type NodeReading } from './node-reading';
import { SAMPLE_SQL } from './sample-query';

/** One round-trip: the sample statement, parsed. Never throws. */
export async function readNode(conn: NodeConnection, signal: AbortSignal): Promise<Result<NodeReading>> {
  const res = await conn.query<{ doc: string }>(SAMPLE_SQL, signal, 'replicadesk_sample');
  if (!res.ok) return res;
  return parseNodeReading(res.value[0]?.doc ?? null);
}

/** The identity of a running server: two node ids with the same key reach the same postmaster. */
export function serverKey(r: NodeReading): string {
  return `${r.systemId ?? '?'}|${r.startedAtMs ?? '?'}|${r.clusterName}|${r.versionNum}`;
}
