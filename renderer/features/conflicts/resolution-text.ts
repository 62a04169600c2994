import type { ConflictEvent, ConflictVersion } from '../../../shared/model/conflict';

/** JSON with object keys sorted: equal rows compare equal whatever their column order. */
function canonical(v: unknown): string {
  return JSON.stringify(v ?? null, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : x,
  );
}

/** "root@vm (via replicadesk)" → "root@vm": the admin, not the tool that wrote for them. */
function actorOf(by: string): string {
  return by.replace(/\s*\(via [^)]*\)\s*$/, '');
}

/** What the resolution wrote, in terms of the versions: "kept n1's version", "kept n2's delete", or a merged/typed value. */
export function whatWasKept(c: ConflictEvent, nameOf: (v: ConflictVersion) => string): string {
  const value = c.resolution?.value;
  const same = c.versions.find((v) => canonical(v.value) === canonical(value));
  if (same) return same.value === null ? `kept ${nameOf(same)}'s delete` : `kept ${nameOf(same)}'s version`;
  return value === null ? 'deleted the row' : 'wrote a merged or typed value';
}

/** How it was done, from the app's own record (`bulk by last-writer-wins: …`, `policy:…`): a short tail, or ''. */
function modeOf(how: string): string {
  const bulk = /^bulk by ([^:]+):/.exec(how);
  if (bulk) return ` (in a bulk run, by ${bulk[1]})`;
  const policy = /^policy:([^\s(:]+)/.exec(how);
  if (policy) return ` (by policy ${policy[1]})`;
  return '';
}

/**
 * The resolution in one readable line, from the conflict's data rather than the raw record:
 * "Overturned by root@vm: kept n1's version", "Accepted by root@vm: kept n2's version, as the engine did
 * (nothing written)", "Resolved by root@vm: kept n1's version". A resolution the app did not make (the
 * engine's own) keeps its words: "Resolved by engine (pglogical): <how>".
 */
export function resolutionText(c: ConflictEvent, nameOf: (v: ConflictVersion) => string): string {
  const r = c.resolution;
  if (!r) return '';
  const actor = actorOf(r.by);
  const review = c.engineDecision?.review;
  const kept = whatWasKept(c, nameOf);
  // Where it was written ("root@vm (via peer-1)"): kept in view, it says which node took the write.
  const via = /\(via ([^)]*)\)\s*$/.exec(r.by)?.[1];
  const mode = `${via && via !== 'replicadesk' ? `, written via ${via}` : ''}${modeOf(r.how)}`;
  if (review === 'overturned') return `Overturned by ${actor}: ${kept}${mode}`;
  if (review === 'accepted') return `Accepted by ${actor}: ${kept}, as the engine did (nothing written)${mode}`;
  const byApp = /^(by hand|bulk by|policy:)/.test(r.how);
  return byApp ? `Resolved by ${actor}: ${kept}${mode}` : `Resolved by ${actor}: ${r.how}`;
}
