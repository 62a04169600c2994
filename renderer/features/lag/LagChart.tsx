import { memo, useEffect, useMemo } from 'react';
import { useApi } from '../../api/context';
import { CHART_MAX_POINTS, downsampleLag } from '../../lib/downsample';
import { formatBytes, formatMs } from '../../lib/format';
import { TestIds } from '../../testids';
import { latestValue } from './chart-data';
import { LagPlot } from './LagPlot';
import { usePlotTick, useSnapshotOnTick } from './plot-clock';
import { NodeLabel } from '../topology/NodeLabel';
import { loadLagHistory, seriesKey, seriesOf, useLag } from './store';

/** A live lag chart for one link: history first, then every point from the deltas, ≤300 points drawn. */
export const LagChart = memo(function LagChart({ clusterId, linkId }: { clusterId: string; linkId: string }) {
  const api = useApi();
  const raw = useLag((s) => seriesOf(s, clusterId, linkId));
  const history = useLag((s) => s.history[seriesKey(clusterId, linkId)]);
  const unit = useLag((s) => s.unit);
  useEffect(() => {
    if (history === undefined) void loadLagHistory(api, clusterId, linkId);
  }, [api, clusterId, linkId, history]);
  // The plot redraws on the shared plot clock (all charts in one frame); the headline follows every delta.
  const plotted = useSnapshotOnTick(raw, usePlotTick());
  const points = useMemo(() => downsampleLag(plotted, CHART_MAX_POINTS), [plotted]);
  const latest = latestValue(raw, unit);
  const fmt = unit === 'bytes' ? formatBytes : formatMs;
  return (
    <div
      className="lag-chart"
      data-testid={TestIds.lagChart}
      data-link-id={linkId}
      data-unit={unit}
      data-points={points.length}
      data-raw-points={raw.length}
      data-latest={latest ?? ''}
      data-latest-at={raw[raw.length - 1]?.at ?? ''}
      data-plotted-at={plotted[plotted.length - 1]?.at ?? ''}
      data-history={history ?? 'none'}
    >
      <div className="lag-chart-head">
        <span className="lag-chart-title">
          <NodeLabel clusterId={clusterId} nodeId={linkId.split('->')[0] ?? linkId} /> → <NodeLabel clusterId={clusterId} nodeId={linkId.split('->')[1] ?? ''} />
        </span>
        <span className="spacer" />
        <span className="lag-chart-latest">{fmt(latest)}</span>
      </div>
      {raw.length === 0 ? (
        <div className="lag-chart-empty muted">
          {history === 'failed' ? 'history unavailable; waiting for points' : 'waiting for points…'}
        </div>
      ) : (
        <LagPlot points={points} unit={unit} />
      )}
    </div>
  );
});
