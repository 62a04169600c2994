import type { ReactNode } from 'react';
import { useClusters } from '../clusters/store';
import { selectedNodeId, useSelection } from '../topology/selection';
import { useNodeName } from '../topology/node-name';
import { useEngineDetail } from './detail-store';
import { describeSemiSync, describeWsrep, onOff, semiSyncFellBack } from './describe';
import { ErrantGtids } from './ErrantGtids';
import { GtidPosition } from './GtidPosition';
import { HeartbeatFact } from './HeartbeatFact';
import { SampleAge } from './SampleAge';
import { selectMariadbDetail, selectTakenAt, type MariadbNodeView } from './select';
import { MariadbTestIds } from './testids';
import './mariadb.css';

function Fact({ name, label, value, children }: { name: string; label: string; value?: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={MariadbTestIds.nodeField} data-field={name} data-value={value}>
        {children}
      </dd>
    </>
  );
}

/** The selected MariaDB server's replication facts: server id, GTID positions, binlog settings, semi-sync, heartbeat, errant GTIDs. */
export function MariadbNodePanel({ clusterId }: { clusterId: string }) {
  const nodeId = useSelection(selectedNodeId);
  const hasDetail = useEngineDetail((s) => selectMariadbDetail(s, clusterId) !== null);
  if (nodeId === null || !hasDetail) return null;
  return <NodeSection clusterId={clusterId} nodeId={nodeId} />;
}

function NodeSection({ clusterId, nodeId }: { clusterId: string; nodeId: string }) {
  const node = useEngineDetail((s) => selectMariadbDetail(s, clusterId)?.nodes[nodeId] ?? null);
  const takenAt = useEngineDetail((s) => selectTakenAt(s, clusterId));
  const intervalMs = useClusters((s) => s.byId[clusterId]?.sampleIntervalMs ?? 1_000);
  const name = useNodeName(clusterId, nodeId);
  return (
    <section className="panel mariadb-node-panel" data-testid={MariadbTestIds.nodePanel} data-node-id={nodeId} data-read={node !== null}>
      <header className="panel-head">
        <h2>MariaDB · {name}</h2>
        <span className="spacer" />
        <SampleAge at={takenAt} sampleIntervalMs={intervalMs} />
      </header>
      {node === null ? <div className="muted small">Not read in this sample (the server did not answer); nothing below would be current.</div> : <NodeFacts node={node} />}
    </section>
  );
}

function NodeFacts({ node }: { node: MariadbNodeView }) {
  const fellBack = semiSyncFellBack(node.semiSync);
  return (
    <>
      <ErrantGtids gtids={node.errantGtids} />
      <dl className="facts">
        <Fact name="serverId" label="Server id" value={node.serverId === null ? '' : String(node.serverId)}>{node.serverId ?? '—'}</Fact>
        <Fact name="gtidBinlogPos" label="gtid_binlog_pos" value={node.gtidBinlogPos}><GtidPosition pos={node.gtidBinlogPos} /></Fact>
        <Fact name="gtidSlavePos" label="gtid_slave_pos" value={node.gtidSlavePos}><GtidPosition pos={node.gtidSlavePos} /></Fact>
        <Fact name="gtidCurrentPos" label="gtid_current_pos" value={node.gtidCurrentPos}><GtidPosition pos={node.gtidCurrentPos} /></Fact>
        <Fact name="logBin" label="log_bin" value={onOff(node.logBin)}>{onOff(node.logBin)}</Fact>
        <Fact name="logSlaveUpdates" label="log_slave_updates" value={onOff(node.logSlaveUpdates)}>
          {onOff(node.logSlaveUpdates)}
          {node.logSlaveUpdates === false && <span className="warn-text"> — replicas below it would miss what it applies; it cannot be promoted cleanly</span>}
        </Fact>
        <Fact name="gtidStrictMode" label="gtid_strict_mode" value={onOff(node.gtidStrictMode)}>{onOff(node.gtidStrictMode)}</Fact>
        <Fact name="semiSync" label="Semi-sync">
          <span className={fellBack ? 'warn-text' : undefined}>{describeSemiSync(node.semiSync)}</span>
        </Fact>
        <Fact name="heartbeat" label="Heartbeat lag" value={node.heartbeat?.lagMs == null ? '' : String(node.heartbeat.lagMs)}>
          <HeartbeatFact heartbeat={node.heartbeat} />
        </Fact>
        {node.galera && <Fact name="wsrep" label="Galera" value={node.galera.localState}>{describeWsrep(node.galera)}</Fact>}
      </dl>
    </>
  );
}
