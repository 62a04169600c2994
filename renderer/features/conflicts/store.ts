import { useShallow } from 'zustand/react/shallow';
import { create } from 'zustand';
import type { ConflictEvent, ConflictKind, ConflictPolicy } from '../../../shared/model/conflict';
import type { Convergence } from '../../../shared/ipc/conflicts';

/** History kept in the renderer (open conflicts are all kept, as the core bounds them). */
export const MAX_RESOLVED = 2_000;

export interface ConflictFilter {
  /** `review`: resolved by the engine (pglogical), awaiting the admin's accept or overturn. */
  status: 'open' | 'review' | 'resolved';
  /** Key search (key-search.ts): `col=value` parts matched whole, else a substring of table/key; case-insensitive. */
  text: string;
  kind: ConflictKind | '*';
  /** A node that wrote one of the versions. */
  node: string;
  /** Only conflicts detected within this many ms; 0 = any age. */
  maxAgeMs: number;
}

export interface ConflictsState {
  byId: Readonly<Record<string, ConflictEvent>>;
  /** Bumped on every change, so derived lists recompute only when something changed. */
  version: number;
  policies: Readonly<Record<string, ConflictPolicy>>;
  /** Per cluster, the policies the app applies itself, by table (`*`: every table). */
  tablePolicies: Readonly<Record<string, Readonly<Record<string, ConflictPolicy>>>>;
  filter: ConflictFilter;
  selectedId: string | null;
  open: boolean;
  /** The convergence check of resolutions made from this window, by conflict id (the last 100). */
  checks: Readonly<Record<string, Convergence>>;
}

export const defaultFilter: ConflictFilter = { status: 'open', text: '', kind: '*', node: '', maxAgeMs: 0 };

export const useConflicts = create<ConflictsState>(() => ({ byId: {}, version: 0, policies: {}, tablePolicies: {}, filter: defaultFilter, selectedId: null, open: false, checks: {} }));

