import { useShallow } from 'zustand/react/shallow';
import { formatBytes } from '../../lib/format';
import { TestIds } from '../../testids';
import { useTopology } from '../topology/store';

/** A node's replication slots; an inactive slot that holds back WAL is flagged. */
export function SlotsTable({ clusterId, nodeId }: { clusterId: string; nodeId: string }) {
  const slots = useTopology(useShallow((s) => (s.byCluster[clusterId]?.slots ?? []).filter((x) => x.nodeId === nodeId)));
  if (slots.length === 0) return <div className="muted small">No replication slots.</div>;
  return (
    <table className="grid-table" data-testid={TestIds.nodeSlots}>
      <thead>
        <tr>
          <th>Slot</th>
          <th>Kind</th>
          <th>Active</th>
          <th className="num">Retained WAL</th>
          <th>WAL status</th>
        </tr>
      </thead>
      <tbody>
        {slots.map((slot) => {
          const holding = !slot.active && (slot.retainedBytes ?? 0) > 0;
          return (
            <tr
              key={slot.name}
              className={holding ? 'row-warn' : undefined}
              data-testid={TestIds.slotRow}
              data-slot={slot.name}
              data-active={slot.active}
              data-retaining={holding}
            >
              <td>
                {slot.name}
                {slot.database ? <span className="muted"> ({slot.database})</span> : null}
              </td>
              <td>{slot.kind}</td>
              <td>{slot.active ? 'yes' : 'no'}</td>
              <td className="num">{formatBytes(slot.retainedBytes)}</td>
              <td>
                {slot.walStatus ?? '—'}
                {holding && <span className="flag"> inactive, retaining WAL</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
