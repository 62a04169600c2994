import { useShallow } from 'zustand/react/shallow';
import { TestIds } from '../../testids';
import { useClusters } from '../clusters/store';
import { useSelection } from '../topology/selection';
import { useTopology } from '../topology/store';
import { LagChart } from './LagChart';
import { LinkTable } from './LinkTable';
import { pickChartLinks } from './pick';
import { setLagUnit, useLag } from './store';
import { LagRangePicker } from '../timeline/LagRangePicker';
import { pastLagWindow, useLagRange } from '../timeline/lag-range';
import { RangeLagChart } from '../timeline/RangeLagChart';
import { useTimeline } from '../timeline/store';
import { formatDateTime } from '../../lib/format';
import './lag.css';

function UnitToggle() {
  const unit = useLag((s) => s.unit);
  return (
    <div className="segmented" role="group" aria-label="Lag unit">
      {(['bytes', 'ms'] as const).map((u) => (
        <button
          key={u}
          className={unit === u ? 'active' : undefined}
          onClick={() => setLagUnit(u)}
          data-testid={TestIds.lagUnitToggle}
          data-unit={u}
          aria-pressed={unit === u}
        >
          {u === 'bytes' ? 'Bytes' : 'Time'}
        </button>
      ))}
    </div>
  );
}

/** Live charts for the links that matter now, and the table of every link. */
export function LagPanel({ clusterId }: { clusterId: string }) {
  const selection = useSelection((s) => s.selection);
  const chartIds = useTopology(useShallow((s) => pickChartLinks(s.byCluster[clusterId]?.links, selection)));
  const total = useTopology((s) => s.byCluster[clusterId]?.links.ids.length ?? 0);
  const intervalMs = useClusters((s) => s.byId[clusterId]?.sampleIntervalMs ?? 1_000);
  const picked = useLagRange((s) => s.rangeMs);
  const cursor = useTimeline((s) => (s.clusterId === clusterId ? s.cursor : null));
  // Viewing the past: the stored lag around that moment, never live points under a past topology.
  const past = cursor === null ? null : pastLagWindow(cursor, picked, Number.POSITIVE_INFINITY) // a range ending after now just has no points there;
  const rangeMs = past?.rangeMs ?? picked;
  return (
    <section className="panel lag-panel" data-testid={TestIds.lagPanel}>
      <header className="panel-head">
        <h2>Replication lag</h2>
        <span className="muted small">
          {past ? `stored lag around ${formatDateTime(cursor!)} (past view)` : rangeMs === null ? 'last 15 min' : 'stored history'}{total > chartIds.length ? ` · charting ${chartIds.length} of ${total} links (select one to chart it)` : ''}
        </span>
        <span className="spacer" />
        <LagRangePicker />
        <UnitToggle />
      </header>
      <div className="chart-grid">
        {chartIds.map((id) => (
          rangeMs === null ? <LagChart key={id} clusterId={clusterId} linkId={id} /> : <RangeLagChart key={id} clusterId={clusterId} linkId={id} rangeMs={rangeMs} {...(past ? { to: past.to } : {})} />
        ))}
        {chartIds.length === 0 && <div className="muted small">No replication links to chart.</div>}
      </div>
      <LinkTable clusterId={clusterId} intervalMs={intervalMs} />
    </section>
  );
}