const listeners = new Set<(c: ConflictEvent) => void>();
/** Told about every conflict that arrives open for the first time (for notifications). */
export function onNewConflict(l: (c: ConflictEvent) => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

function trimHistory(byId: Record<string, ConflictEvent>): void {
  const resolved = Object.values(byId).filter((c) => c.status === 'resolved');
  if (resolved.length <= MAX_RESOLVED) return;
  resolved.sort((a, b) => (a.resolution?.at ?? a.detectedAt) - (b.resolution?.at ?? b.detectedAt));
  for (const c of resolved.slice(0, resolved.length - MAX_RESOLVED)) delete byId[c.id];
}

/** Upserts by id (engines re-send a conflict when it changes or ends); nothing changes if nothing differs. */
export function upsertConflicts(list: readonly ConflictEvent[], opts: { notify?: boolean } = {}): void {
  const fresh: ConflictEvent[] = [];
  useConflicts.setState((s) => {
    const changed = list.filter((c) => JSON.stringify(s.byId[c.id]) !== JSON.stringify(c));
    if (changed.length === 0) return s;
    const byId = { ...s.byId };
    for (const c of changed) {
      if (!byId[c.id] && c.status === 'open') fresh.push(c);
      byId[c.id] = c;
    }
    trimHistory(byId);
    return { ...s, byId, version: s.version + 1 };
  }, true);
  if (opts.notify !== false) for (const c of fresh) for (const l of listeners) l(c);
}

/** Replaces everything (on resync). */
export function replaceConflicts(list: readonly ConflictEvent[], policies: Record<string, ConflictPolicy>, tablePolicies: Record<string, Record<string, ConflictPolicy>> = {}): void {
  const byId: Record<string, ConflictEvent> = {};
  for (const c of list) byId[c.id] = c;
  useConflicts.setState((s) => ({ ...s, byId, policies, tablePolicies, version: s.version + 1 }), true);
}

export function removeClusterConflicts(clusterIds: readonly string[]): void {
  const gone = new Set(clusterIds);
  useConflicts.setState((s) => {
    const keep = Object.values(s.byId).filter((c) => !gone.has(c.clusterId));
    if (keep.length === Object.keys(s.byId).length) return s;
    return { ...s, byId: Object.fromEntries(keep.map((c) => [c.id, c])), version: s.version + 1 };
  }, true);
}

/** The engine's policy for the cluster, or (with `table`) one the app applies to a table (`*`: every table). */
export function setPolicyOf(clusterId: string, policy: ConflictPolicy, table?: string): void {
  if (table === undefined) {
    useConflicts.setState((s) => (s.policies[clusterId] === policy ? s : { ...s, policies: { ...s.policies, [clusterId]: policy } }), true);
    return;
  }
  useConflicts.setState((s) => {
    const tables = { ...(s.tablePolicies[clusterId] ?? {}) };
    if (policy === 'manual') delete tables[table];
    else tables[table] = policy;
    return { ...s, tablePolicies: { ...s.tablePolicies, [clusterId]: tables } };
  }, true);
}

export function noteConvergence(conflictId: string, check: Convergence): void {
  useConflicts.setState((s) => {
    const checks = { ...s.checks, [conflictId]: check };
    const ids = Object.keys(checks);
    if (ids.length > 100) delete checks[ids[0]!];
    return { ...s, checks };
  }, true);
}

export function setConflictFilter(patch: Partial<ConflictFilter>): void {
  useConflicts.setState((s) => ({ ...s, filter: { ...s.filter, ...patch } }), true);
}

export function selectConflict(id: string | null): void {
  useConflicts.setState((s) => (s.selectedId === id ? s : { ...s, selectedId: id }), true);
}

export function setInboxOpen(open: boolean): void {
  useConflicts.setState((s) => (s.open === open ? s : { ...s, open }), true);
}

/**
 * Opens the inbox on the tab with work in it: "Open" while conflicts are open, else "To review" when the
 * engine's decisions wait for review (not an empty "Open" tab); an explicit tab choice is kept otherwise.
 */
export function openInbox(): void {
  useConflicts.setState((s) => {
    if (s.open) return s;
    const status = s.filter.status === 'open' && openCount(s) === 0 && reviewCount(s) > 0 ? 'review' : s.filter.status;
    return { ...s, open: true, filter: status === s.filter.status ? s.filter : { ...s.filter, status } };
  }, true);
}

/** How many conflicts each status tab holds (before the other filters). */
export function tabCounts(s: ConflictsState): Record<ConflictFilter['status'], number> {
  const n = { open: 0, review: 0, resolved: 0 };
  for (const c of Object.values(s.byId)) {
    if (c.status === 'open') n.open++;
    else n.resolved++;
    if (awaitingReview(c)) n.review++;
  }
  return n;
}

/** Decisions the engine took that await the admin's review (accept or overturn). */
export function awaitingReview(c: ConflictEvent): boolean {
  return c.engineDecision?.review === 'pending';
}

/** Engine decisions of every cluster awaiting review (the sidebar's second badge). */
export function reviewCount(s: ConflictsState): number {
  let n = 0;
  for (const c of Object.values(s.byId)) if (awaitingReview(c)) n++;
  return n;
}

/** Open conflicts of every cluster (the sidebar badge). */
export function openCount(s: ConflictsState): number {
  let n = 0;
  for (const c of Object.values(s.byId)) if (c.status === 'open') n++;
  return n;
}

/** The tables a cluster's conflicts (open or in history) name, sorted: the scopes a policy can be given. */
export function tablesOf(byId: Readonly<Record<string, ConflictEvent>>, clusterId: string): string[] {
  const set = new Set<string>();
  for (const c of Object.values(byId)) if (c.clusterId === clusterId) set.add(c.target.table);
  return [...set].sort();
}

export function useTablesOf(clusterId: string): string[] {
  return useConflicts(useShallow((s) => tablesOf(s.byId, clusterId)));
}
