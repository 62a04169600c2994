import { useEffect } from 'react';
import type { ClusterEvent } from '../../../shared/model/event';
import { selectCluster, useClusters } from '../clusters/store';
import { useEvents } from '../events/store';
import { eventsToNotify, notifyLockingEvent } from './notify';

/** Renders nothing: raises a desktop notification for each new warning/critical in-doubt or blocking-chain event. */
export function LockingAlerts() {
  useEffect(() => {
    const since = Date.now() - 5_000;
    const seen = new Set<string>();
    return useEvents.subscribe((s, prev) => {
      if (s.ids === prev.ids) return;
      const events = s.ids.map((id) => s.byId[id]).filter((e): e is ClusterEvent => e !== undefined);
      for (const e of eventsToNotify(events, seen, since)) {
        seen.add(e.id);
        const name = useClusters.getState().byId[e.clusterId]?.name ?? e.clusterId;
        notifyLockingEvent(e, name, () => selectCluster(e.clusterId));
      }
    });
  }, []);
  return null;
}
