import { create } from 'zustand';
import type { DeskApi } from '../../../shared/ipc/api';
import type { ClusterSample } from '../../../shared/model/sample';
import type { HistoryMarker, HistoryMoment } from '../../../shared/ipc/history';
import type { Silence } from '../../../shared/ipc/alerts';
import { foldSample, setSampleHold, useTopology, type ClusterTopology } from '../topology/store';

type Api = Pick<DeskApi, 'invoke'>;

/** Spans the timeline can show, newest end at now. */
export const SPANS = [
  { label: '15 min', ms: 15 * 60_000 },
  { label: '1 h', ms: 3_600_000 },
  { label: '6 h', ms: 6 * 3_600_000 },
  { label: '24 h', ms: 24 * 3_600_000 },
  { label: '7 d', ms: 7 * 24 * 3_600_000 },
] as const;

export interface TimelineState {
  clusterId: string | null;
  spanMs: number;
  /** The moment shown, or null for live. */
  cursor: number | null;
  moment: HistoryMoment | null;
  /** The cluster whose markers are loaded (set by `loadMarkers` only: travel never waits on it). */
  markersFor: string | null;
  markers: readonly HistoryMarker[];
  markersError: string | null;
  error: string | null;
  /** The user picked a span: it is no longer fitted to the history's age. */
  spanChosen: boolean;
}

export const useTimeline = create<TimelineState>(() => ({ clusterId: null, spanMs: SPANS[0].ms, cursor: null, moment: null, markersFor: null, markers: [], markersError: null, error: null, spanChosen: false }));

/** The shortest span that holds the whole history (15 min while it is younger; the longest when older than all). */
export function fittingSpan(oldestAt: number | null, now: number): number {
  const age = oldestAt === null ? 0 : now - oldestAt;
  return (SPANS.find((s) => s.ms >= age) ?? SPANS[SPANS.length - 1]!).ms;
}

/** Fits the default span to how old the stored history is, unless the user already picked one. */
export async function fitSpan(api: Api, now: number): Promise<void> {
  const r = await api.invoke('history:status', {});
  if (!r.ok || useTimeline.getState().spanChosen) return;
  const times = Object.values(r.value.oldest).filter((t): t is number => t !== null);
  useTimeline.setState({ spanMs: fittingSpan(times.length ? Math.min(...times) : null, now) });
}

/** The newest live sample of the cluster being viewed in the past, shown again on "Now" (else the live view kept from before). */
let liveStash: ClusterSample | null = null;
let liveBefore: ClusterTopology | undefined;
let holding = false;
let request = 0;

/** Shows the cluster as it was at `at`: its live samples are set aside until `goLive`. */
export async function travel(api: Api, clusterId: string, at: number): Promise<void> {
  if (useTimeline.getState().clusterId !== clusterId) goLive();
  const mine = ++request;
  holdLive(clusterId);
  useTimeline.setState({ clusterId, cursor: at, error: null });
  const r = await api.invoke('history:at', { clusterId, at });
  if (mine !== request || useTimeline.getState().cursor === null) return;
  if (!r.ok) {
    useTimeline.setState({ error: r.reason });
    return;
  }
  useTimeline.setState({ moment: r.value });
  // Not watched then: no graph at all (an empty topology with the note), never the previous one left on screen.
  showSample(clusterId, r.value.sample ?? unwatched(clusterId, at, r.value.note ?? 'ReplicaDesk was not watching this cluster at that moment'), at);
}

/** The cluster at a moment nobody watched: no node, no link, the reason as its only warning. */
export function unwatched(clusterId: string, at: number, note: string): ClusterSample {
  return { clusterId, takenAt: at, durationMs: 0, nodes: [], links: [], slots: [], consensus: null, queriesPerNode: 0, warnings: [note], alarms: [] };
}

/** Back to live: the newest sample taken aside is shown again. */
export function goLive(): void {
  request++;
  const { clusterId } = useTimeline.getState();
  setSampleHold(null);
  if (clusterId && liveStash) showSample(clusterId, liveStash);
  else if (clusterId && holding && liveBefore) useTopology.setState((s) => ({ byCluster: { ...s.byCluster, [clusterId]: liveBefore! } }));
  liveStash = null;
  liveBefore = undefined;
  holding = false;
  useTimeline.setState({ cursor: null, moment: null, error: null });
}

/**
 * The timeline stops showing `clusterId` (another cluster selected, or the view closed): back to live,
 * unless a travel already moved to another cluster ("Since you were away" links select and travel at once).
 */
export function leaveCluster(clusterId: string): void {
  if (useTimeline.getState().clusterId === clusterId) goLive();
}

export function setSpan(spanMs: number): void {
  useTimeline.setState({ spanMs, spanChosen: true });
}

let markersRequest = 0;

/** Loads the markers of [from, to]; an answer overtaken by a newer request (another cluster, a moved window) is dropped. */
export async function loadMarkers(api: Api, clusterId: string, from: number, to: number): Promise<void> {
  const mine = ++markersRequest;
  const [r, silences] = await Promise.all([
    api.invoke('history:markers', { clusterId, from, to, limit: 2_000 }),
    api.invoke('alerts:silences', { clusterId }),
  ]);
  // A silence list that cannot be read leaves the history's markers as they are: it is shown elsewhere with its error.
  if (mine !== markersRequest) return;
  const silenced = silences.ok ? silenceMarkers(silences.value, from, to) : [];
  if (r.ok) useTimeline.setState({ markersFor: clusterId, markers: [...r.value, ...silenced], markersError: null });
  else useTimeline.setState({ markersFor: clusterId, markers: silenced, markersError: r.reason });
}

/** Silences and maintenance windows that overlap [from, to], as spans on the timeline (ended early: until then). */
export function silenceMarkers(silences: readonly Silence[], from: number, to: number): HistoryMarker[] {
  return silences
    .map((s) => ({ s, end: s.expiredAt ?? s.endsAt }))
    .filter(({ s, end }) => s.startsAt <= to && end >= from)
    .map(({ s, end }) => ({
      at: s.startsAt,
      endAt: end,
      kind: 'silence' as const,
      severity: 'info' as const,
      title: `alerts silenced on ${s.nodeId ?? 'the whole cluster'} by ${s.createdBy}: ${s.reason}${s.expiredAt !== null ? ' (ended early)' : ''}`,
    }));
}

function holdLive(clusterId: string): void {
  if (holding) return;
  holding = true;
  liveBefore = useTopology.getState().byCluster[clusterId];
  setSampleHold((sample) => {
    if (sample.clusterId !== clusterId) return false;
    liveStash = sample;
    return true;
  });
}

function showSample(clusterId: string, sample: ClusterSample, pastAt?: number): void {
  // A fresh fold (no previous): the moment replaces what was shown, whatever its time; a past one says so.
  const folded = foldSample(undefined, sample);
  useTopology.setState((s) => ({ byCluster: { ...s.byCluster, [clusterId]: pastAt === undefined ? folded : { ...folded, pastAt } } }));
}
