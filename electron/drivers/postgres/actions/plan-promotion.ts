import type { ActionRequest, PreflightCheck } from '../../../../shared/model/action';
import { lsnDistance } from '../lsn';
import { timelineOf } from '../node-reading';
import { knownReading, type NodeView } from '../node-view';
import { livePrimaries, lostPrimary, rankCandidates } from './candidates';
import type { Endpoint } from './host-control';
import { failoverSteps, fenceCommands, switchoverSteps, type StepSpec } from './plan-steps';
import { manualRejoinSteps, type HostFacts, type SourceConn } from './plan-runbook';
import type { PositionMemory, PrimaryPosition } from './position-memory';
import { preflightChecks, type NodeSettings } from './preflight';

export interface PlanInput {
  request: ActionRequest;
  views: readonly NodeView[];
  settings: ReadonlyMap<string, NodeSettings>;
  memory: PositionMemory;
  endpointOf(nodeId: string): Endpoint | null;
  hostControls(nodeId: string): boolean;
  /** data_directory, port and cluster_name of each node that answered (for the manual runbook). */
  hostFacts?: ReadonlyMap<string, HostFacts>;
  /** Host, port, user and database the app reaches a node at (no password). */
  sourceOf?(nodeId: string): SourceConn | null;
}

export interface PlanParts {
  target: string;
  checks: PreflightCheck[];
  steps: StepSpec[];
  expectedDataLossBytes: number | null;
  expectedDataLoss?: { bytes: number; nodeId: string | null; measuredAt: number | null; lastContactAt: number | null } | null;
  expectedUnavailableMs: number | null;
  writesDownSince?: number | null;
  rejoin?: { nodeId: string; fromId: string } | null;
}

/** A node's display name: its cluster_name, else its address. */
export function nameOfView(views: readonly NodeView[], id: string): string {
  const v = views.find((x) => x.id === id);
  return (v && knownReading(v)?.clusterName) || id;
}

/** design.md, measured on PG15 here: a scripted switchover blocks writes ~1.0 s; a promoted standby is writable ~0.4 s after the call. */
export const SWITCHOVER_UNAVAILABLE_MS = 1_000;
export const FAILOVER_WRITABLE_MS = 400;

const blocker = (id: string, explanation: string): PreflightCheck => ({ id, ok: false, severity: 'blocker', explanation });
const warning = (id: string, explanation: string): PreflightCheck => ({ id, ok: false, severity: 'warning', explanation });

