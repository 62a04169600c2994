import type { ReactNode } from 'react';
import { formatDateTime, formatDuration } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { TestIds } from '../../testids';
import { useClusters } from '../clusters/store';
import { NodeActionButtons } from '../failover/NodeActionButtons';
import { NodeAliasEditor } from '../clusters/NodeAliasEditor';
import { selectPastAt, useTopology } from '../topology/store';
import { describeReadOnly, describeRole, describeStatus, nodeSections, yesNo } from './describe';
import { Freshness } from './Freshness';
import { PastActionsNote, PastFreshness } from '../timeline/PastNotes';
import { SlotsTable } from './SlotsTable';

function Row({ name, label, children }: { name: string; label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={TestIds.nodeDetailField} data-field={name}>
        {children}
      </dd>
    </>
  );
}

function Uptime({ startedAt }: { startedAt: number }) {
  const now = useNow(5_000);
  return <>{formatDuration(Math.max(0, now - startedAt))}</>;
}

export function NodeDetail({ clusterId, nodeId }: { clusterId: string; nodeId: string }) {
  const node = useTopology((s) => s.byCluster[clusterId]?.nodes.byId[nodeId]);
  const intervalMs = useClusters((s) => s.byId[clusterId]?.sampleIntervalMs ?? 1_000);
  const engine = useClusters((s) => s.byId[clusterId]?.engine);
  const pastAt = useTopology((s) => selectPastAt(s, clusterId));
  const others = useTopology((s) => s.byCluster[clusterId]?.nodes);
  if (!node) return <div className="muted">Node {nodeId} is no longer in the topology.</div>;
  const show = nodeSections(engine, node.replayPaused);
  const status = describeStatus(node.status);
  return (
    <div className="node-detail" data-testid={TestIds.nodeDetail} data-node-id={nodeId}>
      <div className="detail-head">
        <span className={`status-dot status-${node.status.kind}`} />
        <span className="detail-title">{node.name}</span>
        <span className="muted">{node.address}</span>
        <NodeAliasEditor clusterId={clusterId} nodeId={nodeId} name={node.name} />
        <span className="spacer" />
        {pastAt === null ? (
          <Freshness at={node.lastSeenAt} sampleIntervalMs={intervalMs} prefix="seen" />
        ) : (
          <PastFreshness pastAt={pastAt} />
        )}
      </div>
      <dl className="facts">
        <Row name="role" label="Role">{describeRole(node, others ? Object.values(others.byId) : [])}</Row>
        <Row name="status" label="Status">
          <span className={`status-text status-${node.status.kind}`}>{status.label}</span>
          {status.reason && <span className="reason"> — {status.reason}</span>}
          {status.since !== null && <span className="muted"> since {formatDateTime(status.since)}</span>}
        </Row>
        <Row name="version" label="Version">{node.version ?? '—'}</Row>
        {node.timeline !== undefined && node.timeline !== null && <Row name="timeline" label="Timeline">{node.timeline}</Row>}
        {node.term !== undefined && node.term !== null && <Row name="term" label="Term">{node.term}</Row>}
        {/* A node not read this sample has these facts unknown (the driver omits them): "—", with when it was last seen in the header. */}
        <Row name="uptime" label="Uptime">{node.startedAt ? <Uptime startedAt={node.startedAt} /> : '—'}</Row>
        <Row name="position" label="Position"><code>{node.position ?? '—'}</code></Row>
        <Row name="readOnly" label="Read-only">{describeReadOnly(node)}</Row>
        {show.replayPaused && <Row name="replayPaused" label="Replay paused">{yesNo(node.replayPaused)}</Row>}
      </dl>
      {node.notes && node.notes.length > 0 && (
        <ul className="notes" data-testid={TestIds.nodeDetailField} data-field="notes">
          {node.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {show.slots && (
        <>
          <div className="subsection-title">Replication slots</div>
          <SlotsTable clusterId={clusterId} nodeId={nodeId} />
        </>
      )}
      {pastAt === null ? (
        <NodeActionButtons clusterId={clusterId} nodeId={nodeId} />
      ) : (
        <PastActionsNote />
      )}
    </div>
  );
}
