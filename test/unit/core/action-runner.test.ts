import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ActionJournal, unclosedWindow } from '../../../electron/core/actions/action-journal';
import { runPlan } from '../../../electron/core/actions/action-runner';
import type { ActionPlan, ActionStep } from '../../../shared/model/action';
import { fail, ok } from '../../../shared/result';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const journal = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'rd-journal-'));
  dirs.push(d);
  return new ActionJournal(d);
};
const step = (id: string, abortableBefore = true) => ({ id, title: `step ${id}`, command: `do ${id}`, state: 'pending' as const, startedAt: null, endedAt: null, detail: null, abortableBefore });
const plan = (): ActionPlan => ({
  id: 'plan1', clusterId: 'c', kind: 'switchover', target: 'n2', createdAt: 0, checks: [],
  steps: [step('fence'), step('promote', false), step('repoint', false)], expectedDataLossBytes: 0, expectedUnavailableMs: 1_000,
});
const opts = (signal = new AbortController().signal) => ({ now: () => 1, onProgress: () => {}, signal });

describe('runPlan', () => {
  it('runs every step in order and journals the end', async () => {
    const j = journal();
    const order: string[] = [];
    const r = await runPlan(plan(), async (s) => (order.push(s.id), ok('fine')), j, opts());
    expect(r.outcome).toBe('done');
    expect(order).toEqual(['fence', 'promote', 'repoint']);
    expect(await j.interrupted()).toEqual([]);
  });

  it('stops at a failed step and skips the rest', async () => {
    const r = await runPlan(plan(), async (s) => (s.id === 'promote' ? fail('x', 'pg_promote timed out') : ok('fine')), journal(), opts());
    expect(r.outcome).toBe('failed');
    expect(r.plan.steps.map((s) => s.state)).toEqual(['done', 'failed', 'skipped']);
    expect(r.plan.steps[1]!.detail).toBe('pg_promote timed out');
  });

  it('aborts only before a step that allows it', async () => {
    const abort = new AbortController();
    abort.abort();
    const r = await runPlan(plan(), async () => ok('fine'), journal(), opts(abort.signal));
    expect(r.plan.steps.map((s) => s.state)).toEqual(['aborted', 'aborted', 'aborted']);
  });

  it('shows where an action stopped when the app died mid-step', async () => {
    const j = journal();
    const crash = runPlan(plan(), async (s) => (s.id === 'promote' ? new Promise<never>(() => {}) : ok('fenced')), j, opts());
    await new Promise((r) => setTimeout(r, 100));
    void crash; // never finishes: as if the process had died inside "promote"
    const [stopped] = await j.interrupted();
    expect(stopped?.stoppedIn?.id).toBe('promote');
    expect(stopped?.plan.steps[0]!.state).toBe('done');
    expect(stopped?.advice).toContain('stopped during "step promote"');
    // Promote may not be aborted before, nor may the re-point after it: the advice names what was left open.
    expect(stopped?.advice).toContain('these steps that close it never ran: "step repoint" (do repoint). Run them by hand');
  });

  it('names the steps that close an open window (a RESUME after a PAUSE) when the app died inside it, and nothing outside one', () => {
    const s = (id: string, abortableBefore: boolean, state: ActionStep['state']) => ({ ...step(id, abortableBefore), state });
    const steps = [s('verify', true, 'done'), s('pause', true, 'done'), s('fence', false, 'done'), s('promote', false, 'running'), s('repoint', false, 'pending'), s('resume', false, 'pending'), s('write', false, 'pending'), s('standbys', true, 'pending')];
    expect(unclosedWindow(steps, steps[3]!).map((x) => x.id)).toEqual(['repoint', 'resume', 'write']);
    // Between steps, inside the window: the next step is owed too.
    const between = steps.map((x) => (x.id === 'promote' ? { ...x, state: 'done' as const } : x));
    expect(unclosedWindow(between, null).map((x) => x.id)).toEqual(['repoint', 'resume', 'write']);
    // Stopped in the verify step: nothing was opened.
    const early = [s('verify', true, 'running'), s('pause', true, 'pending'), s('fence', false, 'pending')];
    expect(unclosedWindow(early, early[0]!)).toEqual([]);
  });

  it('records a step that could not act as skipped with its reason and what it owes, and goes on', async () => {
    const r = await runPlan(
      plan(),
      async (s) => (s.id === 'fence' ? ok({ detail: 'skipped: n1 is unreachable (connection refused)', skipped: true as const, owes: { kind: 'fence-on-return' as const, nodeId: 'n1' } }) : ok('seen')),
      journal(),
      opts(),
    );
    expect(r.outcome).toBe('done');
    expect(r.plan.steps.map((s) => s.state)).toEqual(['skipped', 'done', 'done']);
    expect(r.plan.steps[0]!.detail).toBe('skipped: n1 is unreachable (connection refused)');
    expect(r.owed.map((o) => [o.step.id, o.owes])).toEqual([['fence', { kind: 'fence-on-return', nodeId: 'n1' }]]);
  });

  it('never runs a manual step: it is left to the admin and the run ends done-manual, journalled as owed', async () => {
    const j = journal();
    const p = plan();
    p.steps.push({ ...p.steps[0]!, id: 'rewind', title: 'Rewind n1', manual: true });
    const ran: string[] = [];
    const r = await runPlan(p, async (s) => (ran.push(s.id), ok('seen')), j, opts());
    expect(ran).toEqual(['fence', 'promote', 'repoint']);
    expect(r.outcome).toBe('done-manual');
    expect(r.plan.steps.map((s) => s.state)).toEqual(['done', 'done', 'done', 'manual']);
    expect((await j.open()).map((o) => [o.status, o.plan.steps.at(-1)?.state])).toEqual([['done-manual', 'manual']]);
  });

  it('says why steps after a failure did not run', async () => {
    const r = await runPlan(plan(), async (s) => (s.id === 'fence' ? fail('x', 'permission denied') : ok('fine')), journal(), opts());
    expect(r.plan.steps.slice(1).map((s) => [s.state, s.detail])).toEqual([['skipped', 'not run: an earlier step failed'], ['skipped', 'not run: an earlier step failed']]);
  });
});
