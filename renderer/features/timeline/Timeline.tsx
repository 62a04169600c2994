import { useEffect, useRef, useState } from 'react';
import type { HistoryMarker } from '../../../shared/ipc/history';
import { useApi } from '../../api/context';
import { formatDateTime } from '../../lib/format';
import { MomentSummary } from './MomentSummary';
import { fitSpan, goLive, leaveCluster, loadMarkers, setSpan, SPANS, travel, useTimeline } from './store';
import './timeline.css';

/** How long the slider waits after the last move before it asks for that moment. */
const SETTLE_MS = 120;
const NO_MARKERS: readonly HistoryMarker[] = [];

/**
 * A timeline under the topology: markers for events, alarms, actions, failovers and
 * conflicts; drag the handle to any past moment and the graph shows the cluster as it
 * was; "Now" returns to live.
 */
export function Timeline({ clusterId }: { clusterId: string }) {
  const api = useApi();
  const spanMs = useTimeline((s) => s.spanMs);
  const cursor = useTimeline((s) => (s.clusterId === clusterId ? s.cursor : null));
  const markers = useTimeline((s) => (s.markersFor === clusterId ? s.markers : NO_MARKERS));
  const travelError = useTimeline((s) => (s.clusterId === clusterId ? s.error : null));
  const markersError = useTimeline((s) => (s.markersFor === clusterId ? s.markersError : null));
  const error = travelError ?? markersError;
  const [now, setNow] = useState(() => Date.now());
  const [drag, setDrag] = useState<{ clusterId: string; at: number } | null>(null);
  const settle = useRef<ReturnType<typeof setTimeout> | null>(null);
  const from = now - spanMs;

  useEffect(() => {
    // While live the window follows the clock; a past moment freezes it so the handle stays put.
    if (cursor !== null) return;
    const t = setInterval(() => setNow(Date.now()), 5_000);
    return () => clearInterval(t);
  }, [cursor]);
  useEffect(() => {
    void loadMarkers(api, clusterId, from, now);
  }, [api, clusterId, from, now]);
  useEffect(() => {
    return () => {
      if (settle.current) clearTimeout(settle.current);
      leaveCluster(clusterId);
    };
  }, [clusterId]);
  useEffect(() => {
    void fitSpan(api, Date.now());
  }, [api]);

  const moveTo = (at: number) => {
    setDrag({ clusterId, at });
    if (settle.current) clearTimeout(settle.current);
    settle.current = setTimeout(() => void travel(api, clusterId, at), SETTLE_MS);
  };
  // A handle dragged on another cluster is not this one's moment.
  const dragged = drag?.clusterId === clusterId ? drag.at : null;
  const shown = dragged ?? cursor ?? now;
  const pos = (at: number) => `${Math.min(100, Math.max(0, ((at - from) / spanMs) * 100))}%`;

  return (
    <section className="timeline panel" data-testid="timeline" data-state={cursor === null ? 'live' : 'past'} data-cursor={cursor ?? ''}>
      <header className="panel-head">
        <h2>Timeline</h2>
        <div className="segmented" role="group" aria-label="Timeline span">
          {SPANS.map((s) => (
            <button key={s.ms} className={s.ms === spanMs ? 'active' : undefined} aria-pressed={s.ms === spanMs} onClick={() => setSpan(s.ms)}>
              {s.label}
            </button>
          ))}
        </div>
        <span className="spacer" />
        {cursor === null ? (
          <span className="timeline-live">● live</span>
        ) : (
          <span className="timeline-past" data-testid="timeline-viewing">
            viewing {formatDateTime(cursor)} — as it was
          </span>
        )}
        <button
          data-testid="timeline-now"
          disabled={cursor === null}
          onClick={() => {
            setDrag(null);
            goLive();
            setNow(Date.now());
          }}
        >
          Now
        </button>
      </header>
      <div className="timeline-track">
        {markers.map((m, i) => (
          <button
            key={`${m.kind}-${m.at}-${i}`}
            className={`timeline-marker kind-${m.kind} sev-${m.severity}`}
            style={{ left: pos(m.at), ...(m.endAt ? { width: `calc(${pos(m.endAt)} - ${pos(m.at)})` } : {}) }}
            title={`${formatDateTime(m.at)} · ${m.title}`}
            data-testid="timeline-marker"
            data-kind={m.kind}
            data-at={m.at}
            onClick={() => moveTo(m.at)}
          />
        ))}
        <div className="timeline-handle" style={{ left: pos(shown) }} />
      </div>
      <input
        className="timeline-slider"
        type="range"
        aria-label="Moment shown"
        data-testid="timeline-slider"
        min={from}
        max={now}
        step={1_000}
        value={Math.min(now, Math.max(from, shown))}
        onChange={(e) => moveTo(Number(e.target.value))}
      />
      <div className="timeline-scale muted small">
        <span>{formatDateTime(from)}</span>
        <span>{formatDateTime(now)}</span>
      </div>
      {error && <div className="timeline-error">{error}</div>}
      {cursor !== null && <MomentSummary />}
    </section>
  );
}
