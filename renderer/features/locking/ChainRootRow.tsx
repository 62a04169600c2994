import { TestIds } from '../../testids';
import { ActionButton } from './ActionButton';
import { Age } from './Age';
import { SessionRow } from './SessionRow';
import type { ChainRoot } from './tree';

/** The chain's root: a session (a normal row) or a prepared transaction (acted on by gid). */
export function ChainRootRow({ clusterId, nodeId, root, writable }: { clusterId: string; nodeId: string; root: ChainRoot; writable: boolean }) {
  if (root.kind === 'session') {
    if (root.session) return <SessionRow clusterId={clusterId} nodeId={nodeId} session={root.session} depth={0} />;
    return (
      <tr className="chain-root-row" data-testid={TestIds.chainSession} data-pid={root.pid} data-depth={0} data-node-id={nodeId}>
        <td colSpan={8}>
          <strong>{root.pid}</strong> <span className="muted">not a client session (not in pg_stat_activity&apos;s client backends)</span>
        </td>
      </tr>
    );
  }
  const p = root.prepared;
  return (
    <tr className="chain-root-row" data-testid={TestIds.chainSession} data-gid={root.gid} data-depth={0} data-node-id={nodeId}>
      <td colSpan={2}>
        prepared <code className="gid">{root.gid}</code>
        {p && <div className="muted small">{p.owner} / {p.database}</div>}
      </td>
      <td colSpan={4} className="muted small">
        in-doubt: waits for COMMIT / ROLLBACK PREPARED, holding {p ? `${p.locks.length} lock${p.locks.length === 1 ? '' : 's'}` : 'its locks'}
      </td>
      <td>{p ? <Age since={p.preparedAt} /> : '—'}</td>
      <td>
        <span className="row-actions">
          {writable ? (
            <>
              <ActionButton clusterId={clusterId} nodeId={nodeId} kind="commit-prepared" what={{ gid: root.gid }} />
              <ActionButton clusterId={clusterId} nodeId={nodeId} kind="rollback-prepared" what={{ gid: root.gid }} />
            </>
          ) : (
            <span className="muted small">standby: resolve it on the primary</span>
          )}
        </span>
      </td>
    </tr>
  );
}
