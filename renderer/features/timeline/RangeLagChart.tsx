import { useEffect, useState } from 'react';
import type { HistoryLag } from '../../../shared/ipc/history';
import { useApi } from '../../api/context';
import { LagPlot } from '../lag/LagPlot';
import { useLag } from '../lag/store';
import { NodeLabel } from '../topology/NodeLabel';

const REFRESH_MS = 30_000;

/** One link's lag over a stored range (5 min … 90 days), at the resolution the core picked for it. */
export function RangeLagChart({ clusterId, linkId, rangeMs, to }: { clusterId: string; linkId: string; rangeMs: number; to?: number }) {
  const api = useApi();
  const unit = useLag((s) => s.unit);
  const [data, setData] = useState<HistoryLag | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      void api.invoke('history:lag', { clusterId, linkId, rangeMs, maxPoints: 600, ...(to === undefined ? {} : { to }) }).then((r) => {
        if (!live) return;
        if (r.ok) {
          setData(r.value);
          setError(null);
        } else setError(r.reason);
      });
    load();
    const t = setInterval(load, to === undefined ? REFRESH_MS : 3_600_000); // a past range does not move
    return () => {
      live = false;
      clearInterval(t);
    };
  }, [api, clusterId, linkId, rangeMs, to]);
  const [fromNode, toNode] = linkId.split('->');
  return (
    <div className="lag-chart" data-testid="range-lag-chart" data-link-id={linkId} data-resolution={data?.resolution ?? ''} data-points={data?.points.length ?? 0}>
      <div className="lag-chart-head">
        <span className="lag-chart-title">
          <NodeLabel clusterId={clusterId} nodeId={fromNode ?? linkId} /> → <NodeLabel clusterId={clusterId} nodeId={toNode ?? ''} />
        </span>
        <span className="spacer" />
        <span className="muted small">{data ? `${data.resolution === 'raw' ? 'every sample' : `${data.resolution} means`}${data.note ? ` · ${data.note}` : ''}` : ''}</span>
      </div>
      {error ? (
        <div className="lag-chart-empty muted">history unavailable: {error}</div>
      ) : !data || data.points.length === 0 ? (
        <div className="lag-chart-empty muted">{data ? 'no stored lag in this range' : 'loading…'}</div>
      ) : (
        <LagPlot points={data.points} unit={unit} />
      )}
    </div>
  );
}
