import { ok, type Result } from '../../../../shared/result';
import { parseKeyValue } from '../conninfo-kv';
import type { NodeConnection } from '../node-connection';

/** A pglogical subscription as its subscriber reports it (show_subscription_status()). */
export interface PglSubscription {
  name: string;
  /** initializing, synchronizing, replicating, disabled, down, unknown. */
  status: string;
  providerNode: string;
  slotName: string;
  replicationSets: string[];
  forwardOrigins: string[];
}

/** A provider's slot for one subscriber: how far the subscriber has confirmed, and the walsender's lag times. */
export interface PglSlot {
  slotName: string;
  active: boolean;
  currentLsn: string;
  sentLsn: string | null;
  confirmedFlushLsn: string | null;
  writeLagMs: number | null;
  flushLagMs: number | null;
  replayLagMs: number | null;
}

export interface PglNodeTopology {
  localNode: string | null;
  /** Every node pglogical knows here, with the host and port of its interface DSN (the DSN itself is not kept: it may hold a password). */
  nodes: { name: string; host: string | null; port: number | null }[];
  subscriptions: PglSubscription[];
  /** This node's slots as a provider. */
  slots: PglSlot[];
}

const NODES_SQL = `SELECT n.node_name AS name, i.if_dsn AS dsn,
    (SELECT ln.node_name FROM pglogical.local_node l JOIN pglogical.node ln ON ln.node_id = l.node_id) AS local
  FROM pglogical.node n LEFT JOIN pglogical.node_interface i ON i.if_nodeid = n.node_id ORDER BY n.node_name`;

const SUBS_SQL = `SELECT subscription_name AS name, status, provider_node AS provider, slot_name AS slot,
    replication_sets AS sets, forward_origins AS origins FROM pglogical.show_subscription_status() ORDER BY 1`;

const SLOTS_SQL = `SELECT s.slot_name AS slot, s.active, pg_current_wal_lsn()::text AS cur, r.sent_lsn::text AS sent,
    s.confirmed_flush_lsn::text AS confirmed,
    extract(epoch FROM r.write_lag) * 1000 AS write_ms, extract(epoch FROM r.flush_lag) * 1000 AS flush_ms,
    extract(epoch FROM r.replay_lag) * 1000 AS replay_ms
  FROM pg_replication_slots s LEFT JOIN pg_stat_replication r ON r.pid = s.active_pid
  WHERE s.plugin = 'pglogical_output' ORDER BY 1`;

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** host/port of a pglogical interface DSN (libpq key/value), or nulls. */
export function endpointOf(dsn: string | null): { host: string | null; port: number | null } {
  const kv = dsn ? parseKeyValue(dsn) : null;
  if (!kv?.ok) return { host: null, port: null };
  const port = Number(kv.value.get('port') ?? 5432);
  return { host: kv.value.get('host') ?? kv.value.get('hostaddr') ?? null, port: Number.isFinite(port) ? port : null };
}

/** Three statements: the node list, the subscriptions with their status, this node's pglogical slots. */
export async function readPglTopology(conn: NodeConnection, signal: AbortSignal): Promise<Result<PglNodeTopology>> {
  const nodes = await conn.query<{ name: string; dsn: string | null; local: string | null }>(NODES_SQL, signal);
  if (!nodes.ok) return nodes;
  const subs = await conn.query<{ name: string; status: string; provider: string; slot: string; sets: string[] | null; origins: string[] | null }>(SUBS_SQL, signal);
  if (!subs.ok) return subs;
  const slots = await conn.query<Record<string, unknown>>(SLOTS_SQL, signal);
  if (!slots.ok) return slots;
  return ok({
    localNode: nodes.value[0]?.local ?? null,
    nodes: nodes.value.map((n) => ({ name: n.name, ...endpointOf(n.dsn) })),
    subscriptions: subs.value.map((s) => ({ name: s.name, status: s.status, providerNode: s.provider, slotName: s.slot, replicationSets: s.sets ?? [], forwardOrigins: s.origins ?? [] })),
    slots: slots.value.map((s) => ({
      slotName: String(s.slot),
      active: s.active === true,
      currentLsn: String(s.cur),
      sentLsn: (s.sent as string | null) ?? null,
      confirmedFlushLsn: (s.confirmed as string | null) ?? null,
      writeLagMs: num(s.write_ms),
      flushLagMs: num(s.flush_ms),
      replayLagMs: num(s.replay_ms),
    })),
  });
}
