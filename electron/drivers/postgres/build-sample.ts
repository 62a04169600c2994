import type { ClusterNode, NodeRole } from '../../../shared/model/node';
import type { ClusterSample } from '../../../shared/model/sample';
import { quoteIdent } from '../../../shared/postgres/quote';
import { timelineOf, walPositionOf } from './node-reading';
import { nodeNotes, privilegeWarning } from './node-notes';
import { nodeStatus } from './node-status';
import { displayName, isStandby, knownReading, type NodeView } from './node-view';
import { silenceSlackMs, withSilence } from './receiver-silence';
import { slotsOf, slotWarnings } from './slots';
import { buildLinks, type UnmatchedSender } from './standby-links';

export interface BuildInput {
  clusterId: string;
  takenAt: number;
  now: number;
  views: readonly NodeView[];
  queriesPerNode: number;
  /** The monitor's sample interval (for how long a receiver may hear nothing); default 1 s. */
  sampleIntervalMs?: number;
  /** When each walsender-only node was first seen, and what probing it found. */
  ghostMemory(ghostId: string): { since: number; probeNote: string | null };
}

export interface BuiltSample {
  sample: ClusterSample;
  unmatched: UnmatchedSender[];
}

function roleOf(v: NodeView, byId: ReadonlyMap<string, NodeView>): NodeRole {
  const r = knownReading(v);
  if (!r) return 'unknown';
  if (!r.inRecovery) return 'primary';
  const up = v.upstreamId ? byId.get(v.upstreamId) : undefined;
  return up && isStandby(up) ? 'cascading-replica' : 'replica';
}

/** Read now: a standby refuses writes because it is in recovery; a primary only when fenced. */
function factsOf(r: NonNullable<NodeView['reading']>): Pick<ClusterNode, 'readOnly' | 'fenced' | 'replayPaused'> {
  return { readOnly: r.inRecovery || r.readOnly, fenced: r.readOnly, ...(r.inRecovery ? { replayPaused: r.replayPaused } : {}) };
}

/** Turns this sample's node views into the shared model: nodes, links, slots and warnings. */
export function buildSample(input: BuildInput): BuiltSample {
  const { now } = input;
  const views = withSilence(input.views, silenceSlackMs(input.sampleIntervalMs ?? 1_000));
  const byId = new Map(views.map((v) => [v.id, v]));
  const { links, senderOf, unmatched } = buildLinks(views, now);

  const nodes: ClusterNode[] = views.map((v) => {
    const r = knownReading(v);
    const cur = v.reading;
    const notes = cur ? nodeNotes(cur) : [];
    return {
      id: v.id,
      name: r?.clusterName || v.id,
      address: v.id,
      role: roleOf(v, byId),
      status: nodeStatus(v, views, senderOf, now),
      version: r?.version ?? null,
      timeline: cur ? timelineOf(cur) : null,
      // Facts of a running server come from this sample's reading only: a node not read
      // has them unknown (omitted), never a default "no" nor its last reading's values.
      startedAt: cur?.startedAtMs === null || cur?.startedAtMs === undefined ? null : Math.round(cur.startedAtMs),
      lastSeenAt: v.lastSeenAt,
      position: cur ? walPositionOf(cur) : null,
      ...(cur ? factsOf(cur) : {}),
      ...(notes.length ? { notes } : {}),
    };
  });

  const ghostIds = new Set<string>();
  for (const u of unmatched) {
    if (ghostIds.has(u.ghostId) || byId.has(u.ghostId)) continue;
    ghostIds.add(u.ghostId);
    const up = byId.get(u.upstreamId);
    const mem = input.ghostMemory(u.ghostId);
    const probe = mem.probeNote ? ` (${mem.probeNote})` : '';
    nodes.push({
      id: u.ghostId,
      name: u.sender.applicationName || u.ghostId,
      address: u.sender.clientAddr ?? 'unknown',
      role: up && isStandby(up) ? 'cascading-replica' : 'replica',
      status: {
        kind: 'unreachable',
        since: mem.since,
        reason: `${up ? displayName(up, views) : u.upstreamId} streams WAL to it, but ReplicaDesk has no connection to it${probe}: add it as a seed or set discovery ports`,
      },
      version: null,
      timeline: null,
      lastSeenAt: null,
    });
  }

  const slots = views.flatMap((v) => (v.reading ? slotsOf(v.id, v.reading) : []));
  const read = views.flatMap((v) => (v.reading ? [{ id: v.id, reading: v.reading }] : []));
  const warnings = [...slotWarnings(slots)];
  const privilege = privilegeWarning(read);
  if (privilege) warnings.push(privilege);
  // Without pg_monitor the replication views hide who streams from whom: the shape is partly read.
  const unread = read
    .filter((x) => !x.reading.isSuperuser && !x.reading.canReadStats)
    .map((x) => ({ nodeId: x.id, what: 'replication addresses and positions', reason: `${x.reading.user} is not in pg_monitor: GRANT pg_monitor TO ${quoteIdent(x.reading.user)};` }));
  // A fenced old primary (default_transaction_read_only) is not a second writable primary.
  const writable = read.filter((x) => !x.reading.inRecovery && !x.reading.readOnly).map((x) => x.reading.clusterName || x.id);
  if (writable.length > 1) {
    warnings.push(`split brain: ${writable.join(' and ')} all accept writes (none is in recovery or fenced): fence all but one`);
  }

  return {
    sample: {
      clusterId: input.clusterId,
      takenAt: input.takenAt,
      durationMs: Math.max(0, now - input.takenAt),
      nodes,
      links,
      slots,
      consensus: null,
      queriesPerNode: input.queriesPerNode,
      warnings,
      ...(unread.length ? { unread } : {}),
    },
    unmatched,
  };
}