/** Switchover (old primary alive) or failover (old primary gone): checks, candidate ranking, steps. */
export function planPromotion(input: PlanInput, kind: 'switchover' | 'failover'): PlanParts {
  const { views, memory, request } = input;
  const live = livePrimaries(views);
  const remembered = memory.lastPrimary()?.nodeId ?? null;
  const old = kind === 'switchover' ? (live.length === 1 ? (live[0] ?? null) : null) : lostPrimary(views, remembered);
  const ranked = rankCandidates(views, old ? (old.reading ?? old.lastReading) : null);
  const target = request.target === 'auto' ? (ranked[0]?.id ?? 'auto') : request.target;
  const candidate = ranked.find((c) => c.id === target) ?? null;
  const extra: PreflightCheck[] = [];
  if (kind === 'switchover' && live.length !== 1) {
    extra.push(blocker('primary', live.length === 0 ? 'no primary answers: use failover' : `${live.map((v) => v.id).join(' and ')} are all primaries (split brain): fence all but one first`));
  }
  if (kind === 'failover') {
    if (live.length > 0) extra.push(blocker('primary', `${live.map((v) => v.id).join(', ')} answers as a primary: use switchover (a failover would make two primaries)`));
    if (!old && live.length === 0) extra.push(warning('old-primary', 'no old primary is known: the expected loss is unknown'));
    if (old) extra.push(warning('fence-before-return', `${nameOfView(views, old.id)} (${old.id}) is gone, not fenced: it is fenced the moment it answers while ReplicaDesk runs; keep it stopped until then`));
  }
  let position: PrimaryPosition | null = null;
  if (kind === 'switchover' && old?.reading?.currentLsn) {
    position = { nodeId: old.id, lsn: old.reading.currentLsn, timeline: timelineOf(old.reading), at: old.readAt ?? 0 };
  } else if (kind === 'failover') {
    position = (old ? memory.lastPrimary(old.id) : null) ?? memory.lastPrimary();
  }
  const hostOld = old !== null && input.hostControls(old.id);
  const nameOf = (id: string) => nameOfView(views, id);
  const manual =
    old && !hostOld && candidate
      ? manualRejoinSteps(
          { id: old.id, name: nameOf(old.id), facts: input.hostFacts?.get(old.id) ?? { dataDirectory: null, port: portOf(old.id), clusterName: knownReading(old)?.clusterName || null } },
          { id: target, name: nameOf(target), conn: input.sourceOf?.(target) ?? { host: '?', port: 0, user: '?', database: 'postgres' } },
        )
      : [];
  if (old && !hostOld) {
    extra.push(
      warning(
        'rejoin',
        `ReplicaDesk cannot finish this ${kind}: no agent on ${nameOf(old.id)}'s host, so ${nameOf(old.id)} stays ${kind === 'switchover' ? 'a fenced primary' : 'down or fenced'} on the old timeline. Making it a standby needs the host: the plan lists ${manual.length} manual steps; the action ends "done, ${manual.length} manual steps left" and turns done once ${nameOf(old.id)} streams from ${nameOf(target)}`,
      ),
    );
  }
  const checks = [
    ...preflightChecks({
      kind,
      candidate,
      candidateView: views.find((v) => v.id === target) ?? null,
      ranked,
      oldPrimary: old,
      primaryPosition: position,
      candidateTimeline: candidate
        ? (candidate.reading.receiver?.receivedTli ?? input.settings.get(candidate.id)?.timeline ?? memory.timeline(candidate.id))
        : null,
      views,
      settings: input.settings,
      limits: { maxLagBytes: request.maxLagBytes, maxLagMs: request.maxLagMs },
      hostControls: (id) => input.hostControls(id),
    }),
    ...extra,
  ];
  const endpoint = input.endpointOf(target) ?? { host: '?', port: 0 };
  const others = views.filter((v) => v.id !== target && v.id !== old?.id && v.reading?.inRecovery && !cascades(v, views, target)).map((v) => v.id);
  const topology = { candidate: target, oldPrimary: old?.id ?? null, others, endpoint, hostOld, nameOf, manual };
  const lossBytes = kind === 'switchover' ? 0 : candidate ? lsnDistance(position?.lsn ?? null, candidate.receiveLsn) : null;
  return {
    target,
    checks,
    steps: kind === 'switchover' ? switchoverSteps(topology) : failoverSteps(topology, old ? fenceCommands(nameOf(old.id)) : ''),
    expectedDataLossBytes: lossBytes,
    expectedDataLoss: lossBytes === null ? null : { bytes: lossBytes, nodeId: old?.id ?? null, measuredAt: kind === 'switchover' ? null : (position?.at ?? null), lastContactAt: kind === 'failover' ? stoppedAnsweringAt(old) : null },
    expectedUnavailableMs: kind === 'switchover' ? SWITCHOVER_UNAVAILABLE_MS : FAILOVER_WRITABLE_MS,
    // A primary already gone: writes are down since it stopped answering, not for an estimate.
    writesDownSince: kind === 'failover' && old ? stoppedAnsweringAt(old) : null,
    rejoin: manual.length > 0 && old ? { nodeId: old.id, fromId: target } : null,
  };
}

/**
 * When the old primary was first seen not answering (its down/unreachable status `since`): the
 * loss reading's `lastContactAt`, so "N ms before it stopped answering" is a real gap (the last
 * good reading is `measuredAt`; it was never the moment it stopped).
 */
function stoppedAnsweringAt(old: NodeView | null): number | null {
  return old ? (old.failingSince ?? old.lastSeenAt) : null;
}

const portOf = (id: string): number | null => {
  const p = Number(id.slice(id.lastIndexOf(':') + 1));
  return Number.isInteger(p) && p > 0 ? p : null;
};

/** A standby streaming from another standby (not the candidate) keeps its upstream: it follows the new timeline through it. */
function cascades(v: NodeView, views: readonly NodeView[], candidate: string): boolean {
  const up = v.upstreamId;
  if (!up || up === candidate) return false;
  const upstream = views.find((u) => u.id === up);
  return (upstream?.reading ?? upstream?.lastReading)?.inRecovery === true;
}
