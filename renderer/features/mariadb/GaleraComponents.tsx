import { useShallow } from 'zustand/react/shallow';
import type { GaleraCluster } from '../../../shared/engines/galera';
import { useTopology } from '../topology/store';
import { selectNodeName } from '../topology/node-name';
import { selectNode } from '../topology/selection';
import { MariadbTestIds } from './testids';

/** Each component as a group of its nodes; a non-Primary one is highlighted (it takes no writes). */
export function GaleraComponents({ clusterId, components }: { clusterId: string; components: GaleraCluster['components'] }) {
  const ids = components.flatMap((c) => c.nodeIds);
  const names = useTopology(useShallow((s) => ids.map((id) => selectNodeName(s, clusterId, id))));
  const nameOf = (id: string) => names[ids.indexOf(id)] ?? id;
  return (
    <div className="galera-components">
      {components.map((c) => (
        <div
          key={c.nodeIds.join(',')}
          className={`galera-component${c.primary ? ' primary' : ' non-primary'}`}
          data-testid={MariadbTestIds.galeraComponent}
          data-primary={c.primary}
          data-node-ids={c.nodeIds.join(',')}
        >
          <div className="galera-component-head">{c.primary ? 'Primary component' : 'non-Primary: no quorum, refuses queries'}</div>
          <div className="galera-component-nodes">
            {c.nodeIds.map((id) => (
              <button key={id} type="button" className="galera-member" onClick={() => selectNode(id)}>
                {nameOf(id)}
              </button>
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
