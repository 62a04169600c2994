import type { ConflictEvent, ConflictVersion, VersionVector } from '../../../shared/model/conflict';
import type { PolicyPick, ResolveChoice, ResolvePreview } from '../../../shared/ipc/conflicts';
import type { PolicyRequest } from '../../../shared/ipc/conflict-policy';
import { assertNever, fail, ok, type Result } from '../../../shared/result';
import { decidePolicy, newerFirst } from './policy-decide';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The policies every conflict is shown against (field rules need a rule, so only the default one). */
const SHOWN: PolicyRequest[] = [
  { policy: 'last-writer-wins' },
  { policy: 'version-vector' },
  { policy: 'field-rules', rules: { fields: {}, otherwise: { kind: 'newest' } } },
];

export function policyPicks(c: ConflictEvent, extra: PolicyRequest[] = []): PolicyPick[] {
  const nodes = [...new Set(c.versions.map((v) => v.origin))].sort();
  const prefer: PolicyRequest[] = nodes.map((node) => ({ policy: 'prefer-node', node }));
  return [...SHOWN, ...prefer, ...extra].map((p) => {
    const d = decidePolicy(c.versions, p);
    return { policy: p.policy, winner: d.winner, value: d.value, why: d.settles ? d.why : `no automatic pick: ${d.why}`, exact: d.exact };
  });
}

function joinVectors(versions: readonly ConflictVersion[]): VersionVector {
  const out: VersionVector = {};
  for (const v of versions) for (const [n, x] of Object.entries(v.versionVector ?? {})) out[n] = Math.max(out[n] ?? 0, x);
  return out;
}

export function formatVector(v: VersionVector): string {
  return `{${Object.keys(v).sort().map((k) => `${k}:${v[k]}`).join(',')}}`;
}

function vectorWords(c: ConflictEvent): string {
  if (c.versions.some((v) => !v.versionVector)) {
    return `The value is written as a new change on one node and replicates to the others; this engine reports no version vectors.`;
  }
  const joined = formatVector(joinVectors(c.versions));
  return (
    `Written with a new version vector: the join of all ${c.versions.length} conflicting vectors ${joined} plus one on the node that writes it. ` +
    `It dominates every conflicting version, so each peer replaces them all with this value and the conflict ends.`
  );
}

function mergeValue(c: ConflictEvent, fields: Record<string, number>): Result<{ value: Record<string, unknown>; lines: ResolvePreview['fields'] }> {
  if (!c.versions.every((v) => isObject(v.value))) return fail('not-mergeable', 'merge field by field needs an object value in every version (one is a delete, a list or a scalar): keep a version or type a custom value');
  for (const [field, i] of Object.entries(fields)) {
    if (!c.versions[i]) return fail('invalid-choice', `field "${field}": there is no version ${i} (this conflict has ${c.versions.length})`);
  }
  const all = [...new Set(c.versions.flatMap((v) => Object.keys(v.value as object)))].sort();
  const unknown = Object.keys(fields).filter((f) => !all.includes(f));
  if (unknown.length) return fail('invalid-choice', `no version has the field(s) ${unknown.join(', ')}`);
  const value: Record<string, unknown> = {};
  const lines: ResolvePreview['fields'] = [];
  for (const field of all) {
    const pick = fields[field];
    const source = pick !== undefined ? c.versions[pick]! : c.versions.filter((v) => Object.hasOwn(v.value as object, field)).sort(newerFirst)[0]!;
    if (!Object.hasOwn(source.value as object, field)) {
      lines.push({ field, value: null, from: `left out (${source.origin}'s version has no ${field})` });
      continue;
    }
    value[field] = (source.value as Record<string, unknown>)[field];
    lines.push({ field, value: value[field], from: pick !== undefined ? `from ${source.origin}` : `from ${source.origin} (newest that has it)` });
  }
  return ok({ value, lines });
}

/** Exactly what resolving `c` with `choice` writes, with the vector semantics in words. Changes nothing. */
export function previewResolution(c: ConflictEvent, choice: ResolveChoice): Result<ResolvePreview> {
  // An engine's own decision (pglogical) stays reviewable: accept it or overturn it.
  if (c.status === 'resolved' && c.engineDecision?.review !== 'pending') return fail('conflict-resolved', `conflict ${c.id} was already resolved by ${c.resolution?.by ?? 'someone'}`);
  const base = { conflictId: c.id, vector: vectorWords(c), picks: policyPicks(c) };
  const where = `${c.target.table}/${c.target.key}`;
  switch (choice.kind) {
    case 'keep': {
      const v = c.versions[choice.version];
      if (!v) return fail('invalid-choice', `there is no version ${choice.version} (this conflict has ${c.versions.length})`);
      const fields = isObject(v.value)
        ? Object.keys(v.value).sort().map((field) => ({ field, value: (v.value as Record<string, unknown>)[field], from: `from ${v.origin}` }))
        : [{ field: '(value)', value: v.value, from: v.value === null ? `${v.origin}'s delete` : `from ${v.origin}` }];
      const what = v.value === null ? `deletes ${where} (keeps ${v.origin}'s delete)` : `writes ${v.origin}'s version of ${where}`;
      return ok({ ...base, value: v.value, fields, summary: `Keep ${v.origin}: ${what}; the other ${c.versions.length - 1} version(s) are replaced.` });
    }
    case 'merge': {
      const m = mergeValue(c, choice.fields);
      if (!m.ok) return m;
      return ok({ ...base, value: m.value.value, fields: m.value.lines, summary: `Merge field by field: writes ${where} with ${m.value.lines.length} field(s) picked as listed.` });
    }
    case 'custom': {
      if (choice.value === undefined) return fail('invalid-choice', 'a custom value is required (null deletes the key)');
      const fields = isObject(choice.value)
        ? Object.keys(choice.value).sort().map((field) => ({ field, value: (choice.value as Record<string, unknown>)[field], from: 'typed by hand' }))
        : [{ field: '(value)', value: choice.value, from: 'typed by hand' }];
      return ok({ ...base, value: choice.value, fields, summary: `Custom value: writes ${where} exactly as typed${choice.value === null ? ' (a delete)' : ''}.` });
    }
    default:
      return assertNever(choice, 'resolve choice');
  }
}
