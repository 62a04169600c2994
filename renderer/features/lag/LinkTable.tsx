import { useMemo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ReplicationLink } from '../../../shared/model/link';
import { TestIds } from '../../testids';
import { LINK_COLUMNS, LinkRow, ROW_HEIGHT, type LinkColumn } from './LinkRow';
import { useTopology } from '../topology/store';

const HEADS: Record<LinkColumn, string> = { sent: 'Sent', write: 'Write', flush: 'Flush', replay: 'Replay', trx: 'Trx', msWrite: 'Write', msFlush: 'Flush', msReplay: 'Replay' };
/** Shown even when no link has them: the headline figures. */
const ALWAYS: ReadonlySet<LinkColumn> = new Set(['replay', 'msReplay']);

function known(link: ReplicationLink, c: LinkColumn): boolean {
  const { lag } = link;
  if (c === 'trx') return lag.transactions !== undefined && lag.transactions !== null;
  if (c === 'msWrite' || c === 'msFlush' || c === 'msReplay') return lag.ms[c === 'msWrite' ? 'write' : c === 'msFlush' ? 'flush' : 'replay'] !== null;
  return lag.bytes[c] !== null;
}

/**
 * The figure columns worth a column: the replay ones always; any other only when some link of the cluster has it
 * (MariaDB has no sent/write/flush stages; only GTID engines count transactions). No links: PostgreSQL's set.
 */
export function visibleColumns(links: readonly ReplicationLink[]): LinkColumn[] {
  if (links.length === 0) return LINK_COLUMNS.filter((c) => c !== 'trx');
  return LINK_COLUMNS.filter((c) => ALWAYS.has(c) || links.some((l) => known(l, c)));
}

/**
 * Every link of the cluster with all its byte and time figures. Virtualised:
 * with 200 links only the visible rows re-render on each sample.
 */
export function LinkTable({ clusterId, intervalMs }: { clusterId: string; intervalMs: number }) {
  const ids = useTopology((s) => s.byCluster[clusterId]?.links.ids);
  // A string, so a new sample with the same columns does not re-render the table.
  const columnKey = useTopology((s) => {
    const links = s.byCluster[clusterId]?.links;
    return visibleColumns(links ? links.ids.map((id) => links.byId[id]).filter((l): l is ReplicationLink => l !== undefined) : []).join(',');
  });
  const columns = useMemo(() => columnKey.split(',') as LinkColumn[], [columnKey]);
  const bytesCount = columns.filter((c) => c === 'sent' || c === 'write' || c === 'flush' || c === 'replay' || c === 'trx').length;
  const scrollRef = useRef<HTMLDivElement>(null);
  // We do not use the React Compiler; the virtualizer re-renders this component itself.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: ids?.length ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  if (!ids || ids.length === 0) return <div className="muted small">No replication links.</div>;
  const items = virtualizer.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  return (
    <div className="table-scroll link-table-scroll" ref={scrollRef}>
      <table className="grid-table" data-testid={TestIds.linkTable} data-count={ids.length}>
        <thead>
          <tr>
            <th colSpan={3} />
            <th colSpan={bytesCount} className="group">
              {columns.includes('trx') ? 'Behind by' : 'Bytes behind'}
            </th>
            <th colSpan={columns.length - bytesCount} className="group">
              Time behind
            </th>
            <th />
          </tr>
          <tr>
            <th>Link</th>
            <th>State</th>
            <th>Sync</th>
            {columns.map((c) => (
              <th key={c} className="num" data-column={c}>
                {HEADS[c]}
              </th>
            ))}
            <th>Measured</th>
          </tr>
        </thead>
        <tbody>
          {top > 0 && <tr style={{ height: top }} aria-hidden />}
          {items.map((item) => {
            const id = ids[item.index] as string;
            return <LinkRow key={id} clusterId={clusterId} linkId={id} intervalMs={intervalMs} columns={columns} />;
          })}
          {bottom > 0 && <tr style={{ height: bottom }} aria-hidden />}
        </tbody>
      </table>
    </div>
  );
}
