import { useState } from 'react';
import type { InDoubtRow } from './rows';
import { TestIds } from '../../testids';
import { NodeName } from './NodeName';

/** "3 locks ▸", expanding to each lock: node, type, target and mode. */
export function LocksList({ clusterId, row }: { clusterId: string; row: InDoubtRow }) {
  const [open, setOpen] = useState(false);
  const n = row.locks.length;
  if (n === 0) return <span className="muted">none</span>;
  return (
    <div className="locks-list">
      <button className="link-button" data-testid={TestIds.inDoubtLocksToggle} data-count={n} aria-expanded={open} onClick={() => setOpen(!open)}>
        {n} lock{n === 1 ? '' : 's'} {open ? '▾' : '▸'}
      </button>
      {open && (
        <ul>
          {row.locks.map((l, i) => (
            <li key={i} data-testid={TestIds.inDoubtLock} data-node-id={l.nodeId} data-target={l.target} data-mode={l.mode}>
              <code>{l.target}</code> {l.mode} <span className="muted">({l.locktype}{l.granted ? '' : ', awaited'} on <NodeName clusterId={clusterId} nodeId={l.nodeId} />)</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
