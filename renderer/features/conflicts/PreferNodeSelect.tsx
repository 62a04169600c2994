import { useShallow } from 'zustand/react/shallow';
import { TestIds } from '../../testids';
import { useTopology } from '../topology/store';
import { preferNodeOptions, type NodeOption } from './node-names';
import { useConflicts } from './store';

/** The cluster's nodes a prefer-node policy can name (display names; values as the backend compares them). */
export function usePreferNodeOptions(clusterId: string): NodeOption[] {
  const conflicts = useConflicts(useShallow((s) => Object.values(s.byId).filter((c) => c.clusterId === clusterId)));
  const topology = useTopology((s) => s.byCluster[clusterId]);
  return preferNodeOptions({ byCluster: topology ? { [clusterId]: topology } : {} }, clusterId, conflicts);
}

/** A list of the cluster's nodes, never free text: a name the backend does not know would prefer nobody. */
export function PreferNodeSelect({ options, value, onChange }: { options: NodeOption[]; value: string; onChange: (node: string) => void }) {
  if (options.length === 0) return <span className="muted small">no nodes known yet</span>;
  return (
    <select data-testid={TestIds.policyNode} value={value} onChange={(e) => onChange(e.target.value)} aria-label="Preferred node">
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          prefer {o.label}
        </option>
      ))}
    </select>
  );
}
