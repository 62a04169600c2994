import type { NodeStatus } from '../../../shared/model/node';
import type { Sender } from './node-reading';
import type { NodeView } from './node-view';

/** Failures where the server answered, so it runs: we just cannot use it. */
const ANSWERED = new Set(['auth-failed', 'permission-denied', 'tls-mismatch', 'not-postgres']);
const STREAMING_STATES = new Set(['streaming', 'catchup', 'startup']);

/**
 * `up` when read (or `degraded` for a standby not streaming); when not read,
 * `down` if the cluster agrees (its upstream stopped streaming to it, or its
 * standbys lost it), else `unreachable`: only we cannot reach it.
 */
export function nodeStatus(v: NodeView, views: readonly NodeView[], senderOf: ReadonlyMap<string, Sender>, now: number): NodeStatus {
  const r = v.reading;
  if (r) {
    if (!r.inRecovery || !r.canReadStats || v.streamingFromId) return { kind: 'up' };
    const receiver = r.receiver?.status ? `its WAL receiver is ${r.receiver.status}` : 'its WAL receiver is not running';
    const from = v.upstreamId ? `from ${v.upstreamId}` : 'from any upstream';
    return { kind: 'degraded', reason: `not streaming ${from}: ${receiver} (replaying only what it already has)` };
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
      return unreachable(`${up.id} still streams WAL to it, so it runs, but ReplicaDesk cannot reach it: ${why}`);
    }
    return down(`${up.id} no longer streams WAL to it, and it does not answer: ${why}`);
  }

  const witnesses = views.filter((w) => w.reading && w.upstreamId === v.id);
  if (witnesses.length === 0) return unreachable(why);
  const still = witnesses.filter((w) => w.streamingFromId === v.id).map((w) => w.id);
  if (still.length > 0) {
    return unreachable(`its standbys (${still.join(', ')}) still stream from it, but ReplicaDesk cannot reach it: ${why}`);
  }
  const lost = witnesses.map((w) => w.id).join(', ');
  return down(`its standbys (${lost}) lost their connection to it, and it does not answer: ${why}`);
}
