import { fail, ok } from '../../../../shared/result';
import type { KeyReading, KeyTarget } from '../../../core/driver';
import type { PgNodeHandle } from '../conflicts/inspect';
import { readConflictKeys } from '../conflicts/resolve-batch';
import { readRow } from '../conflicts/table-rows';
import type { ConflictGroup } from './conflict-group';

/** The rows of many conflicts on every pglogical node: one query per node per table. */
export function readGroupKeys(nodes: PgNodeHandle[], groups: readonly ConflictGroup[], targets: KeyTarget[]): Promise<KeyReading[][]> {
  const byId = new Map(groups.map((g) => [g.id, g]));
  return readConflictKeys(nodes, targets, (id) => {
    const g = byId.get(id);
    return g ? { table: g.first.table, key: g.first.key ?? null, subscriberId: g.first.loggedOn } : undefined;
  });
}

/** One conflict's row on every pglogical node. */
export async function readGroupKey(nodes: PgNodeHandle[], g: ConflictGroup | undefined): Promise<KeyReading[]> {
  if (!g?.first.key) return [{ nodeId: g?.first.loggedOn ?? 'pglogical', result: fail('details-unknown', 'the key of this conflict is not known') }];
  const signal = new AbortController().signal;
  return Promise.all(
    nodes.map(async (n): Promise<KeyReading> => {
      const r = await readRow(n.conn, g.first.table, g.first.key!, signal);
      return { nodeId: n.id, result: r.ok ? ok({ value: r.value.value, versions: r.value.value === null ? 0 : 1, conflictId: null }) : r };
    }),
  );
}
