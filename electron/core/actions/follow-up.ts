import { nodeLabel, type ActionPlan } from '../../../shared/model/action';
import type { ActionRun, FenceOrder } from '../../../shared/ipc/actions';
import type { ClusterSample } from '../../../shared/model/sample';

/** What one sample means for a finished action that still owes something. */
export interface FollowUpSeen {
  /** The fence order: run the fence now (the node answers as a writable primary), or it ended by itself. */
  fence: { kind: 'fence-now'; detail: string } | { kind: 'cleared'; detail: string } | null;
  /** The rejoined old primary streams from the new one: the manual steps are done (what was seen). */
  rejoined: string | null;
}

const clock = (at: number) => new Date(at).toISOString().slice(11, 19);

/** `nodeId` streams from `fromId` in this sample (a link both ends report, streaming), and is not a primary. */
export function streamsFrom(sample: ClusterSample, nodeId: string, fromId: string): boolean {
  const node = sample.nodes.find((n) => n.id === nodeId);
  if (!node || node.status.kind !== 'up' || node.role === 'primary') return false;
  return sample.links.some((l) => l.from === fromId && l.to === nodeId && l.state === 'streaming');
}

function watchFence(plan: ActionPlan, order: FenceOrder, sample: ClusterSample): FollowUpSeen['fence'] {
  if (order.state !== 'standing') return null;
  const node = sample.nodes.find((n) => n.id === order.nodeId);
  if (!node || node.status.kind !== 'up') return null;
  const name = nodeLabel(plan, order.nodeId);
  const at = `sample at ${clock(sample.takenAt)} UTC`;
  if (node.role === 'primary' && node.readOnly !== true) return { kind: 'fence-now', detail: `${name} answers as a writable primary (${at})` };
  if (node.role === 'primary') return { kind: 'cleared', detail: `${name} answers fenced: it refuses writes (default_transaction_read_only = on, ${at})` };
  const streaming = streamsFrom(sample, order.nodeId, plan.target);
  return { kind: 'cleared', detail: `${name} answers in recovery${streaming ? `, streaming from ${nodeLabel(plan, plan.target)}` : ''} (${at})` };
}

/** Reads one sample against a run's standing fence order and its manual rejoin. */
export function watchRun(run: ActionRun, sample: ClusterSample): FollowUpSeen {
  const { plan } = run;
  const order = run.fenceOnReturn ?? null;
  let rejoined: string | null = null;
  if (run.status === 'done-manual' && plan.rejoin && streamsFrom(sample, plan.rejoin.nodeId, plan.rejoin.fromId)) {
    const n = sample.nodes.find((x) => x.id === plan.rejoin?.nodeId);
    rejoined = `${nodeLabel(plan, plan.rejoin.nodeId)} streams from ${nodeLabel(plan, plan.rejoin.fromId)}${n?.timeline ? ` on timeline ${n.timeline}` : ''} (sample at ${clock(sample.takenAt)} UTC)`;
  }
  const fence = order ? watchFence(plan, order, sample) : null;
  return { fence, rejoined };
}

/** Whether a run still owes something, so samples are read against it. */
export function owesFollowUp(run: ActionRun): boolean {
  return run.status === 'done-manual' || run.fenceOnReturn?.state === 'standing';
}

/** Manual steps seen done: marked done with what was seen. */
export function markManualDone(plan: ActionPlan, seen: string, at: number): ActionPlan {
  const next = structuredClone(plan);
  for (const s of next.steps) {
    if (s.state !== 'manual') continue;
    s.state = 'done';
    s.endedAt = at;
    s.detail = `done by the admin; observed: ${seen}`;
  }
  return next;
}

/** "done-manual: 5 manual steps left (Stop n1 cleanly, …)" for the audit. */
export function manualLeft(plan: ActionPlan): string {
  const left = plan.steps.filter((s) => s.state === 'manual');
  return `${left.length} manual step${left.length === 1 ? '' : 's'} left (${left.map((s) => s.title).join('; ')})`;
}
