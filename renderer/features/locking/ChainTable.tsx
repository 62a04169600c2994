import { formatMs } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { TestIds } from '../../testids';
import { ChainRootRow } from './ChainRootRow';
import { NodeName } from './NodeName';
import { SessionRow } from './SessionRow';
import { chainOverLimit, flattenTree, longestWaitMs, type ChainView } from './tree';

/** One blocking tree: its root, then every session waiting behind it, indented by depth. */
export function ChainTable({ clusterId, view, chainWaitMs, writable }: { clusterId: string; view: ChainView; chainWaitMs: number; writable: boolean }) {
  const now = useNow(1_000);
  const over = chainOverLimit(view, chainWaitMs, now);
  const { chain } = view;
  const rows = flattenTree(view.waiters);
  const rootLabel = chain.root.kind === 'session' ? `pid ${chain.root.pid}` : `prepared "${chain.root.gid}"`;
  return (
    <div
      className={`chain${over ? ' chain-over' : ''}`}
      data-testid={TestIds.chain}
      data-node-id={chain.nodeId}
      data-root-kind={chain.root.kind}
      data-root={chain.root.kind === 'session' ? String(chain.root.pid) : chain.root.gid}
      data-waiting={chain.waiting.join(',')}
      data-over-limit={over}
    >
      <div className="chain-head small">
        <strong>{rootLabel}</strong> on <NodeName clusterId={clusterId} nodeId={chain.nodeId} /> blocks {chain.waiting.length} session{chain.waiting.length === 1 ? '' : 's'} · longest wait{' '}
        <span className={over ? 'warn-text' : undefined}>{formatMs(Math.max(chain.longestWaitMs, longestWaitMs(view.waiters, now)))}</span>
        {over && <span className="flag"> over the {formatMs(chainWaitMs)} limit</span>}
      </div>
      <table className="locking-table">
        <thead>
          <tr>
            <th>pid</th>
            <th>user / database</th>
            <th>state</th>
            <th>wait</th>
            <th>query</th>
            <th>waiting</th>
            <th>xact age</th>
            <th />
          </tr>
        </thead>
        <tbody>
          <ChainRootRow clusterId={clusterId} nodeId={chain.nodeId} root={view.root} writable={writable} />
          {rows.map((r) => (
            <SessionRow key={r.session.pid} clusterId={clusterId} nodeId={chain.nodeId} session={r.session} depth={r.depth} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
