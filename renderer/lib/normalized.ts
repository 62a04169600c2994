import { keepIfSame, sameIds } from './same';

/** A collection normalised as `{ ids, byId }` (ids keep the source order). */
export interface Normalized<T> {
  readonly ids: readonly string[];
  readonly byId: Readonly<Record<string, T>>;
}

export function emptyNormalized<T>(): Normalized<T> {
  return { ids: [], byId: {} };
}

/**
 * Replaces the whole collection with `items`, reusing every item (and the
 * ids array, and the collection itself) that did not change.
 */
export function reconcile<T>(prev: Normalized<T>, items: readonly T[], idOf: (item: T) => string): Normalized<T> {
  const ids: string[] = [];
  const byId: Record<string, T> = {};
  let changed = items.length !== prev.ids.length;
  for (const item of items) {
    const id = idOf(item);
    if (Object.prototype.hasOwnProperty.call(byId, id)) continue; // first one wins on duplicate ids
    const kept = keepIfSame(prev.byId[id], item);
    if (kept !== prev.byId[id]) changed = true;
    ids.push(id);
    byId[id] = kept;
  }
  if (!changed && sameIds(ids, prev.ids)) return prev;
  return { ids: sameIds(ids, prev.ids) ? prev.ids : ids, byId };
}

/** Inserts or updates `items`, keeping everything else; returns `prev` when nothing changed. */
export function upsertMany<T>(prev: Normalized<T>, items: readonly T[], idOf: (item: T) => string): Normalized<T> {
  let byId: Record<string, T> | null = null;
  let ids: string[] | null = null;
  for (const item of items) {
    const id = idOf(item);
    const current = (byId ?? prev.byId)[id];
    const kept = keepIfSame(current, item);
    if (kept === current) continue;
    byId ??= { ...prev.byId };
    if (current === undefined) {
      ids ??= [...prev.ids];
      ids.push(id);
    }
    byId[id] = kept;
  }
  if (byId === null) return prev;
  return { ids: ids ?? prev.ids, byId };
}

/** Removes the given ids; returns `prev` when none were present. */
export function removeMany<T>(prev: Normalized<T>, removed: readonly string[]): Normalized<T> {
  const drop = new Set(removed.filter((id) => Object.prototype.hasOwnProperty.call(prev.byId, id)));
  if (drop.size === 0) return prev;
  const byId: Record<string, T> = {};
  const ids = prev.ids.filter((id) => !drop.has(id));
  for (const id of ids) byId[id] = prev.byId[id] as T;
  return { ids, byId };
}

/** Items in id order (for non-React callers; components should select ids). */
export function toList<T>(n: Normalized<T>): T[] {
  return n.ids.map((id) => n.byId[id]).filter((x): x is T => x !== undefined);
}
