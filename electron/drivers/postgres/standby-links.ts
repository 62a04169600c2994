import { linkId, type LinkState, type ReplicationLink, type SyncMode } from '../../../shared/model/link';
import { computeLag } from './lag';
import { matchSenders, walReceiverAppName, type StandbyIdentity } from './link-matching';
import { receiverEndpoint, walPositionOf, type Sender } from './node-reading';
import { isStandby, knownReading, type NodeView } from './node-view';

/** A walsender no known node matched: a standby we cannot see directly. */
export interface UnmatchedSender {
  upstreamId: string;
  sender: Sender;
  ghostId: string;
}

export interface LinkResult {
  links: ReplicationLink[];
  /** nodeId → the upstream walsender that serves it (this sample). */
  senderOf: Map<string, Sender>;
  unmatched: UnmatchedSender[];
}

export function ghostIdOf(s: Pick<Sender, 'applicationName' | 'clientAddr'>): string {
  return `app:${s.applicationName || 'walreceiver'}@${s.clientAddr ?? 'unknown'}`;
}

export function identityOf(v: NodeView): StandbyIdentity {
  const r = knownReading(v);
  const host = v.id.startsWith('[') ? v.id.slice(1, v.id.indexOf(']')) : v.id.slice(0, v.id.lastIndexOf(':'));
  return {
    nodeId: v.id,
    applicationName: walReceiverAppName(r?.receiver?.conninfo ?? null) ?? (r?.clusterName || null),
    slotName: r?.receiver?.slotName ?? null,
    host,
  };
}

/** Physical standbys only: base backups and logical walsenders are not topology. */
export function physicalSenders(senders: readonly Sender[]): Sender[] {
  return senders.filter((s) => s.state !== 'backup' && s.slotType !== 'logical');
}

function linkState(state: string | null): LinkState {
  switch (state) {
    case 'streaming':
      return 'streaming';
    case 'startup':
    case 'catchup':
      return 'catchup';
    case 'stopping':
      return 'stopped';
    default:
      return 'broken';
  }
}

function syncMode(s: string | null): SyncMode {
  return s === 'sync' ? 'sync' : s === 'quorum' ? 'quorum' : 'async';
}

/**
 * The standby's own side of a link: read now and in recovery, with a WAL
 * receiver naming this upstream (its `upstreamId` is then that upstream), or
 * still trying an upstream that does not answer (nobody can deny the link; its
 * receiver restarts every wal_retrieve_retry_interval meanwhile). A node
 * promoted since, or one whose upstream answers without a walsender for it
 * while its own receiver is not running, reports no link.
 */
function standbyReports(v: NodeView, up: NodeView): boolean {
  if (!v.reading?.inRecovery) return false;
  return receiverEndpoint(v.reading) !== null || up.reading === null;
}

/**
 * One link per standby whose upstream reports a walsender for it or whose WAL
 * receiver reports the upstream (a link exists while one side reports it; the
 * monitor shows one that ended for a grace period), plus one per walsender no
 * known node matched. Remembered upstreams make no link on their own.
 */
export function buildLinks(views: readonly NodeView[], now: number): LinkResult {
  const byId = new Map(views.map((v) => [v.id, v]));
  const senderOf = new Map<string, Sender>();
  const unmatched: UnmatchedSender[] = [];
  for (const up of views) {
    if (!up.reading) continue;
    const standbys = views.filter((v) => v.upstreamId === up.id && v.id !== up.id && isStandby(v)).map(identityOf);
    const res = matchSenders(physicalSenders(up.reading.senders), standbys);
    res.matched.forEach((m) => senderOf.set(m.nodeId, m.sender));
    // Known standbys that say they stream from here but matched no row ambiguously
    // (same host, same application_name) account for as many unmatched rows.
    const unclaimed = views.filter((v) => v.streamingFromId === up.id && !senderOf.has(v.id)).length;
    res.unmatched
      .slice(unclaimed)
      .forEach((sender) => unmatched.push({ upstreamId: up.id, sender, ghostId: ghostIdOf(sender) }));
  }
  const moved = movedStandbys(unmatched, views, senderOf);
  const links: ReplicationLink[] = [];
  const link = (from: NodeView, to: string, sender: Sender | null, standby: NodeView | null, label: string | null) => {
    const upReading = from.reading;
    // Without a walsender row, the standby's own WAL receiver has the last word.
    const state = sender ? linkState(sender.state) : standby?.streamingFromId === from.id ? 'streaming' : 'broken';
    links.push({
      id: linkId(from.id, to),
      from: from.id,
      to,
      state,
      sync: syncMode(sender?.syncState ?? null),
      lag: computeLag({
        upstreamLsn: upReading ? walPositionOf(upReading) : null,
        upstream: upReading,
        sender,
        standby: standby?.reading ?? null,
        measuredAt: from.readAt ?? standby?.readAt ?? now,
      }),
      ...(label ? { label } : {}),
    });
  };
  for (const v of views) {
    const up = v.upstreamId ? byId.get(v.upstreamId) : undefined;
    if (!up || up.id === v.id) continue;
    const sender = senderOf.get(v.id) ?? null;
    if (!sender && !standbyReports(v, up)) continue;
    link(up, v.id, sender, v, sender?.applicationName ?? identityOf(v).applicationName);
  }
  for (const m of moved) {
    const up = byId.get(m.upstreamId);
    const v = byId.get(m.nodeId);
    if (up && v) link(up, v.id, m.sender, v, m.sender.applicationName);
  }
  const ghosts = unmatched.filter((u) => !moved.some((m) => m.sender === u.sender));
  for (const u of ghosts) {
    const up = byId.get(u.upstreamId);
    if (up) link(up, u.ghostId, u.sender, null, u.sender.applicationName);
  }
  return { links, senderOf, unmatched: ghosts };
}

/**
 * Unmatched walsenders that name a known standby this sample still places under
 * another upstream: it was re-pointed between the reads of one sample (its own
 * reading is from before its receiver reconnected). That node, not an unknown one.
 */
function movedStandbys(unmatched: readonly UnmatchedSender[], views: readonly NodeView[], senderOf: ReadonlyMap<string, Sender>): (UnmatchedSender & { nodeId: string })[] {
  const out: (UnmatchedSender & { nodeId: string })[] = [];
  for (const u of unmatched) {
    const others = views.filter((v) => v.reading?.inRecovery && v.upstreamId !== u.upstreamId && v.id !== u.upstreamId && !senderOf.has(v.id) && !out.some((m) => m.nodeId === v.id));
    const hit = matchSenders([u.sender], others.map(identityOf)).matched[0];
    if (hit) out.push({ ...u, nodeId: hit.nodeId });
  }
  return out;
}
