import { create } from 'zustand';
import type { ActionRun } from '../../../shared/ipc/actions';
import type { ClusterEvent } from '../../../shared/model/event';

/** Why the admin must fence a node by hand, and what to run. */
export interface FenceAlert {
  /** `split:<event id>` or `failover:<plan id>`; dismissals are kept by key. */
  key: string;
  source: 'split-brain' | 'failover';
  at: number;
  /** The node to fence, where known. */
  nodeId: string | null;
  /** For a failover: the node it promoted (every other primary is a node to fence). */
  newPrimary: string | null;
  message: string;
  commands: string[];
}

const FENCE = /fenc/i;
const PROMOTE = /promot/i;

const GENERIC =
  'The old primary was gone when this failover promoted a new one. If it comes back writable, clients can write to two primaries (split brain): keep it stopped, or make it refuse writes, until it rejoins as a replica.';

/**
 * A failover that promoted a new primary while the old one was gone leaves it
 * to be fenced. The plan's own fencing checks, step output and commands are
 * shown where it has them; a plan without any still raises the alert.
 */
function failoverAlert(run: ActionRun): FenceAlert | null {
  const { plan } = run;
  if (plan.kind !== 'failover') return null;
  const promoted = run.status === 'done' || plan.steps.some((s) => s.state === 'done' && PROMOTE.test(`${s.id} ${s.title}`));
  if (!promoted) return null;
  const checks = plan.checks.filter((c) => !c.ok && FENCE.test(`${c.id} ${c.explanation}`));
  const steps = plan.steps.filter((s) => FENCE.test(`${s.id} ${s.title}`));
  const commands = [...new Set(steps.map((s) => s.command).filter((c) => c.trim() !== ''))];
  const said = steps.map((s) => s.detail).filter((d): d is string => d !== null && d !== '');
  const message = [...checks.map((c) => c.explanation), ...said].join(' · ');
  return { key: `failover:${plan.id}`, source: 'failover', at: plan.createdAt, nodeId: null, newPrimary: plan.target, message: message || GENERIC, commands };
}

/** Alerts for one cluster, newest first: split-brain events and failovers that left an old primary unfenced. */
export function fenceAlerts(
  runs: readonly ActionRun[],
  events: readonly ClusterEvent[],
  clusterId: string,
  dismissed: Readonly<Record<string, true>>,
): FenceAlert[] {
  const out: FenceAlert[] = [];
  for (const e of events) {
    if (e.clusterId !== clusterId || e.kind !== 'split-brain') continue;
    out.push({ key: `split:${e.id}`, source: 'split-brain', at: e.at, nodeId: e.nodeId, newPrimary: null, message: e.message, commands: [] });
  }
  for (const r of runs) {
    if (r.plan.clusterId !== clusterId) continue;
    const a = failoverAlert(r);
    if (a) out.push(a);
  }
  return out.filter((a) => !dismissed[a.key]).sort((a, b) => b.at - a.at);
}

/** Alerts the admin dismissed (by hand only; nothing dismisses them automatically). */
export const useFenceDismissals = create<{ dismissed: Readonly<Record<string, true>> }>(() => ({ dismissed: {} }));

export function dismissFenceAlert(key: string): void {
  useFenceDismissals.setState((s) => (s.dismissed[key] ? s : { dismissed: { ...s.dismissed, [key]: true } }));
}
