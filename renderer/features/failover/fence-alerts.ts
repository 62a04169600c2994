import { create } from 'zustand';
import type { ActionRun } from '../../../shared/ipc/actions';
import type { Alarm } from '../../../shared/model/event';
import { nodeLabel } from '../../../shared/model/action';
import type { ClusterTopology } from '../topology/store';

/** Why the admin must fence a node by hand, and what to run. */
export interface FenceAlert {
  /** `split:<id of the event that raised the alarm>` or `failover:<plan id>`; dismissals are kept by key. */
  key: string;
  source: 'split-brain' | 'failover';
  at: number;
  /** The node to fence, where known (split brain: null when the admin must choose). */
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

/**
 * Alerts for one cluster, newest first: the open split-brain alarm (from the
 * newest sample's open alarms, so it goes with its `cleared` event and a reload
 * agrees) and failovers that left an old primary unfenced.
 */
export function fenceAlerts(
  runs: readonly ActionRun[],
  openAlarms: readonly Alarm[],
  clusterId: string,
  dismissed: Readonly<Record<string, true>>,
): FenceAlert[] {
  const out: FenceAlert[] = [];
  for (const a of openAlarms) {
    if (a.kind !== 'split-brain') continue;
    out.push({ key: `split:${a.eventId}`, source: 'split-brain', at: a.raisedAt, nodeId: a.nodeId, newPrimary: null, message: a.message, commands: [] });
  }
  for (const r of runs) {
    if (r.plan.clusterId !== clusterId) continue;
    const a = failoverAlert(r);
    if (a) out.push(a);
  }
  return out.filter((a) => !dismissed[a.key]).sort((a, b) => b.at - a.at);
}

/**
 * Whom the banner offers to fence: the alert's node; in a split brain with no
 * clear old primary every writable primary (the admin chooses, none proposed);
 * after a failover every other node still reported as a primary.
 */
export function fenceTargets(alert: FenceAlert, t: ClusterTopology | undefined): string[] {
  if (alert.nodeId) return [alert.nodeId];
  if (!t) return [];
  return t.nodes.ids.filter((id) => {
    const n = t.nodes.byId[id];
    if (n?.role !== 'primary' || id === alert.newPrimary) return false;
    return alert.source === 'failover' || (n.status.kind === 'up' && !n.readOnly && !n.fenced);
  });
}

/** Alerts the admin dismissed by hand (a failover's alert also goes by itself when its fence order ends). */
export const useFenceDismissals = create<{ dismissed: Readonly<Record<string, true>> }>(() => ({ dismissed: {} }));

export function dismissFenceAlert(key: string): void {
  useFenceDismissals.setState((s) => (s.dismissed[key] ? s : { dismissed: { ...s.dismissed, [key]: true } }));
}
