import type { PreflightCheck } from '../../../../shared/model/action';
import { formatBytes, formatMs } from '../../../core/events/format';
import { lsnDistance } from '../lsn';
import type { NodeView } from '../node-view';
import type { Candidate } from './candidates';
import { followerChecks, resourceChecks, type NodeSettings } from './preflight-cluster';
import type { PrimaryPosition } from './position-memory';
import { nameOfView } from './plan-promotion';

export type { NodeSettings } from './preflight-cluster';

export interface PreflightInput {
  kind: 'switchover' | 'failover';
  candidate: Candidate | null;
  candidateView: NodeView | null;
  /** All candidates, best first. */
  ranked: readonly Candidate[];
  oldPrimary: NodeView | null;
  /** The old primary's position: read now (switchover) or last sampled (failover). */
  primaryPosition: PrimaryPosition | null;
  /** The candidate's last known timeline (a receiver gone with its primary reports none). */
  candidateTimeline: number | null;
  views: readonly NodeView[];
  settings: ReadonlyMap<string, NodeSettings>;
  limits: { maxLagBytes: number; maxLagMs: number };
  hostControls(nodeId: string): boolean;
  /** Now, for the age of the candidate's reading (default: the clock). */
  now?: number;
}

const check = (id: string, ok: boolean, severity: PreflightCheck['severity'], explanation: string): PreflightCheck => ({
  id,
  ok,
  severity: ok ? 'info' : severity,
  explanation,
});

/** "connected; read at 05:48:57.187 (0.4 s ago)": a clock time and the reading's age, not an ISO stamp. */
export function connectedText(readAt: number | null, now: number): string {
  if (readAt === null) return 'connected; time of the reading unknown';
  const d = new Date(readAt);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const clock = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
  return `connected; read at ${clock} (${formatMs(Math.max(0, now - readAt))} ago)`;
}

/** The pre-flight checks of one candidate, each in words a DBA can act on. Pure. */
export function preflightChecks(input: PreflightInput): PreflightCheck[] {
  const { candidate: c, candidateView: v, kind } = input;
  if (!v) return [check('connected', false, 'blocker', 'no such node in this cluster')];
  if (!v.reading) return [check('connected', false, 'blocker', `cannot be read: ${v.failure?.reason ?? 'not read yet'}`)];
  if (!c) return [check('standby', false, 'blocker', 'is not a standby (it is not in recovery): only a standby can be promoted')];
  const out: PreflightCheck[] = [check('connected', true, 'blocker', connectedText(v.readAt, input.now ?? Date.now()))];
  const old = input.oldPrimary;
  const status = c.reading.receiver?.status ?? 'not running';
  if (kind === 'switchover') {
    const streaming = old !== null && v.streamingFromId === old.id;
    out.push(check('streaming', streaming, 'blocker', streaming ? `streaming from ${nameOfView(input.views, old.id)} (${old.id})` : `not streaming from the primary: its WAL receiver is ${status}`));
  } else {
    out.push(check('streaming', true, 'info', `WAL receiver is ${status}: expected, its primary is gone`));
  }
  out.push(...lagChecks(input, c));
  const tli = input.primaryPosition?.timeline ?? null;
  const onTli = tli !== null && input.candidateTimeline === tli;
  out.push(
    check(
      'timeline',
      onTli,
      'blocker',
      onTli ? `on the current timeline ${tli}` : `on timeline ${input.candidateTimeline ?? 'unknown'}, the primary on ${tli ?? 'unknown'}`,
    ),
  );
  const paused = c.reading.replayPaused;
  out.push(check('replay-paused', !paused, 'blocker', paused ? 'replay is paused: resume it first with SELECT pg_wal_replay_resume()' : 'replay is not paused'));
  const delay = c.reading.minApplyDelay;
  const delayed = delay !== '0' && delay !== '';
  out.push(check('apply-delay', !delayed, 'blocker', delayed ? `recovery_min_apply_delay is ${delay}: a delayed standby is a poor primary (set it to 0 first)` : 'no recovery_min_apply_delay'));
  out.push(...resourceChecks(input, c), ...followerChecks(input, c));
  const rank = input.ranked.findIndex((x) => x.id === c.id);
  const best = input.ranked[0];
  // Equal receive positions are a tie, not "received more".
  const first = rank === 0 || (best !== undefined && best.receiveLsn !== null && best.receiveLsn === c.receiveLsn);
  out.push(
    check(
      'rank',
      first,
      'warning',
      rank === 0
        ? `ranked first of ${input.ranked.length} by receive position ${c.receiveLsn ?? '?'}`
        : first
          ? `tied first of ${input.ranked.length} by receive position ${c.receiveLsn} (with ${best?.id})`
          : `ranked ${rank + 1} of ${input.ranked.length}: ${best?.id} has received more (${best?.receiveLsn} against ${c.receiveLsn ?? '?'})`,
    ),
  );
  return out;
}

function lagChecks(input: PreflightInput, c: Candidate): PreflightCheck[] {
  const { limits, primaryPosition: p } = input;
  const bytes = lsnDistance(p?.lsn ?? null, c.receiveLsn);
  const out: PreflightCheck[] = [];
  if (bytes === null) {
    out.push(check('lag-bytes', false, 'blocker', 'lag unknown: the primary position or the candidate position is unknown'));
  } else {
    const within = bytes <= limits.maxLagBytes;
    const what = input.kind === 'failover' ? `would lose ${formatBytes(bytes)} (last known primary position ${p?.lsn})` : `lag ${formatBytes(bytes)}`;
    out.push(check('lag-bytes', within, 'blocker', `${what} ${within ? '≤' : '>'} ${formatBytes(limits.maxLagBytes)} limit`));
  }
  const within = c.replayLagMs <= limits.maxLagMs;
  out.push(check('lag-time', within, 'blocker', `replay ${formatMs(c.replayLagMs)} behind ${within ? '≤' : '>'} ${formatMs(limits.maxLagMs)} limit`));
  return out;
}
