import type { ClusterSample } from '../../../shared/model/sample';

/** Display names from one sample: a node's `name` (cluster_name or alias), its id when unknown. */
export interface Names {
  node(id: string | null): string;
  link(from: string, to: string): string;
}

export function namesOf(...samples: (ClusterSample | null)[]): Names {
  const byId = new Map<string, string>();
  for (const s of samples) for (const n of s?.nodes ?? []) if (!byId.has(n.id) && n.name) byId.set(n.id, n.name);
  const node = (id: string | null) => (id === null ? 'the cluster' : (byId.get(id) ?? id));
  return { node, link: (from, to) => `${node(from)} → ${node(to)}` };
}
