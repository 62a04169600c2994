import { ok } from '../../../shared/result';
import type { Handlers } from '../handlers';
import type { HistoryStore } from './history-store';

type HistoryChannels = 'history:lag' | 'history:at' | 'history:markers' | 'history:since' | 'history:seen' | 'history:status';

/** The `history:*` channels (requests arrive validated against shared/ipc/history.ts). */
export function historyHandlers(history: HistoryStore, now: () => number): Pick<Handlers, HistoryChannels> {
  return {
    'history:lag': async ({ clusterId, linkId, rangeMs, to, maxPoints }) => {
      const end = to ?? now();
      return ok(history.lag(clusterId, linkId, end - rangeMs, end, maxPoints));
    },
    'history:at': async ({ clusterId, at }) => ok(history.at(clusterId, at)),
    'history:markers': async ({ clusterId, from, to, limit }) => ok(history.markers(clusterId, from, to, limit)),
    'history:since': async ({ sessionId }) => ok(history.since(sessionId)),
    'history:seen': async ({ sessionId }) => ok({ seenAt: history.seen(sessionId) }),
    'history:status': async () => ok(history.status()),
  };
}
