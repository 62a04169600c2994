import { fail, ok, type Result } from '../../../../shared/result';
import { quoteIdent } from '../../../../shared/postgres/quote';
import { bound, describeStatement, plain } from '../../../../shared/postgres/statement';
import { canonical } from '../../../core/conflicts/convergence';
import type { ResolutionPlan } from '../conflicts/resolve-plan';
import { tableText, type KeyValues } from '../conflicts/local-relation';
import type { PglTable } from './catalog';

export interface OverturnInput {
  nodeId: string;
  table: PglTable;
  key: KeyValues;
  /** The value the engine kept (accepting it writes nothing). */
  kept: unknown;
  value: unknown;
  policy: string | null;
  /** conflict_resolution as read on each pglogical node (name: its pglogical node name where known). */
  policies?: { nodeId: string; name: string; policy: string | null }[];
}

const KEEPS_OWN = new Set(['first_update_wins', 'keep_local']);

/** What the policy read on each other node means for the overturn there. */
export function policyCaveat(i: Pick<OverturnInput, 'nodeId' | 'policy' | 'policies'>): string {
  const others = i.policies?.filter((p) => p.nodeId !== i.nodeId);
  if (!others?.length) {
    return i.policy && KEEPS_OWN.has(i.policy)
      ? ` Under ${i.policy} a node whose own row is older may keep it: the convergence check says so.`
      : ' Under last_update_wins and apply_remote the new change wins on every node.';
  }
  const keep = others.filter((p) => p.policy && KEEPS_OWN.has(p.policy));
  if (!keep.length) return ` The other nodes run ${[...new Set(others.map((p) => p.policy ?? 'an unknown policy'))].join(', ')}: the new change wins there.`;
  return ` Warning: ${keep.map((p) => `${p.name} (${p.policy})`).join(', ')} keep their own row where it is older than this change: the overturn will not win there (the convergence check says so).`;
}

/**
 * What overturning pglogical's decision runs: the chosen value written on one
 * node as a new change, which pglogical sends to every other node. Table and
 * columns come from the catalog (quoted by quote.ts), the value is one bind
 * parameter typed by the table (jsonb_populate_record), the key values are bind
 * parameters. Null deletes the row. The same value as the kept one: accept
 * (`null`: nothing to run).
 */
export function planOverturn(i: OverturnInput): Result<ResolutionPlan | null> {
  if (canonical(i.value) === canonical(i.kept)) return ok(null);
  if (i.value !== null && (typeof i.value !== 'object' || Array.isArray(i.value))) return fail('invalid-choice', `a row is a JSON object of column values (or null to delete it), not ${JSON.stringify(i.value)}`);
  const table = tableText(i.table);
  const cols = i.table.columns.map((c) => c.name);
  if (i.value !== null) {
    const unknown = Object.keys(i.value as object).filter((k) => !cols.includes(k));
    if (unknown.length) return fail('invalid-choice', `${table} has no column ${unknown.map((u) => JSON.stringify(u)).join(', ')}`);
  }
  const where = i.key.columns.map((c, n) => `${quoteIdent(c)} = $${n + 1}`).join(' AND ');
  const others = cols.filter((c) => !i.key.columns.includes(c));
  const write =
    i.value === null
      ? bound(`DELETE FROM ${table} WHERE ${where}`, ...i.key.values)
      : bound(
          `INSERT INTO ${table} SELECT * FROM jsonb_populate_record(NULL::${table}, $1::jsonb) ON CONFLICT (${i.key.columns.map(quoteIdent).join(', ')}) ` +
            (others.length ? `DO UPDATE SET ${others.map((c) => `${quoteIdent(c)} = EXCLUDED.${quoteIdent(c)}`).join(', ')}` : 'DO NOTHING'),
          JSON.stringify(i.value),
        );
  const steps = [plain('BEGIN'), write, plain('COMMIT')];
  const caveat = policyCaveat(i);
  return ok({
    mode: 'write-value',
    nodeId: i.nodeId,
    table: { oid: i.table.oid, schema: i.table.schema, name: i.table.name },
    steps,
    statements: steps.map(describeStatement),
    skipped: [],
    note: `Overturn: writes this value on ${i.nodeId} as a new change that pglogical replicates to every node (columns it leaves out become NULL; a refused value changes nothing).${caveat}`,
  });
}
