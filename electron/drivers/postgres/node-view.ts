import type { Failure } from '../../../shared/result';
import type { NodeReading } from './node-reading';

/** Everything a sample knows about one known node: this reading (or why not) and what we remember. */
export interface NodeView {
  id: string;
  /** This sample's reading, or null when the node could not be read. */
  reading: NodeReading | null;
  /** Epoch ms the reading arrived. */
  readAt: number | null;
  failure: Failure | null;
  /** The newest reading we ever had (this one when read). */
  lastReading: NodeReading | null;
  lastSeenAt: number | null;
  /** When the current run of failed reads began. */
  failingSince: number | null;
  /** Node id this standby streams (or last streamed) from. */
  upstreamId: string | null;
  /** Node id its WAL receiver streams from right now, when its status is `streaming`. */
  streamingFromId: string | null;
  /** Its WAL receiver says `streaming` but has heard nothing from its unanswering upstream this long (receiver-silence.ts). */
  receiverSilentMs?: number;
}

/** A standby's reading, current or remembered. */
export function knownReading(v: NodeView): NodeReading | null {
  return v.reading ?? v.lastReading;
}

export function isStandby(v: NodeView): boolean {
  return knownReading(v)?.inRecovery === true;
}

/**
 * A node's display name in status texts: its cluster_name (the sample's `name`), with the
 * address beside it only when another node has the same name (a copied cluster_name after
 * pg_rewind), and the address alone when the node was never read.
 */
export function displayName(v: NodeView, views: readonly NodeView[]): string {
  const name = knownReading(v)?.clusterName;
  if (!name) return v.id;
  const shared = views.some((o) => o.id !== v.id && knownReading(o)?.clusterName === name);
  return shared ? `${name} (${v.id})` : name;
}
