import { useCallback, useState } from 'react';
import { TestIds } from '../../testids';
import { AddClusterForm, type AddMode } from './AddClusterForm';
import { ClusterListItem } from './ClusterListItem';
import { EditConnectionForm } from './EditConnectionForm';
import { useClusters } from './store';
import './clusters.css';

export function ClusterSidebar() {
  const ids = useClusters((s) => s.ids);
  const [adding, setAdding] = useState<AddMode | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const edit = useCallback((id: string) => {
    setAdding(null);
    setEditing(id);
  }, []);
  return (
    <div className="sidebar-inner">
      <div className="sidebar-title">
        <span className="brand">ReplicaDesk</span>
      </div>
      <div className="section-title">Clusters</div>
      <ul className="cluster-list" data-testid={TestIds.clusterList} data-count={ids.length}>
        {ids.map((id) => (
          <ClusterListItem key={id} id={id} onEdit={edit} />
        ))}
        {ids.length === 0 && <li className="muted small">No clusters yet.</li>}
      </ul>
      {editing !== null && ids.includes(editing) ? (
        <EditConnectionForm key={editing} clusterId={editing} onClose={() => setEditing(null)} />
      ) : adding === null ? (
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
