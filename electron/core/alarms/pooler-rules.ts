import type { ClusterNode } from '../../../shared/model/node';
import type { PoolerReading } from '../../../shared/model/pooler';
import type { Observation } from './alarm-book';
import { RUNBOOKS } from './runbooks';

/**
 * How long a pooler may sit paused before it is an alarm. A switchover's own
 * PAUSE lasts well under a second and gives up after its PAUSE timeout
 * (2 s by default); a pause that outlasts this was left behind, by an app
 * that stopped mid-switchover or by hand, and every pooled client waits.
 */
export const POOLER_PAUSED_HOLD_MS = 10_000;
/** A pooler that misses one read is not yet an alarm (a RELOAD, a busy console). */
export const POOLER_UNREACHABLE_HOLD_MS = 5_000;
/** A switchover or failover re-points its poolers within a second or two of the promote: longer is left behind. */
export const POOLER_MISROUTED_HOLD_MS = 5_000;

/** What the misroute rule needs from the sample: the nodes, which of them take writes, and their names. */
export interface RouteView {
  nodes: readonly ClusterNode[];
  acceptsWrites(n: ClusterNode): boolean;
  name(nodeId: string): string;
}

/**
 * A database that carried writes (it routed to the writable primary while we
 * watched) now routes to a node that refuses them, while another node takes
 * writes: the pooler was left behind by a switchover or failover, and every
 * pooled write fails. A read-only route to a standby never carried writes.
 */
export function misrouteObservations(p: PoolerReading, v: RouteView): Observation[] {
  if (p.status !== 'ok') return [];
  const writer = v.nodes.find((n) => v.acceptsWrites(n)) ?? null;
  return p.databases
    .filter((db) => db.writeRoute && db.targetNodeId !== null)
    .map((db) => {
      const target = v.nodes.find((n) => n.id === db.targetNodeId) ?? null;
      const takes = target !== null && v.acceptsWrites(target);
      const to = v.name(db.targetNodeId!);
      const state = !target ? 'is not in the cluster any more' : target.status.kind !== 'up' ? `is ${target.status.kind}` : target.role === 'primary' ? 'refuses writes (fenced)' : 'is a standby (read-only)';
      return {
        key: `pooler-misrouted:${p.id}/${db.name}`,
        kind: 'pooler-misrouted' as const,
        severity: 'critical' as const,
        // About the pooler, not a node (the node it wrongly routes to is named in the message).
        nodeId: null,
        raise: !takes && writer !== null,
        clear: takes || writer === null,
        holdMs: POOLER_MISROUTED_HOLD_MS,
        message: `pooler ${p.name} sends ${db.name} to ${to}, which ${state}; ${writer ? v.name(writer.id) : 'another node'} is the primary: pooled writes fail until ${db.name} points at it`,
        clearMessage: takes ? `pooler ${p.name} sends ${db.name} to ${to}, which accepts writes` : `no node accepts writes any more (see the cluster's own alarms)`,
        clearsWhen: `${db.name} on ${p.name} routes to the node that accepts writes`,
        runbook: RUNBOOKS.poolerMisrouted,
      };
    });
}

/** The alarms of one PgBouncer in front of a cluster: left paused, and not answering its admin console. */
export function poolerObservations(p: PoolerReading): Observation[] {
  const read = p.status === 'ok';
  const paused = p.databases.filter((d) => d.paused).map((d) => d.name);
  const where = `${p.name} (${p.host}:${p.port})`;
  return [
    {
      key: `pooler-paused:${p.id}`,
      kind: 'pooler-paused',
      severity: 'critical',
      nodeId: null,
      raise: read && paused.length > 0,
      clear: read && paused.length === 0,
      holdMs: POOLER_PAUSED_HOLD_MS,
      message: `pooler ${where} is paused (${paused.join(', ')}): its clients' queries wait, and fail once query_wait_timeout passes`,
      clearMessage: `pooler ${where} serves its clients again (no database paused)`,
      clearsWhen: 'SHOW DATABASES shows no database paused',
      runbook: RUNBOOKS.poolerPaused,
    },
    {
      key: `pooler-unreachable:${p.id}`,
      kind: 'pooler-unreachable',
      severity: 'warning',
      nodeId: null,
      raise: !read,
      clear: read,
      holdMs: POOLER_UNREACHABLE_HOLD_MS,
      message: `pooler ${where} cannot be read (${p.status}${p.error ? `: ${p.error}` : ''}); a switchover cannot pause or re-point it`,
      clearMessage: `pooler ${where} answers its admin console again`,
      clearsWhen: 'its admin console answers the SHOW commands',
      runbook: RUNBOOKS.poolerUnreachable,
    },
  ];
}
