import type { ConflictEvent } from '../../../shared/model/conflict';

/**
 * The inbox's key search, as a DBA types it:
 * - with `=` the query names key columns and values, matched whole: `id=1` finds the row id=1, not id=10 or
 *   id=100035; a composite key matches when every named part is one of its parts (`b=2` finds `a=1, b=2`);
 *   a part ending in `*` is a prefix (`id=10*`); `public.items/id=1` also names the table;
 * - without `=` it is a substring of `table/key` (`items`, `1003`).
 * Case-insensitive; double quotes around column names are ignored (PostgreSQL quotes some).
 */
export function keyMatcher(query: string): ((c: ConflictEvent) => boolean) | null {
  const q = query.trim().toLowerCase();
  if (!q) return null;
  if (!q.includes('=')) return (c) => `${c.target.table}/${c.target.key}`.toLowerCase().includes(q);
  const slash = q.lastIndexOf('/', q.indexOf('='));
  const table = slash >= 0 ? q.slice(0, slash).trim() : null;
  const wanted = splitParts(slash >= 0 ? q.slice(slash + 1) : q);
  return (c) => {
    if (table !== null && !tableMatches(c.target.table.toLowerCase(), table)) return false;
    const parts = splitParts(c.target.key.toLowerCase());
    return wanted.every((w) => parts.some((p) => (w.endsWith('*') ? p.startsWith(w.slice(0, -1)) : p === w)));
  };
}

/** `"id" = 1, b=2` → ['id=1', 'b=2']. */
function splitParts(text: string): string[] {
  return text
    .split(',')
    .map((p) => p.replaceAll('"', '').replace(/\s*=\s*/, '=').trim())
    .filter((p) => p.length > 0);
}

/** `items` matches `public.items`; `public.items` only itself. */
function tableMatches(table: string, wanted: string): boolean {
  const w = wanted.replaceAll('"', '');
  return table === w || table.endsWith(`.${w}`);
}
