import type { MonitorDelta } from '../../shared/ipc/delta';
import type { DeskClient } from '../api/types';
import { removeClusters, replaceClusters, upsertClusters, useClusters } from '../features/clusters/store';
import { removeHeadlines, setHeadlines } from '../features/clusters/headline-store';
import { addEvents, removeClusterEvents } from '../features/events/store';
import { loadConflicts } from '../features/conflicts/commands';
import { removeClusterConflicts, upsertConflicts } from '../features/conflicts/store';
import { applyBulkRuns } from '../features/conflicts/bulk-store';
import { loadRuns } from '../features/failover/commands';
import { removeClusterRuns, upsertRuns } from '../features/failover/runs-store';
import { appendLagPoints, invalidateHistory, removeClusterSeries } from '../features/lag/store';
import { applyEngineDetails, removeEngineDetails } from '../features/mariadb/detail-store';
import { clearSelection } from '../features/topology/selection';
import { applySamples, removeTopologies } from '../features/topology/store';
import { applyLockingSnapshots, forgetLockingClusters } from '../features/locking/store';
import { MAX_EVENTS } from '../features/events/store';
import { noteDelta, setConnectionStatus, setTransport } from './connection-store';

/** Forgets a cluster in every store. */
export function forgetClusters(ids: readonly string[]): void {
  if (ids.length === 0) return;
  removeClusters(ids);
  removeTopologies(ids);
  removeEngineDetails(ids);
  removeClusterSeries(ids);
  removeClusterEvents(ids);
  removeClusterConflicts(ids);
  removeClusterRuns(ids);
  removeHeadlines(ids);
  forgetLockingClusters(ids);
}

/**
 * One delta as store updates, in order; each store changes (and re-renders)
 * only if its part changed. The topology and engine details of 200 nodes are
 * the heavy parts, so they are steps of their own.
 */
function deltaSteps(delta: MonitorDelta): (() => void)[] {
  const steps: (() => void)[] = [];
  if (delta.clusters.length || delta.removedClusterIds.length) {
    steps.push(() => {
      if (delta.clusters.length) upsertClusters(delta.clusters);
      forgetClusters(delta.removedClusterIds);
    });
  }
  if (delta.samples.length) steps.push(() => applySamples(delta.samples), () => applyEngineDetails(delta.samples));
  steps.push(() => {
    if (delta.headlines.length) setHeadlines(delta.headlines);
    if (delta.events.length) addEvents(delta.events);
    if (delta.conflicts.length) upsertConflicts(delta.conflicts);
    if (delta.bulk.length) applyBulkRuns(delta.bulk);
    if (delta.actions.length) upsertRuns(delta.actions);
    if (delta.locking.length) applyLockingSnapshots(delta.locking);
  });
  if (delta.lagPoints.length) steps.push(() => appendLagPoints(delta.lagPoints));
  steps.push(() => noteDelta(delta.seq, delta.at, delta.dropped));
  return steps;
}

/** Applies one delta to every store at once. */
export function applyDelta(delta: MonitorDelta): void {
  for (const step of deltaSteps(delta)) step();
}

/** Runs a function in a later task (so the page can paint between two store updates). */
export type Later = (fn: () => void) => void;

/** A macrotask via MessageChannel (not clamped like nested setTimeout); absent outside a page. */
export function pageLater(): Later | null {
  if (typeof document === 'undefined' || typeof MessageChannel === 'undefined') return null;
  const queue: (() => void)[] = [];
  const channel = new MessageChannel();
  channel.port1.onmessage = () => queue.shift()?.();
  return (fn) => {
    queue.push(fn);
    channel.port2.postMessage(null);
  };
}

/**
 * Applies deltas in arrival order, one store step per task when `later` is
 * given (the next delta waits for the last step of the one before), or all at
 * once without it.
 */
export function deltaApplier(later: Later | null): (delta: MonitorDelta) => void {
  if (!later) return applyDelta;
  const steps: (() => void)[] = [];
  let running = false;
  const runOne = () => {
    const step = steps.shift();
    if (!step) {
      running = false;
      return;
    }
    try {
      step();
    } finally {
      later(runOne);
    }
  };
  return (delta) => {
    steps.push(...deltaSteps(delta));
    if (running) return;
    running = true;
    later(runOne);
  };
}

/** Loads the full state (on start and after every reconnect): clusters, their latest samples, events, actions. */
export async function resync(client: Pick<DeskClient, 'invoke'>): Promise<void> {
  const list = await client.invoke('clusters:list', {});
  if (!list.ok) {
    console.warn(`[replicadesk] clusters:list failed: ${list.reason}`);
    return;
  }
  const before = useClusters.getState().ids;
  const present = new Set(list.value.map((c) => c.id));
  forgetClusters(before.filter((id) => !present.has(id)));
  replaceClusters(list.value);
  const [snapshots, events, headlines] = await Promise.all([
    Promise.all(list.value.map((c) => client.invoke('clusters:snapshot', { clusterId: c.id }))),
    client.invoke('events:list', { limit: MAX_EVENTS }),
    client.invoke('clusters:headlines', {}),
    loadConflicts(client),
    loadRuns(client),
  ]);
  const latest = snapshots.flatMap((r) => (r.ok && r.value ? [r.value] : []));
  applySamples(latest);
  applyEngineDetails(latest);
  if (events.ok) addEvents(events.value);
  if (headlines.ok) setHeadlines(headlines.value);
}

/**
 * Wires a client to the stores, without React: deltas go straight to the
 * stores' module-level actions. Returns a function that unwires everything.
 */
export function connectStores(client: DeskClient, later: Later | null = pageLater()): () => void {
  setTransport(client.label, client.demo, client.logout !== undefined);
  setConnectionStatus(client.status());
  const offDelta = client.onDelta(deltaApplier(later));
  const offStatus = client.onStatus((status) => {
    setConnectionStatus(status);
    if (status.kind === 'open') {
      invalidateHistory();
      void resync(client);
    }
  });
  const offSelection = useClusters.subscribe((s, prev) => {
    if (s.selectedId !== prev.selectedId) clearSelection();
  });
  if (client.status().kind === 'open') void resync(client);
  return () => {
    offDelta();
    offStatus();
    offSelection();
  };
}
