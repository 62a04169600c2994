import { memo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { formatClock } from '../../lib/format';
import { TestIds } from '../../testids';
import { useClusters } from '../clusters/store';
import type { InboxRow } from './rows';
import { selectConflict, useConflicts } from './store';

const ROW_HEIGHT = 28;

const GroupRow = memo(function GroupRow({ clusterId, table, count }: { clusterId: string; table: string; count: number }) {
  const name = useClusters((s) => s.byId[clusterId]?.name ?? clusterId);
  return (
    <div className="conflict-group" data-testid={TestIds.conflictGroup} data-cluster-id={clusterId} data-table={table} data-count={count}>
      {name} · <code>{table}</code> <span className="muted">({count})</span>
    </div>
  );
});

const ItemRow = memo(function ItemRow({ id }: { id: string }) {
  const c = useConflicts((s) => s.byId[id]);
  const selected = useConflicts((s) => s.selectedId === id);
  if (!c) return null;
  return (
    <button
      className={`conflict-row${selected ? ' selected' : ''}`}
      data-testid={TestIds.conflictRow}
      data-conflict-id={id}
      data-key={c.target.key}
      data-status={c.status}
      data-kind={c.kind}
      onClick={() => selectConflict(id)}
    >
      <span className="conflict-time">{formatClock(c.detectedAt)}</span>
      <span className="conflict-key">{c.target.key}</span>
      <span className="conflict-kind">{c.kind}</span>
      <span className="conflict-nodes muted">{c.versions.map((v) => v.origin).join(' vs ')}</span>
      {c.resolution && <span className="conflict-by muted">by {c.resolution.by}</span>}
    </button>
  );
});

/** The grouped rows, virtualised so 10,000 conflicts scroll smoothly. */
export function InboxList({ rows }: { rows: InboxRow[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  return (
    <div className="conflict-list" ref={scrollRef} data-testid={TestIds.conflictList} data-rows={rows.length}>
      {rows.length === 0 && <div className="muted small pad">No conflicts match.</div>}
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index]!;
          return (
            <div key={row.key} className="conflict-slot" style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}>
              {row.type === 'group' ? <GroupRow clusterId={row.clusterId} table={row.table} count={row.count} /> : <ItemRow id={row.id} />}
            </div>
          );
        })}
      </div>
    </div>
  );
}
