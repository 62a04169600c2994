import { create } from 'zustand';
import type { ActionRun } from '../../../shared/ipc/actions';
import type { ClusterEvent } from '../../../shared/model/event';
import { nodeLabel } from '../../../shared/model/action';

/** Why the admin must fence a node by hand, and what to run. */
export interface FenceAlert {
  /** `split:<event id>` or `failover:<plan id>`; dismissals are kept by key. */
  key: string;
  source: 'split-brain' | 'failover';
  at: number;
  /** The node to fence, where known. */
  nodeId: string | null;
  /** Its display name with its address ("n1 (127.0.0.1:5432)"), where the run knows it. */
  label?: string;
  /** For a failover: the node it promoted (every other primary is a node to fence). */
  newPrimary: string | null;
  message: string;
  commands: string[];
}

/**
 * A failover that could not fence its old primary (it was down) leaves a
 * standing fence order on the run (core carries it out when the node answers
 * writable). The alert shows while the order stands and goes when it ends:
 * fenced on return, or the node answered fenced, in recovery or streaming.
 */
function failoverAlert(run: ActionRun): FenceAlert | null {
  const order = run.fenceOnReturn;
  if (!order || order.state !== 'standing') return null;
  const { plan } = run;
  const step = plan.steps.find((s) => s.id === order.stepId);
  const name = nodeLabel(plan, order.nodeId, true);
  return {
    key: `failover:${plan.id}`,
    source: 'failover',
    at: order.since,
    nodeId: order.nodeId,
    label: name,
    newPrimary: plan.target,
    message: `${name} was down when the failover promoted ${nodeLabel(plan, plan.target)}, so it is not fenced. ReplicaDesk fences it the moment it answers as a writable primary, while it runs; until then keep it stopped.`,
    commands: step?.command ? [step.command] : [],
  };
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

/** Alerts the admin dismissed by hand (a failover's alert also goes by itself when its fence order ends). */
export const useFenceDismissals = create<{ dismissed: Readonly<Record<string, true>> }>(() => ({ dismissed: {} }));

export function dismissFenceAlert(key: string): void {
  useFenceDismissals.setState((s) => (s.dismissed[key] ? s : { dismissed: { ...s.dismissed, [key]: true } }));
}
