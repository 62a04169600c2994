import type { ActionRequest, PreflightCheck } from '../../../../shared/model/action';
import { lsnDistance } from '../lsn';
import { timelineOf } from '../node-reading';
import type { NodeView } from '../node-view';
import { livePrimaries, lostPrimary, rankCandidates } from './candidates';
import type { Endpoint } from './host-control';
import { failoverSteps, fenceCommands, switchoverSteps, type StepSpec } from './plan-steps';
import type { PositionMemory, PrimaryPosition } from './position-memory';
import { preflightChecks, type NodeSettings } from './preflight';

export interface PlanInput {
  request: ActionRequest;
  views: readonly NodeView[];
  settings: ReadonlyMap<string, NodeSettings>;
  memory: PositionMemory;
  endpointOf(nodeId: string): Endpoint | null;
  hostControls(nodeId: string): boolean;
}

export interface PlanParts {
  target: string;
  checks: PreflightCheck[];
  steps: StepSpec[];
  expectedDataLossBytes: number | null;
  expectedUnavailableMs: number | null;
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
    if (old) extra.push(warning('fence-before-return', `${old.id} is gone, not fenced: FENCE IT BEFORE IT RETURNS: ${fenceCommands(old.id)}`));
  }
  let position: PrimaryPosition | null = null;
  if (kind === 'switchover' && old?.reading?.currentLsn) {
    position = { nodeId: old.id, lsn: old.reading.currentLsn, timeline: timelineOf(old.reading), at: old.readAt ?? 0 };
  } else if (kind === 'failover') {
    position = (old ? memory.lastPrimary(old.id) : null) ?? memory.lastPrimary();
  }
  const hostOld = old !== null && input.hostControls(old.id);
  if (kind === 'switchover' && old && !hostOld) {
    extra.push(warning('rejoin', `${old.id} stays a fenced primary on the old timeline: making it a standby needs the agent on that host`));
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
  const topology = { candidate: target, oldPrimary: old?.id ?? null, others, endpoint, hostOld };
  return {
    target,
    checks,
    steps: kind === 'switchover' ? switchoverSteps(topology) : failoverSteps(topology, old ? fenceCommands(old.id) : ''),
    expectedDataLossBytes: kind === 'switchover' ? 0 : candidate ? lsnDistance(position?.lsn ?? null, candidate.receiveLsn) : null,
    expectedUnavailableMs: kind === 'switchover' ? SWITCHOVER_UNAVAILABLE_MS : FAILOVER_WRITABLE_MS,
  };
}

/** A standby streaming from another standby (not the candidate) keeps its upstream: it follows the new timeline through it. */
function cascades(v: NodeView, views: readonly NodeView[], candidate: string): boolean {
  const up = v.upstreamId;
  if (!up || up === candidate) return false;
  const upstream = views.find((u) => u.id === up);
  return (upstream?.reading ?? upstream?.lastReading)?.inRecovery === true;
}
