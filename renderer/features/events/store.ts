import { create } from 'zustand';
import type { ClusterEvent } from '../../../shared/model/event';
import type { Normalized } from '../../lib/normalized';

export const MAX_EVENTS = 1_000;

export interface EventsState extends Normalized<ClusterEvent> {
  /** `null`: all clusters; `'selected'`: follow the selected cluster. */
  filter: string | null | 'selected';
}

export const useEvents = create<EventsState>(() => ({ ids: [], byId: {}, filter: 'selected' }));

/** Adds events not seen yet; keeps the newest MAX_EVENTS, newest first. */
export function addEvents(events: readonly ClusterEvent[]): void {
  useEvents.setState((s) => {
    const fresh = events.filter((e) => s.byId[e.id] === undefined);
    if (fresh.length === 0) return s;
    const byId: Record<string, ClusterEvent> = { ...s.byId };
    for (const e of fresh) byId[e.id] = e;
    const unique = [...new Set(fresh.map((e) => e.id))];
    let ids = [...unique, ...s.ids].sort((a, b) => (byId[b] as ClusterEvent).at - (byId[a] as ClusterEvent).at);
    if (ids.length > MAX_EVENTS) {
      for (const id of ids.slice(MAX_EVENTS)) delete byId[id];
      ids = ids.slice(0, MAX_EVENTS);
    }
    return { ...s, ids, byId };
  }, true);
}

export function removeClusterEvents(clusterIds: readonly string[]): void {
  const gone = new Set(clusterIds);
  useEvents.setState((s) => {
    const ids = s.ids.filter((id) => !gone.has((s.byId[id] as ClusterEvent).clusterId));
    if (ids.length === s.ids.length) return s;
    const byId: Record<string, ClusterEvent> = {};
    for (const id of ids) byId[id] = s.byId[id] as ClusterEvent;
    return { ...s, ids, byId };
  }, true);
}

export function setEventFilter(filter: EventsState['filter']): void {
  useEvents.setState((s) => (s.filter === filter ? s : { ...s, filter }), true);
}

/** Ids of the events of one cluster (or all), newest first. Use with useShallow. */
export function eventIdsFor(s: EventsState, clusterId: string | null): string[] {
  if (clusterId === null) return s.ids as string[];
  return s.ids.filter((id) => s.byId[id]?.clusterId === clusterId);
}

/** Leader changes of a cluster, oldest first, for the consensus timeline. */
export function leaderChanges(s: EventsState, clusterId: string): ClusterEvent[] {
  const out: ClusterEvent[] = [];
  for (const id of s.ids) {
    const e = s.byId[id];
    if (e && e.clusterId === clusterId && e.kind === 'leader-change') out.push(e);
  }
  return out.reverse();
}
