import { TestIds } from '../../testids';
import { useTopology } from '../topology/store';
import { LeaderTimeline } from './LeaderTimeline';
import { MembersTable } from './MembersTable';
import './consensus.css';

/** Shown only for clusters whose sample carries consensus state. */
export function ConsensusPanel({ clusterId }: { clusterId: string }) {
  const consensus = useTopology((s) => s.byCluster[clusterId]?.consensus ?? null);
  if (!consensus) return null;
  return (
    <section
      className="panel consensus-panel"
      data-testid={TestIds.consensusPanel}
      data-leader-id={consensus.leaderId ?? ''}
      data-term={consensus.term}
    >
      <header className="panel-head">
        <h2>Consensus</h2>
        <span className="muted small">
          term {consensus.term} · leader {consensus.leaderId ?? 'none'}
        </span>
      </header>
      {consensus.leaderId === null && <div className="banner warn">No leader: the group cannot commit writes.</div>}
      <MembersTable members={consensus.members} leaderId={consensus.leaderId} />
      <div className="subsection-title">Leader changes</div>
      <LeaderTimeline clusterId={clusterId} />
    </section>
  );
}
