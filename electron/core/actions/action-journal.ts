import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ActionPlan, ActionStep } from '../../../shared/model/action';
import type { ActionRun, FenceOrder } from '../../../shared/ipc/actions';

type Record =
  | { type: 'plan'; at: number; plan: ActionPlan }
  | { type: 'step-start'; at: number; stepId: string }
  | { type: 'step-end'; at: number; stepId: string; state: ActionStep['state']; detail: string | null }
  | { type: 'end'; at: number; outcome: 'done' | 'done-manual' | 'failed' | 'aborted' }
  /** After the end: what is still owed (manual steps, a fence on return) and, later, what was seen to settle it. */
  | { type: 'follow-up'; at: number; status: ActionRun['status']; plan: ActionPlan; fenceOnReturn: FenceOrder | null };

/** A finished action with work still owed: manual steps not yet seen done, or a fence order standing. */
export interface OpenAction {
  plan: ActionPlan;
  status: ActionRun['status'];
  fenceOnReturn: FenceOrder | null;
}

export interface InterruptedAction {
  plan: ActionPlan;
  /** The step that started and never finished, if any: the action stopped inside it. */
  stoppedIn: ActionStep | null;
  advice: string;
}

/**
 * One append-only file per action. Each step is written before it runs and
 * after it ends, so after a crash the journal shows exactly where it stopped.
 */
export class ActionJournal {
  constructor(private readonly dir: string) {}

  async write(planId: string, record: Record): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const handle = await fs.open(this.file(planId), 'a', 0o600);
    try {
      await handle.appendFile(`${JSON.stringify(record)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Replays a journal into the plan's last known state. */
  async read(planId: string): Promise<{ plan: ActionPlan; ended: boolean; open: OpenAction | null } | null> {
    const raw = await fs.readFile(this.file(planId), 'utf8').catch(() => null);
    if (raw === null) return null;
    let plan: ActionPlan | null = null;
    let ended = false;
    let open: OpenAction | null = null;
    for (const line of raw.split('\n').filter(Boolean)) {
      let r: Record;
      try {
        r = JSON.parse(line) as Record;
      } catch {
        break; // a torn last line from a crash
      }
      if (r.type === 'plan') plan = structuredClone(r.plan);
      else if (r.type === 'end') {
        ended = true;
        if (r.outcome === 'done-manual' && plan) open = { plan: structuredClone(plan), status: 'done-manual', fenceOnReturn: null };
      } else if (r.type === 'follow-up') {
        plan = structuredClone(r.plan);
        open = { plan, status: r.status, fenceOnReturn: r.fenceOnReturn };
      } else if (plan) {
        const step = plan.steps.find((s) => s.id === r.stepId);
        if (!step) continue;
        if (r.type === 'step-start') Object.assign(step, { state: 'running', startedAt: r.at });
        else Object.assign(step, { state: r.state, endedAt: r.at, detail: r.detail });
      }
    }
    return plan ? { plan, ended, open } : null;
  }

  /** Finished actions that still owe something (manual steps, a standing fence order): watched again after a restart. */
  async open(): Promise<OpenAction[]> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    const out: OpenAction[] = [];
    for (const name of names.filter((n) => n.endsWith('.jsonl'))) {
      const o = (await this.read(name.slice(0, -'.jsonl'.length)))?.open;
      if (o && (o.status === 'done-manual' || o.fenceOnReturn?.state === 'standing')) out.push(o);
    }
    return out;
  }

  /** Actions whose journal has no end: the app stopped while they ran. */
  async interrupted(): Promise<InterruptedAction[]> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    const out: InterruptedAction[] = [];
    for (const name of names.filter((n) => n.endsWith('.jsonl'))) {
      const state = await this.read(name.slice(0, -'.jsonl'.length));
      if (!state || state.ended) continue;
      const stoppedIn = state.plan.steps.find((s) => s.state === 'running') ?? null;
      const done = state.plan.steps.filter((s) => s.state === 'done').map((s) => s.title);
      const advice = stoppedIn
        ? `${state.plan.kind} of ${state.plan.target} stopped during "${stoppedIn.title}" (${stoppedIn.command}); it may or may not have taken effect. Check the node before you retry. Done before it: ${done.join(', ') || 'nothing'}.`
        : `${state.plan.kind} of ${state.plan.target} stopped between steps. Done: ${done.join(', ') || 'nothing'}; the next step had not started.`;
      const open = unclosedWindow(state.plan.steps, stoppedIn);
      out.push({
        plan: state.plan,
        stoppedIn,
        advice: open.length
          ? `${advice} It stopped where the plan may not be left half-way (no abort allowed there); these steps that close it never ran: ${open.map((s) => `"${s.title}" (${s.command})`).join('; ')}. Run them by hand once the cluster is safe.`
          : advice,
      });
    }
    return out;
  }

  private file(planId: string): string {
    if (!/^[A-Za-z0-9_-]+$/.test(planId)) throw new Error(`bad plan id ${planId}`);
    return path.join(this.dir, `${planId}.jsonl`);
  }
}

/**
 * The steps after the stop point that may not be skipped by an abort
 * (`abortableBefore: false`), up to the first that may: what the plan owed to
 * close what it had opened (a RESUME after a PAUSE, a re-point after a promote).
 */
export function unclosedWindow(steps: readonly ActionStep[], stoppedIn: ActionStep | null): ActionStep[] {
  const from = stoppedIn ? steps.indexOf(stoppedIn) + 1 : steps.findIndex((s) => s.state === 'pending');
  if (from <= 0 && !stoppedIn) return [];
  const out: ActionStep[] = [];
  for (const s of steps.slice(from)) {
    if (s.abortableBefore) break;
    out.push(s);
  }
  return out;
}
