import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { TestIds } from '../../testids';
import { LinkRow, ROW_HEIGHT } from './LinkRow';
import { useTopology } from '../topology/store';

const HEAD = ['Link', 'State', 'Sync', 'Sent', 'Write', 'Flush', 'Replay', 'Write', 'Flush', 'Replay', 'Measured'];
const NUMERIC = new Set([3, 4, 5, 6, 7, 8, 9]);

/**
 * Every link of the cluster with all its byte and time figures. Virtualised:
 * with 200 links only the visible rows re-render on each sample.
 */
export function LinkTable({ clusterId, intervalMs }: { clusterId: string; intervalMs: number }) {
  const ids = useTopology((s) => s.byCluster[clusterId]?.links.ids);
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
            <th colSpan={4} className="group">Bytes behind</th>
            <th colSpan={3} className="group">Time behind</th>
            <th />
          </tr>
          <tr>
            {HEAD.map((h, i) => (
              <th key={i} className={NUMERIC.has(i) ? 'num' : undefined}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {top > 0 && <tr style={{ height: top }} aria-hidden />}
          {items.map((item) => {
            const id = ids[item.index] as string;
            return <LinkRow key={id} clusterId={clusterId} linkId={id} intervalMs={intervalMs} />;
          })}
          {bottom > 0 && <tr style={{ height: bottom }} aria-hidden />}
        </tbody>
      </table>
    </div>
  );
}
