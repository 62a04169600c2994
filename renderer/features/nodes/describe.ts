import type { NodeStatus } from '../../../shared/model/node';
import { assertNever } from '../../../shared/result';

/** One line for a node's status, with its reason where it has one. */
export function describeStatus(status: NodeStatus): { label: string; reason: string | null; since: number | null } {
  switch (status.kind) {
    case 'up':
      return { label: 'up', reason: null, since: null };
    case 'degraded':
      return { label: 'degraded', reason: status.reason, since: null };
    case 'down':
      return { label: 'down', reason: status.reason, since: status.since };
    case 'unreachable':
      return { label: 'unreachable', reason: status.reason, since: status.since };
    default:
      return assertNever(status, 'node status');
  }
}

/** Stale once older than three sample intervals. */
export function isStale(measuredAt: number | null | undefined, now: number, sampleIntervalMs: number): boolean {
  return measuredAt === null || measuredAt === undefined || now - measuredAt > 3 * sampleIntervalMs;
}

/** A fact the driver may not know this sample (a node not read): "—", never a default "no". */
export function yesNo(v: boolean | undefined): string {
  return v === undefined ? '—' : v ? 'yes' : 'no';
}

type RoleFacts = { id: string; role: string; fenced?: boolean; readOnly?: boolean; timeline?: number | null };

/**
 * The role as the panel shows it. A fenced primary is the *old* one only when another primary has moved past it
 * (it accepts writes, or is on a newer timeline); a fenced primary that is the newest is just "fenced primary"
 * (trial 22: the new primary, fenced, read "fenced old primary", the opposite of the advice to unfence it).
 */
export function describeRole(n: RoleFacts, nodes: readonly RoleFacts[]): string {
  if (n.role !== 'primary' || !n.fenced) return n.role;
  const movedPast = nodes.some((o) => o.id !== n.id && o.role === 'primary' && (!(o.fenced || o.readOnly) || (o.timeline ?? 0) > (n.timeline ?? 0)));
  return movedPast ? 'fenced old primary' : 'fenced primary';
}

/**
 * Both facts: a standby refuses writes by recovery; any node can also be fenced
 * (default_transaction_read_only). Unknown ("—") when the node was not read this
 * sample, whatever its last known role.
 */
export function describeReadOnly(n: { role: string; readOnly?: boolean; fenced?: boolean }): string {
  if (n.readOnly === undefined && n.fenced === undefined) return '—';
  const recovery = n.role === 'replica' || n.role === 'cascading-replica';
  if (recovery && n.fenced) return 'yes (in recovery; also fenced)';
  if (recovery && n.readOnly !== false) return 'yes (in recovery)';
  if (n.fenced) return 'yes (fenced)';
  if (n.readOnly === undefined) return '—';
  return n.readOnly ? 'yes' : 'no';
}

/** Engines whose nodes have replication slots and WAL replay (PostgreSQL, directly or through an agent). */
const SLOT_ENGINES: ReadonlySet<string> = new Set(['postgres', 'agent']);

/**
 * Which PostgreSQL-only parts the node panel shows: the slots section only for engines that have slots
 * (an unknown engine, while the cluster list loads, keeps it); "Replay paused" for those engines, or
 * wherever a driver reports it.
 */
export function nodeSections(engine: string | undefined, replayPaused: boolean | undefined): { replayPaused: boolean; slots: boolean } {
  const slots = engine === undefined || SLOT_ENGINES.has(engine);
  return { slots, replayPaused: slots || replayPaused !== undefined };
}
