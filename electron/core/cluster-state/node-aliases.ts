import type { NodeAliases } from '../../../shared/model/cluster';
import type { ClusterSample } from '../../../shared/model/sample';
import { fail, ok, type Result } from '../../../shared/result';

/**
 * Puts the admin's alias in each node's `name`, before the monitor, events, plans and the UI
 * see the sample. Node ids (addresses) stay as they are. The same sample when nothing applies.
 */
export function applyAliases(sample: ClusterSample, aliases: NodeAliases | undefined): ClusterSample {
  if (!aliases || !sample.nodes.some((n) => aliases[n.id] !== undefined && aliases[n.id] !== n.name)) return sample;
  return { ...sample, nodes: sample.nodes.map((n) => (aliases[n.id] === undefined ? n : { ...n, name: aliases[n.id]! })) };
}

/**
 * The aliases after setting (or clearing, with null) one node's. Refuses an alias another node
 * already has, or another node's own name in the latest sample, naming the field.
 */
export function withAlias(
  current: NodeAliases | undefined,
  nodeId: string,
  alias: string | null,
  otherNames: ReadonlyMap<string, string>,
): Result<NodeAliases> {
  const next: NodeAliases = { ...(current ?? {}) };
  if (alias === null) {
    delete next[nodeId];
    return ok(next);
  }
  const key = alias.toLowerCase();
  const taken = Object.entries(next).find(([id, a]) => id !== nodeId && a.toLowerCase() === key);
  if (taken) return aliasTaken(`"${alias}" is already the alias of ${taken[0]}`);
  const named = [...otherNames].find(([id, name]) => id !== nodeId && name.toLowerCase() === key);
  if (named) return aliasTaken(`"${alias}" is already the name of node ${named[0]}`);
  next[nodeId] = alias;
  return ok(next);
}

function aliasTaken(message: string) {
  return fail('invalid-payload', `alias: ${message}`, [{ path: 'alias', message }]);
}
