import { useState } from 'react';
import { TestIds } from '../../testids';
import { AddClusterForm, type AddMode } from './AddClusterForm';
import { ClusterListItem } from './ClusterListItem';
import { useClusters } from './store';
import './clusters.css';

export function ClusterSidebar() {
  const ids = useClusters((s) => s.ids);
  const [adding, setAdding] = useState<AddMode | null>(null);
  return (
    <div className="sidebar-inner">
      <div className="sidebar-title">
        <span className="brand">ReplicaDesk</span>
      </div>
      <div className="section-title">Clusters</div>
      <ul className="cluster-list" data-testid={TestIds.clusterList} data-count={ids.length}>
        {ids.map((id) => (
          <ClusterListItem key={id} id={id} />
        ))}
        {ids.length === 0 && <li className="muted small">No clusters yet.</li>}
      </ul>
      {adding === null ? (
        <div className="sidebar-actions">
          <button className="primary" data-testid={TestIds.addClusterButton} onClick={() => setAdding('postgres')}>
            + Add cluster
          </button>
          <button data-testid={TestIds.connectAgentButton} onClick={() => setAdding('agent')}>
            Connect agent…
          </button>
          <button data-testid={TestIds.addEtcdButton} onClick={() => setAdding('etcd')}>
            Add etcd…
          </button>
          <button data-testid={TestIds.addMariadbButton} onClick={() => setAdding('mariadb')}>
            Add MariaDB…
          </button>
        </div>
      ) : (
        <AddClusterForm key={adding} mode={adding} onClose={() => setAdding(null)} />
      )}
    </div>
  );
}
