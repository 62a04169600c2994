import { memo } from 'react';
import { formatBytes, formatMs } from '../../lib/format';
import { TestIds } from '../../testids';
import { Freshness } from '../nodes/Freshness';
import { selectLink, useSelection } from '../topology/selection';
import { useTopology } from '../topology/store';
import { NodeLabel } from '../topology/NodeLabel';

export const ROW_HEIGHT = 23;

export const LinkRow = memo(function LinkRow({ clusterId, linkId, intervalMs }: { clusterId: string; linkId: string; intervalMs: number }) {
  const link = useTopology((s) => s.byCluster[clusterId]?.links.byId[linkId]);
  const selected = useSelection((s) => s.selection.kind === 'link' && s.selection.linkId === linkId);
  if (!link) return null;
  const { bytes, ms } = link.lag;
  return (
    <tr
      className={`clickable${selected ? ' selected' : ''}`}
      style={{ height: ROW_HEIGHT }}
      onClick={() => selectLink(linkId)}
      data-testid={TestIds.linkRow}
      data-link-id={linkId}
      data-state={link.state}
    >
      <td>
        <NodeLabel clusterId={clusterId} nodeId={link.from} /> → <NodeLabel clusterId={clusterId} nodeId={link.to} />
      </td>
      <td className={`link-state link-${link.state}`}>{link.state}</td>
      <td>{link.sync}</td>
      <td className="num">{formatBytes(bytes.sent)}</td>
      <td className="num">{formatBytes(bytes.write)}</td>
      <td className="num">{formatBytes(bytes.flush)}</td>
      <td className="num">{formatBytes(bytes.replay)}</td>
      <td className="num">{formatMs(ms.write)}</td>
      <td className="num">{formatMs(ms.flush)}</td>
      <td className="num">{formatMs(ms.replay)}</td>
      <td>
        {link.state === 'ended' ? <span className="muted">ended: no lag</span> : <Freshness at={link.lag.measuredAt} sampleIntervalMs={intervalMs} prefix="" />}
      </td>
    </tr>
  );
});
