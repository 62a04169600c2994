import type { PreflightCheck } from '../../../../shared/model/action';
import { timelineOf } from '../node-reading';
import { nameOfView, type PlanInput, type PlanParts } from './plan-promotion';
import { rejoinSteps } from './plan-steps';
import { SQL } from './sql';

const check = (id: string, ok: boolean, explanation: string, severity: PreflightCheck['severity'] = 'blocker'): PreflightCheck => ({
  id,
  ok,
  severity: ok ? 'info' : severity,
  explanation,
});

/** "n1 (127.0.0.1:5432)": the node's name with its address. */
function label(input: PlanInput, id: string): string {
  const name = nameOfView(input.views, id);
  return name === id ? id : `${name} (${id})`;
}

/** Fencing the only node that accepts writes stops every write to the cluster: said before it runs. */
function onlyWritableCheck(input: PlanInput, id: string): PreflightCheck {
  const others = input.views.filter((x) => x.id !== id && x.reading && !x.reading.inRecovery && !x.reading.readOnly);
  const name = nameOfView(input.views, id);
  return others.length === 0
    ? check('only-writable-primary', false, `${name} is the only writable primary: fencing it stops all writes to the cluster`, 'warning')
    : check('only-writable-primary', true, `${others.map((x) => nameOfView(input.views, x.id)).join(' and ')} also accept${others.length === 1 ? 's' : ''} writes`, 'warning');
}

/**
 * Unfencing is safe only on the newest timeline: a primary another primary has moved past (a switchover or
 * failover left it fenced on the old timeline) would take writes on a diverged history (trial 21).
 */
function newestTimelineCheck(input: PlanInput, id: string): PreflightCheck {
  const mine = timelineOf(input.views.find((x) => x.id === id)!.reading!);
  const newer = input.views
    .filter((x) => x.id !== id && x.reading && !x.reading.inRecovery)
    .find((x) => mine !== null && (timelineOf(x.reading!) ?? 0) > mine);
  if (!newer) return check('newest-timeline', true, mine === null ? 'timeline unknown' : `on timeline ${mine}, the newest of the primaries read`, 'info');
  const them = nameOfView(input.views, newer.id);
  return check('newest-timeline', false, `${them} is a primary on timeline ${timelineOf(newer.reading!)}, newer than this node's ${mine}: this node is the old side, and unfenced it would take writes on a diverged history. Unfence ${them} instead, and rejoin this node as its standby`);
}

/** Fence or unfence one primary by SQL. */
export function planFence(input: PlanInput, kind: 'fence' | 'unfence'): PlanParts {
  const id = input.request.target;
  const v = input.views.find((x) => x.id === id);
  const r = v?.reading ?? null;
  const checks = [
    check('connected', r !== null, r ? 'connected' : `cannot be read: ${v?.failure?.reason ?? 'no such node'}`),
    check('primary', r !== null && !r.inRecovery, r?.inRecovery ? 'is a standby: standbys refuse writes already' : 'is a primary'),
  ];
  if (r && kind === 'fence' && r.readOnly) checks.push(check('state', true, 'already refuses writes: fencing again also ends sessions', 'info'));
  if (r && kind === 'fence' && !r.inRecovery && !r.readOnly) checks.push(onlyWritableCheck(input, id));
  if (r && kind === 'unfence' && !r.readOnly) checks.push(check('state', true, 'already accepts writes', 'info'));
  if (r && kind === 'unfence' && !r.inRecovery) checks.push(newestTimelineCheck(input, id));
  return {
    target: id,
    checks,
    steps: [
      kind === 'fence'
        ? { op: 'fence', node: id, title: `Fence ${label(input, id)}: refuse writes, end sessions`, command: SQL.fence.join('; '), abortableBefore: true }
        : { op: 'unfence', node: id, title: `Unfence ${label(input, id)}: accept writes`, command: SQL.unfence.join('; '), abortableBefore: true },
    ],
    expectedDataLossBytes: null,
    expectedUnavailableMs: kind === 'fence' ? null : 0,
  };
}

/** An old primary rejoins as a standby of the current primary: checkpoint, stop, rewind, configure, start. */
export function planRejoin(input: PlanInput): PlanParts {
  const id = input.request.target;
  const v = input.views.find((x) => x.id === id);
  const sources = input.views
    .filter((x) => x.id !== id && x.reading && !x.reading.inRecovery && !x.reading.readOnly)
    .sort((a, b) => (timelineOf(b.reading!) ?? 0) - (timelineOf(a.reading!) ?? 0));
  const source = sources[0];
  const mine = v?.reading ?? v?.lastReading ?? null;
  const checks = [
    check('known', v !== undefined, v ? `${id} is a node of this cluster` : 'no such node'),
    check('old-primary', mine !== null && !mine.inRecovery, mine?.inRecovery ? 'is already a standby' : 'is (or was) a primary'),
    check('agent', input.hostControls(id), input.hostControls(id) ? 'the agent runs on its host' : 'needs the agent on that host (stop, pg_rewind, standby.signal, start)'),
    check('source', source !== undefined, source ? `rejoins as a standby of ${source.id}` : 'no writable primary to follow'),
  ];
  const s = input.settings.get(source?.id ?? '');
  if (s) checks.push(check('rewind', s.hints || s.checksums, s.hints || s.checksums ? 'pg_rewind possible (wal_log_hints or checksums)' : 'pg_rewind impossible: wal_log_hints and checksums are off', 'blocker'));
  const src = source?.id ?? '?';
  return {
    target: id,
    checks,
    steps: rejoinSteps(id, src, input.endpointOf(src) ?? { host: '?', port: 0 }, true, (x) => nameOfView(input.views, x)),
    expectedDataLossBytes: null,
    expectedUnavailableMs: 0,
  };
}
