import type { ConflictEvent } from '../../../shared/model/conflict';
import { keyMatcher } from './key-search';
import { awaitingReview, type ConflictFilter } from './store';

/** One line of the virtualised inbox: a cluster/table group header, or a conflict. */
export type InboxRow = { type: 'group'; key: string; clusterId: string; table: string; count: number } | { type: 'item'; key: string; id: string };

export function matches(c: ConflictEvent, f: ConflictFilter, now: number, byKey = keyMatcher(f.text)): boolean {
  if (f.status === 'review' ? !awaitingReview(c) : c.status !== f.status) return false;
  if (f.kind !== '*' && c.kind !== f.kind) return false;
  if (f.node && !c.versions.some((v) => v.origin === f.node || v.nodeId === f.node)) return false;
  if (f.maxAgeMs > 0 && now - c.detectedAt > f.maxAgeMs) return false;
  if (byKey && !byKey(c)) return false;
  return true;
}

/**
 * The filtered conflicts grouped by cluster (in `clusterOrder`) and table,
 * as flat rows for a virtual list. Open ones oldest first; history newest first.
 */
export function buildRows(all: readonly ConflictEvent[], f: ConflictFilter, now: number, clusterOrder: readonly string[]): { rows: InboxRow[]; ids: string[] } {
  const groups = new Map<string, ConflictEvent[]>();
  const byKey = keyMatcher(f.text);
  for (const c of all) {
    if (!matches(c, f, now, byKey)) continue;
    const key = `${c.clusterId}\u0000${c.target.table}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(c);
  }
  const rank = (id: string) => {
    const i = clusterOrder.indexOf(id);
    return i < 0 ? clusterOrder.length : i;
  };
  const keys = [...groups.keys()].sort((a, b) => {
    const [ca, ta] = a.split('\u0000') as [string, string];
    const [cb, tb] = b.split('\u0000') as [string, string];
    return rank(ca) - rank(cb) || ca.localeCompare(cb) || ta.localeCompare(tb);
  });
  const rows: InboxRow[] = [];
  const ids: string[] = [];
  const when = (c: ConflictEvent) => (f.status === 'open' ? c.detectedAt : -(c.resolution?.at ?? c.detectedAt));
  for (const key of keys) {
    const items = groups.get(key)!.sort((a, b) => when(a) - when(b) || a.id.localeCompare(b.id));
    const [clusterId, table] = key.split('\u0000') as [string, string];
    rows.push({ type: 'group', key: `g:${key}`, clusterId, table, count: items.length });
    for (const c of items) {
      rows.push({ type: 'item', key: c.id, id: c.id });
      ids.push(c.id);
    }
  }
  return { rows, ids };
}

/** Field names of the versions, and which of them differ between versions. */
export function fieldDiff(c: ConflictEvent): { fields: string[]; differs: Set<string>; objects: boolean } {
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!c.versions.every((v) => isObj(v.value))) {
    const same = c.versions.every((v) => JSON.stringify(v.value) === JSON.stringify(c.versions[0]!.value));
    return { fields: ['(value)'], differs: new Set(same ? [] : ['(value)']), objects: false };
  }
  const fields = [...new Set(c.versions.flatMap((v) => Object.keys(v.value as object)))].sort();
  const differs = new Set(fields.filter((f) => new Set(c.versions.map((v) => JSON.stringify((v.value as Record<string, unknown>)[f]))).size > 1));
  return { fields, differs, objects: true };
}
