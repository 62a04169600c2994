import { TestIds } from '../../testids';
import { LinkDetail } from '../lag/LinkDetail';
import { useSelection } from '../topology/selection';
import { PoolerDetail } from '../topology/PoolerDetail';
import { NodeDetail } from './NodeDetail';
import './nodes.css';

/** Details of what is selected in the graph: a node (with its slots) or a link. */
export function DetailPanel({ clusterId }: { clusterId: string }) {
  const selection = useSelection((s) => s.selection);
  return (
    <section className="panel detail-panel">
      <header className="panel-head">
        <h2>{selection.kind === 'link' ? 'Link' : selection.kind === 'pooler' ? 'Pooler' : 'Node'}</h2>
      </header>
      {selection.kind === 'node' && <NodeDetail clusterId={clusterId} nodeId={selection.nodeId} />}
      {selection.kind === 'link' && <LinkDetail clusterId={clusterId} linkId={selection.linkId} />}
      {selection.kind === 'pooler' && <PoolerDetail clusterId={clusterId} poolerId={selection.poolerId} />}
      {selection.kind === 'none' && (
        <div className="muted small pad" data-testid={TestIds.nodeDetail} data-node-id="">
          Click a node or a link in the graph to see its details.
        </div>
      )}
    </section>
  );
}
