import type { NodeStatus } from '../../../shared/model/node';
import type { Sender } from './node-reading';
import { displayName, type NodeView } from './node-view';

/** Failures where the server answered, so it runs: we just cannot use it. */
const ANSWERED = new Set(['auth-failed', 'permission-denied', 'tls-mismatch', 'not-postgres']);
const STREAMING_STATES = new Set(['streaming', 'catchup', 'startup']);

const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`;

/**
 * A witness of a lost primary: a standby read now, in recovery, whose WAL receiver is
 * configured for it (or last streamed from it). A promoted standby is none, whatever
 * primary_conninfo it kept from before its promotion.
 */
function isWitnessOf(w: NodeView, id: string): boolean {
  return w.reading?.inRecovery === true && w.upstreamId === id;
}

/**
 * `up` when read (or `degraded` for a standby not streaming); when not read,
 * `down` if the cluster agrees (its upstream stopped streaming to it, or its
 * standbys lost it, or hear nothing from it past the receiver's ping), else
 * `unreachable`: only we cannot reach it. Nodes are named by cluster_name.
 */
export function nodeStatus(v: NodeView, views: readonly NodeView[], senderOf: ReadonlyMap<string, Sender>, now: number): NodeStatus {
  const nameOf = (id: string | null) => {
    const o = id ? views.find((x) => x.id === id) : undefined;
    return o ? displayName(o, views) : (id ?? 'any upstream');
  };
  const r = v.reading;
  if (r) {
    if (!r.inRecovery || !r.canReadStats || v.streamingFromId) return { kind: 'up' };
    const from = nameOf(v.upstreamId);
    const receiver = v.receiverSilentMs !== undefined
      ? `its WAL receiver still says streaming but has heard nothing from ${from} for ${seconds(v.receiverSilentMs)}, past its ping`
      : r.receiver?.status ? `its WAL receiver is ${r.receiver.status}` : 'its WAL receiver is not running';
    return { kind: 'degraded', reason: `not streaming from ${from}: ${receiver} (replaying only what it already has)` };
  }
  const since = v.failingSince ?? now;
  const why = v.failure?.reason ?? 'not read yet';
  const unreachable = (reason: string): NodeStatus => ({ kind: 'unreachable', since, reason });
  const down = (reason: string): NodeStatus => ({ kind: 'down', since, reason });
  if (v.failure && ANSWERED.has(v.failure.code)) return unreachable(why);

  if (v.lastReading?.inRecovery) {
    const up = views.find((u) => u.id === v.upstreamId);
    if (!up?.reading) return unreachable(why);
    const sender = senderOf.get(v.id);
    if (sender && STREAMING_STATES.has(sender.state ?? '')) {
      return unreachable(`${nameOf(up.id)} still streams WAL to it, so it runs, but ReplicaDesk cannot reach it: ${why}`);
    }
    return down(`${nameOf(up.id)} no longer streams WAL to it, and it does not answer: ${why}`);
  }

  const witnesses = views.filter((w) => isWitnessOf(w, v.id));
  if (witnesses.length === 0) return unreachable(why);
  const still = witnesses.filter((w) => w.streamingFromId === v.id).map((w) => nameOf(w.id));
  if (still.length > 0) {
    return unreachable(`its standbys (${still.join(', ')}) still stream from it, but ReplicaDesk cannot reach it: ${why}`);
  }
  const silent = witnesses.filter((w) => w.receiverSilentMs !== undefined);
  if (silent.length === witnesses.length) {
    const atLeast = Math.min(...silent.map((w) => w.receiverSilentMs ?? 0));
    return down(`its standbys (${silent.map((w) => nameOf(w.id)).join(', ')}) have heard nothing from it for ${seconds(atLeast)}, past their receivers' ping (hung or gone), and it does not answer: ${why}`);
  }
  const lost = witnesses.map((w) => nameOf(w.id)).join(', ');
  return down(`its standbys (${lost}) lost their connection to it, and it does not answer: ${why}`);
}
