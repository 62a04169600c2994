import type { GaleraCluster } from '../../../shared/engines/galera';
import { selectNode } from '../topology/selection';
import { MariadbTestIds } from './testids';

/** Each component as a group of its nodes; a non-Primary one is highlighted (it takes no writes). */
export function GaleraComponents({ components, nameOf }: { components: GaleraCluster['components']; nameOf: (nodeId: string) => string }) {
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
