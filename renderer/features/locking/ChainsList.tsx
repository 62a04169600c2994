import { useMemo } from 'react';
import type { LockingSnapshot } from '../../../shared/model/locking';
import { TestIds } from '../../testids';
import { ChainTable } from './ChainTable';
import { chainViews } from './tree';

/** Every blocking tree of the cluster, per node. */
export function ChainsList({ clusterId, snapshot }: { clusterId: string; snapshot: LockingSnapshot }) {
  const views = useMemo(() => chainViews(snapshot), [snapshot]);
  const writable = useMemo(() => new Set(snapshot.nodes.filter((n) => !n.error && !n.inRecovery).map((n) => n.nodeId)), [snapshot]);
  return (
    <div data-testid={TestIds.chainList} data-count={views.length}>
      <div className="subsection-title">Blocking chains</div>
      {views.length === 0 && <div className="muted small">No session waits on a lock another holds.</div>}
      {views.map((v) => (
        <ChainTable key={v.key} clusterId={clusterId} view={v} chainWaitMs={snapshot.limits.chainWaitMs} writable={writable.has(v.chain.nodeId)} />
      ))}
    </div>
  );
}
