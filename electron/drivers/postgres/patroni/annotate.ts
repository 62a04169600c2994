import type { ClusterSample } from '../../../../shared/model/sample';
import { nodeIdOf } from '../conn-string';
import type { LeaderKey } from './dcs';
import type { PatroniView } from './probe';
import { isLeaderRole, type PatroniMember } from './schemas';

/** The node id (`host:port`) a Patroni member runs on, as the postgres driver names nodes. */
export function memberNodeId(m: PatroniMember): string | null {
  return m.host && m.port ? nodeIdOf(m.host, m.port) : null;
}

export interface PatroniReading {
  view: PatroniView | null;
  /** Why Patroni could not be read this time (while known to manage the cluster). */
  error: string | null;
  /** The leader key from the DCS, when its endpoints are configured. */
  leaderKey: LeaderKey | null;
  leaderKeyError: string | null;
}

/** Says on the sample that the cluster is Patroni-managed, who holds the leader key, and each member's Patroni state. */
export function annotateSample(sample: ClusterSample, r: PatroniReading): void {
  const v = r.view;
  if (!v) return;
  const via = `via ${v.url}`;
  sample.warnings.push(
    `Patroni-managed (scope ${v.scope}, Patroni ${v.version}, ${via}): switchover and failover go through Patroni's REST API; the SQL promote path is not offered.`,
  );
  if (r.error) sample.warnings.push(`Patroni's REST API does not answer: ${r.error}. Switchover and failover wait for it (showing the last reading).`);
  if (v.cluster.pause) sample.warnings.push('Patroni is paused (maintenance mode): it will not fail over automatically.');
  sample.warnings.push(leaderLine(v, r));

  for (const m of v.cluster.members) {
    const id = memberNodeId(m);
    const node = id ? sample.nodes.find((n) => n.id === id) : undefined;
    const line = memberLine(m);
    if (node) node.notes = [...(node.notes ?? []), line];
    else sample.warnings.push(`${line} (${id ?? 'no host/port'}) is not among the nodes read`);
  }
}

function leaderLine(v: PatroniView, r: PatroniReading): string {
  const restLeader = v.cluster.members.find((m) => isLeaderRole(m.role))?.name ?? null;
  const ttl = v.config?.ttl;
  const cfg = `ttl ${ttl ?? '?'} s, loop_wait ${v.config?.loop_wait ?? '?'} s, retry_timeout ${v.config?.retry_timeout ?? '?'} s`;
  const k = r.leaderKey;
  if (k) {
    const lease = k.ttlSeconds === null ? 'no lease' : `lease ${k.ttlSeconds} s left of ${k.grantedTtlSeconds ?? ttl ?? '?'} s`;
    const holder = k.holder ? `held by ${k.holder}, ${lease}` : 'held by no one: Patroni is electing a leader';
    return `DCS leader key ${k.key} (etcd ${k.endpoint}): ${holder}; ${cfg}.`;
  }
  const dcsWhy = r.leaderKeyError ? `the DCS did not answer: ${r.leaderKeyError}` : 'name the etcd endpoints (patroniDcs) to read the key and its lease';
  return `Patroni leader key: ${restLeader ? `held by ${restLeader}` : 'held by no one'} (from ${v.url}/cluster; ${cfg}; ${dcsWhy}).`;
}

function memberLine(m: PatroniMember): string {
  const parts = [`Patroni member ${m.name}: ${m.role}, ${m.state}`];
  if (m.timeline !== undefined) parts.push(`timeline ${m.timeline}`);
  if (m.lag !== undefined && !isLeaderRole(m.role)) parts.push(`lag ${m.lag}${typeof m.lag === 'number' ? ' bytes' : ''}`);
  if (m.tags?.nofailover) parts.push('tag nofailover');
  return parts.join(', ');
}
