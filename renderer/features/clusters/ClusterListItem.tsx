import { memo, useState } from 'react';
import { useApi } from '../../api/context';
import { TestIds } from '../../testids';
import { removeCluster } from './actions';
import { selectCluster, useClusters } from './store';
import { ClusterStateBadge } from './HeadlineBadge';
import { SidebarHeadline } from './SidebarHeadline';

/** `onEdit`: opens "Edit connection…" for this cluster (not offered for sandbox clusters). */
export const ClusterListItem = memo(function ClusterListItem({ id, onEdit }: { id: string; onEdit?: (id: string) => void }) {
  const cluster = useClusters((s) => s.byId[id]);
  const selected = useClusters((s) => s.selectedId === id);
  const api = useApi();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!cluster) return null;

  const remove = async () => {
    setConfirming(false);
    const result = await removeCluster(api, id);
    setError(result.ok ? null : result.reason);
  };

  return (
    <li
      className={`cluster-item${selected ? ' selected' : ''}`}
      data-testid={TestIds.clusterListItem}
      data-cluster-id={id}
      data-cluster-name={cluster.name}
      data-selected={selected}
      role="button"
      tabIndex={0}
      aria-pressed={selected}
      onClick={() => selectCluster(id)}
      onKeyDown={(e) => {
        if (e.target === e.currentTarget && (e.key === 'Enter' || e.key === ' ')) {
          e.preventDefault();
          selectCluster(id);
        }
      }}
    >
      <div className="cluster-item-row">
        <span className="cluster-name" title={cluster.name}>
          {cluster.name}
        </span>
        <ClusterStateBadge cluster={cluster} />
      </div>
      <div className="cluster-item-row cluster-meta">
        <span>{cluster.engine}</span>
        {cluster.kind && <span>· {cluster.kind}</span>}
        {cluster.sandbox && (
          <span className="sandbox-label" data-testid={TestIds.clusterSandboxLabel}>
            sandbox
          </span>
        )}
        <span className="spacer" />
        {onEdit && !cluster.sandbox && !confirming && (
          <button
            className="link-button"
            data-testid={TestIds.clusterEdit}
            title={`Edit connection… of ${cluster.name} (same cluster, history kept)`}
            aria-label={`Edit connection of ${cluster.name}`}
            onClick={(e) => (e.stopPropagation(), onEdit(id))}
          >
            ✎
          </button>
        )}
        {confirming ? (
          <>
            <button
              className="link-button danger"
              data-testid={TestIds.clusterRemoveConfirm}
              onClick={(e) => {
                e.stopPropagation();
                void remove();
              }}
            >
              remove
            </button>
            <button className="link-button" onClick={(e) => (e.stopPropagation(), setConfirming(false))}>
              keep
            </button>
          </>
        ) : (
          <button
            className="link-button"
            data-testid={TestIds.clusterRemove}
            title={`Remove ${cluster.name} (stop monitoring it)`}
            aria-label={`Remove ${cluster.name}`}
            onClick={(e) => (e.stopPropagation(), setConfirming(true))}
          >
            ✕
          </button>
        )}
      </div>
      {cluster.status.kind === 'failed' && <div className="cluster-failure">{cluster.status.reason}</div>}
      <SidebarHeadline cluster={cluster} />
      {error && (
        <div className="form-error" data-testid={TestIds.clusterRemoveError}>
          {error}
        </div>
      )}
    </li>
  );
});
