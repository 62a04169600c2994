import { fail, ok, type Result } from '../../../../shared/result';
import { canonical } from '../../../core/conflicts/convergence';
import type { NodeConnection } from '../node-connection';
import { readRow } from '../conflicts/table-rows';
import type { ConflictGroup } from './conflict-group';

/** What an overturn must know of its decision to tell whether a later change replaced the row since. */
export interface DecisionRow {
  g: ConflictGroup;
  /** The value the engine kept (undefined: the nodes kept different versions). */
  kept: unknown;
  /** Every version of the decision (to_jsonb form; null: a deletion). */
  versions: unknown[];
}

const shown = (v: unknown) => (v === null ? 'no row' : JSON.stringify(v));

/**
 * Null when the row now on the writing node is still what this decision left (the kept version; where the
 * nodes kept different ones, one of the decision's versions) or already the value to write; otherwise why the
 * decision is superseded. Read by OID-named table and bound key values (table-rows.ts).
 */
export async function supersededBy(conn: NodeConnection | null, d: DecisionRow, value: unknown, signal: AbortSignal): Promise<Result<string | null>> {
  const key = d.g.first.key;
  if (!conn || !key) return fail('unknown-node', 'the node the overturn is written on cannot be read: nothing was written');
  const r = await readRow(conn, d.g.first.table, key, signal);
  if (!r.ok) return r;
  const now = canonical(r.value.value);
  const still = d.kept === undefined ? d.versions.some((v) => canonical(v) === now) : canonical(d.kept) === now;
  if (still || canonical(value) === now) return ok(null);
  return ok(`the row changed since this decision (now ${shown(r.value.value)}); review the later one`);
}

/** The message of a superseded decision, as a refusal. */
export const supersededFail = (reason: string) => fail('superseded', reason);
