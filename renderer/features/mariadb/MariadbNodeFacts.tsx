import type { ReactNode } from 'react';
import { describeHeartbeat, describeSemiSync, describeWsrep, onOff, semiSyncFellBack } from './describe';
import { ErrantGtids } from './ErrantGtids';
import { GtidPosition } from './GtidPosition';
import type { MariadbNodeView } from './select';
import { MariadbTestIds } from './testids';

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

/** Server id, GTID positions, binlog settings, semi-sync, heartbeat and errant GTIDs of one server. */
export function MariadbNodeFacts({ node, now }: { node: MariadbNodeView; now: number }) {
  const heartbeat = describeHeartbeat(node.heartbeat, now);
  return (
    <>
      <ErrantGtids gtids={node.errantGtids} />
      <dl className="facts">
        <Fact name="serverId" label="Server id" value={node.serverId === null ? '' : String(node.serverId)}>
          {node.serverId ?? '—'}
        </Fact>
        <Fact name="gtidBinlogPos" label="gtid_binlog_pos" value={node.gtidBinlogPos}>
          <GtidPosition pos={node.gtidBinlogPos} />
        </Fact>
        <Fact name="gtidSlavePos" label="gtid_slave_pos" value={node.gtidSlavePos}>
          <GtidPosition pos={node.gtidSlavePos} />
        </Fact>
        <Fact name="gtidCurrentPos" label="gtid_current_pos" value={node.gtidCurrentPos}>
          <GtidPosition pos={node.gtidCurrentPos} />
        </Fact>
        <Fact name="logBin" label="log_bin" value={onOff(node.logBin)}>
          {onOff(node.logBin)}
        </Fact>
        <Fact name="logSlaveUpdates" label="log_slave_updates" value={onOff(node.logSlaveUpdates)}>
          {onOff(node.logSlaveUpdates)}
          {node.logSlaveUpdates === false && !node.galera && <span className="warn-text"> — replicas moved under it would miss what it applies</span>}
        </Fact>
        <Fact name="gtidStrictMode" label="gtid_strict_mode" value={onOff(node.gtidStrictMode)}>
          {onOff(node.gtidStrictMode)}
        </Fact>
        <Fact name="semiSync" label="Semi-sync">
          <span className={semiSyncFellBack(node.semiSync) ? 'warn-text' : undefined}>{describeSemiSync(node.semiSync)}</span>
        </Fact>
        <Fact name="heartbeat" label="Heartbeat lag" value={node.heartbeat?.lagMs == null ? '' : String(node.heartbeat.lagMs)}>
          {heartbeat.text}
          {heartbeat.note && <div className="mdb-note">{heartbeat.note}</div>}
        </Fact>
        {node.galera && (
          <Fact name="wsrep" label="Galera" value={node.galera.localState}>
            {describeWsrep(node.galera)}
          </Fact>
        )}
      </dl>
    </>
  );
}
