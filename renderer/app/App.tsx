import type { ComponentType } from 'react';
import type { Engine } from '../../shared/model/cluster';
import { AuditPanel } from '../features/audit/AuditPanel';
import { AlertsPanel } from '../features/alerts/AlertsPanel';
import { AlertSettingsPanel } from '../features/alerts/AlertSettingsPanel';
import { BrowserNotices } from '../features/alerts/BrowserNotices';
import { ClusterSidebar } from '../features/clusters/ClusterSidebar';
import { ConflictsEntry } from '../features/conflicts/ConflictsEntry';
import { useClusters } from '../features/clusters/store';
import { ConsensusPanel } from '../features/consensus/ConsensusPanel';
import { EventsPanel } from '../features/events/EventsPanel';
import { ActionsPanel } from '../features/failover/ActionsPanel';
import { FenceBanner } from '../features/failover/FenceBanner';
import { LagPanel } from '../features/lag/LagPanel';
import { LockingAlerts } from '../features/locking/LockingAlerts';
import { LockingPanel } from '../features/locking/LockingPanel';
import { mariadbPanels } from '../features/mariadb/panels';
import { DetailPanel } from '../features/nodes/DetailPanel';
import { SandboxToolbar } from '../features/sandbox/SandboxToolbar';
import { TopologyView } from '../features/topology/TopologyView';
import { SinceAway } from '../features/timeline/SinceAway';
import { Timeline } from '../features/timeline/Timeline';
import { TestIds } from '../testids';
import { ClusterHeader } from './ClusterHeader';
import { StatusBar } from './StatusBar';
import { useConnection } from './connection-store';

type PanelProps = { clusterId: string };
/** Panels an engine adds: `node` (the selected node's engine facts) beside the node detail, `cluster` among the cluster panels. A new engine is one line. */
export const ENGINE_PANELS: Partial<Record<Engine, { node?: ComponentType<PanelProps>; cluster?: ComponentType<PanelProps> }>> = {
  mariadb: mariadbPanels,
};

function ClusterView({ clusterId }: { clusterId: string }) {
  const engine = useClusters((s) => s.byId[clusterId]?.engine);
  const extra = engine ? ENGINE_PANELS[engine] : undefined;
  return (
    <>
      <ClusterHeader clusterId={clusterId} />
      <FenceBanner clusterId={clusterId} />
      <SandboxToolbar clusterId={clusterId} />
      <TopologyView clusterId={clusterId} />
      <Timeline clusterId={clusterId} />
      <div className="panels">
        <div className="panel-col">
          <DetailPanel clusterId={clusterId} />
        </div>
        <div className="panel-col wide">
          {extra?.node && <extra.node clusterId={clusterId} />}
          <ConsensusPanel clusterId={clusterId} />
          {extra?.cluster && <extra.cluster clusterId={clusterId} />}
          <LagPanel clusterId={clusterId} />
        </div>
      </div>
      <LockingPanel clusterId={clusterId} />
      <ActionsPanel clusterId={clusterId} />
      <AlertsPanel clusterId={clusterId} />
    </>
  );
}

/** The shell: cluster sidebar, the selected cluster's views, events, and the status bar. */
export function App() {
  const selectedId = useClusters((s) => s.selectedId);
  const demo = useConnection((s) => s.demo);
  const browserMode = useConnection((s) => s.canLogOut);
  return (
    <div className="app" data-testid={TestIds.app}>
      {demo && (
        <div className="demo-banner" data-testid={TestIds.demoBanner}>
          DEMO — fake data generated in this page (?demo=1). Nothing here is a real cluster.
        </div>
      )}
      <aside className="sidebar">
        <ClusterSidebar />
        <ConflictsEntry />
        <LockingAlerts />
      </aside>
      <main className="main">
        <SinceAway />
        {selectedId === null ? (
          <div className="empty-state" data-testid={TestIds.emptyState}>
            <h1>No cluster selected</h1>
            <p className="muted">Add a cluster (PostgreSQL, MariaDB or etcd) or connect an agent from the sidebar.</p>
          </div>
        ) : (
          <ClusterView key={selectedId} clusterId={selectedId} />
        )}
        <EventsPanel />
        <AuditPanel />
        <AlertSettingsPanel />
        {browserMode && <BrowserNotices /> /* Electron's main process shows its own notifications */}
      </main>
      <StatusBar />
    </div>
  );
}
