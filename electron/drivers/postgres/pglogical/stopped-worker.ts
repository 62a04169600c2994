import type { PgNodeHandle } from '../conflicts/inspect';
import type { ConflictGroup } from './conflict-group';

/**
 * A conflict that stopped an apply worker (conflict_resolution = error) is resolved once its
 * subscription (by id, from pglogical's catalog) replicates again, 5 s after the last retry was logged.
 * Returns the SQL round-trips made.
 */
export async function settleStopped(groups: readonly ConflictGroup[], nodes: readonly PgNodeHandle[], now: () => number, signal: AbortSignal): Promise<number> {
  let queries = 0;
  for (const g of groups.filter((x) => x.status === 'open')) {
    const node = nodes.find((n) => n.id === g.first.loggedOn);
    if (!node || g.first.subscriptionId === null) continue;
    const r = await node.conn.query<{ status: string }>(
      `SELECT st.status FROM pglogical.show_subscription_status() st JOIN pglogical.subscription s ON s.sub_name = st.subscription_name WHERE s.sub_id = $1::oid`,
      signal,
      undefined,
      [String(g.first.subscriptionId)],
    );
    queries += 1;
    if (r.ok && r.value[0]?.status === 'replicating' && now() - g.observations.at(-1)!.at > 5_000) {
      g.status = 'resolved';
      g.resolution = { at: now(), by: 'engine (pglogical)', how: 'the subscription replicates again: its apply worker got past the change', value: null };
    }
  }
  return queries;
}
