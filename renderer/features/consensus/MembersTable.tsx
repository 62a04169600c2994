import { memo } from 'react';
import type { ConsensusMember } from '../../../shared/model/consensus';
import { formatAgo } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { TestIds } from '../../testids';
import { selectNode } from '../topology/selection';

const LastContact = memo(function LastContact({ at }: { at: number | null }) {
  const now = useNow(1_000);
  return <>{formatAgo(at, now)}</>;
});

/** Raft members with term, commit and applied index; the leader's row is highlighted. */
export function MembersTable({ members, leaderId }: { members: readonly ConsensusMember[]; leaderId: string | null }) {
  return (
    <div className="table-scroll">
      <table className="grid-table">
        <thead>
          <tr>
            <th>Member</th>
            <th>Node</th>
            <th>Role</th>
            <th className="num">Term</th>
            <th className="num">Commit</th>
            <th className="num">Applied</th>
            <th>Last contact</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => {
            const leader = m.role === 'leader' || (leaderId !== null && (m.memberId === leaderId || m.nodeId === leaderId));
            const behind = m.commitIndex !== m.appliedIndex;
            return (
              <tr
                key={m.memberId}
                className={`clickable${leader ? ' leader-row' : ''}`}
                onClick={() => selectNode(m.nodeId)}
                data-testid={TestIds.consensusMember}
                data-member-id={m.memberId}
                data-node-id={m.nodeId}
                data-role={m.role}
                data-term={m.term}
                data-leader={leader}
              >
                <td>
                  {leader && <span className="crown">★ </span>}
                  <code>{m.memberId}</code>
                </td>
                <td>{m.nodeId}</td>
                <td>{m.role}</td>
                <td className="num">{m.term}</td>
                <td className="num">{m.commitIndex}</td>
                <td className={`num${behind ? ' warn-text' : ''}`}>{m.appliedIndex}</td>
                <td>
                  <LastContact at={m.lastContactAt} />
                  {m.alarms && m.alarms.length > 0 && <span className="flag"> {m.alarms.join(', ')}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
