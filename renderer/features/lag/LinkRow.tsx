import { memo } from 'react';
import type { ReplicationLink } from '../../../shared/model/link';
import { formatBytes, formatLagMs, formatMs } from '../../lib/format';
import { TestIds } from '../../testids';
import { Freshness } from '../nodes/Freshness';
import { selectLink, useSelection } from '../topology/selection';
import { useTopology } from '../topology/store';
import { NodeLabel } from '../topology/NodeLabel';

export const ROW_HEIGHT = 23;

/** The figure columns of the link table, in order (bytes, then transactions, then time). */
export const LINK_COLUMNS = ['sent', 'write', 'flush', 'replay', 'trx', 'msWrite', 'msFlush', 'msReplay'] as const;
export type LinkColumn = (typeof LINK_COLUMNS)[number];

/** "20 trx" (GTID distance), or "—" where the engine has no GTIDs or it was not read this round. */
export function formatTransactions(t: ReplicationLink['lag']['transactions']): string {
  return t ? `${t.behind} trx` : '—';
}

/** One figure cell's text. */
export function cellText(lag: ReplicationLink['lag'], column: LinkColumn): string {
  switch (column) {
    case 'trx':
      return formatTransactions(lag.transactions);
    case 'msWrite':
      return formatMs(lag.ms.write);
    case 'msFlush':
      return formatMs(lag.ms.flush);
    case 'msReplay':
      return formatLagMs(lag.ms.replay, lag.msResolution);
    default:
      return formatBytes(lag.bytes[column]);
  }
}

export const LinkRow = memo(function LinkRow({
  clusterId,
  linkId,
  intervalMs,
  columns,
}: {
  clusterId: string;
  linkId: string;
  intervalMs: number;
  /** The figure columns shown (see visibleColumns). */
  columns: readonly LinkColumn[];
}) {
  const link = useTopology((s) => s.byCluster[clusterId]?.links.byId[linkId]);
  const selected = useSelection((s) => s.selection.kind === 'link' && s.selection.linkId === linkId);
  if (!link) return null;
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
      {columns.map((c) => (
        <td key={c} className="num" data-column={c}>
          {cellText(link.lag, c)}
        </td>
      ))}
      <td>
        {link.state === 'ended' ? <span className="muted">ended: no lag</span> : <Freshness at={link.lag.measuredAt} sampleIntervalMs={intervalMs} prefix="" />}
      </td>
    </tr>
  );
});
