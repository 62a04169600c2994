import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ActionJournal } from '../../../electron/core/actions/action-journal';
import { ActionService } from '../../../electron/core/actions/action-service';
import { AuditLog } from '../../../electron/core/actions/audit-log';
import type { ClusterRegistry } from '../../../electron/core/monitor/cluster-registry';
import type { ActionRun } from '../../../shared/ipc/actions';
import type { ActionPlan, ActionStep, StepReport } from '../../../shared/model/action';
import type { ClusterEvent } from '../../../shared/model/event';
import type { ClusterSample } from '../../../shared/model/sample';
import { ok, type Result } from '../../../shared/result';

const dirs: string[] = [];
afterEach(async () => {
  await new Promise((r) => setTimeout(r, 100)); // journal and audit writes that follow the last publish
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const step = (id: string, manual = false): ActionStep => ({ id, title: `step ${id}`, command: `do ${id}`, state: 'pending', startedAt: null, endedAt: null, detail: null, abortableBefore: true, ...(manual ? { manual: true } : {}) });

function rig(steps: ActionStep[], exec: (s: ActionStep, calls: number) => Result<StepReport>, extra: Partial<ActionPlan> = {}, dir = mkdtempSync(path.join(tmpdir(), 'rd-follow-'))) {
  dirs.push(dir);
  const calls = new Map<string, number>();
  const driver = {
    planAction: async (): Promise<Result<ActionPlan>> =>
      ok({ id: 'p1', clusterId: 'c', kind: 'failover', target: 'n2:5433', createdAt: Date.now(), checks: [], steps, expectedDataLossBytes: 0, expectedUnavailableMs: 400, nodeNames: { 'n1:5432': 'n1', 'n2:5433': 'n2' }, ...extra }),
    executeStep: async (_p: ActionPlan, s: ActionStep): Promise<Result<StepReport>> => {
      const n = (calls.get(s.id) ?? 0) + 1;
      calls.set(s.id, n);
      return exec(s, n);
    },
    availableActions: () => [],
  };
  const registry = { get: () => ({ cluster: { name: 'prod', engine: 'postgres' }, capabilities: { sampler: {}, actions: driver }, latest: null }) } as unknown as ClusterRegistry;
  const events: Omit<ClusterEvent, 'id'>[] = [];
  const runs: ActionRun[] = [];
  const audit = new AuditLog(path.join(dir, 'audit.jsonl'));
  const service = new ActionService({ registry, journal: new ActionJournal(path.join(dir, 'actions')), audit, actor: 't', now: Date.now, onRun: (r) => runs.push(r), onEvent: (e) => events.push(e) });
  return { service, events, runs, calls, audit, dir };
}

type N = { id: string; role: 'primary' | 'replica'; up: boolean; readOnly?: boolean };
function sample(nodes: N[], links: [string, string][] = []): ClusterSample {
  return {
    clusterId: 'c', takenAt: Date.now(), durationMs: 1, consensus: null, queriesPerNode: 1, warnings: [], slots: [],
    nodes: nodes.map((n) => ({ id: n.id, name: n.id.split(':')[0] ?? n.id, address: n.id, role: n.role, version: '15', lastSeenAt: null, readOnly: n.readOnly ?? false, timeline: 2,
      status: n.up ? { kind: 'up' } : { kind: 'unreachable', since: 0, reason: 'connection refused' } })),
    links: links.map(([from, to]) => ({ id: `${from}->${to}`, from, to, state: 'streaming', sync: 'async' })),
  } as unknown as ClusterSample;
}

async function runIt(service: ActionService, runs: ActionRun[]): Promise<ActionRun> {
  const planned = await service.plan({ clusterId: 'c', kind: 'failover', target: 'n2:5433', maxLagBytes: 1, maxLagMs: 1 });
  if (!planned.ok) throw new Error(planned.reason);
  const started = await service.execute(planned.value.plan.id, 'prod');
  expect(started.ok).toBe(true);
  await expect.poll(() => runs.at(-1)?.status, { timeout: 5_000 }).not.toBe('running');
  await new Promise((r) => setTimeout(r, 50)); // the audit and journal writes after the end
  return runs.at(-1)!;
}

describe('fence on return', () => {
  const steps = () => [step('promote~n2:5433'), step('fence-reminder~n1:5432')];
  const exec = (s: ActionStep, n: number): Result<StepReport> =>
    s.id.startsWith('fence-reminder') && n === 1
      ? ok({ detail: 'skipped: n1 is unreachable (connection refused); the fence is owed: it is fenced the moment it answers as a writable primary', skipped: true, owes: { kind: 'fence-on-return', nodeId: 'n1:5432' } })
      : ok(`${s.id}: observed`);

  it('marks a fence that could not act skipped, keeps a standing order across a restart, and fences the node the sample it answers writable', async () => {
    const a = rig(steps(), exec);
    const ended = await runIt(a.service, a.runs);
    expect(ended.status).toBe('done');
    expect(ended.plan.steps.map((s) => s.state)).toEqual(['done', 'skipped']);
    expect(ended.plan.steps[1]?.detail).toMatch(/^skipped: n1 is unreachable \(connection refused\); the fence is owed/);
    expect(ended.fenceOnReturn).toMatchObject({ nodeId: 'n1:5432', stepId: 'fence-reminder~n1:5432', state: 'standing' });
    expect(a.events.map((e) => e.kind)).toEqual(['fence-on-return']);
    // The promise to fence on return is said once, not twice (the step detail carries it too).
    expect(a.events[0]?.message).toBe('n1 (n1:5432) was not fenced (n1 is unreachable (connection refused)); it is fenced as soon as it answers as a writable primary');
    expect((await a.audit.list()).at(-1)?.outcome).toMatch(/^done; fence of n1 owed/);

    // The app restarts: the order is read back from the journal and still stands.
    const b = rig(steps(), (s) => ok(`${s.id}: observed`), {}, a.dir);
    await b.service.recover();
    expect(b.service.list('c')[0]?.fenceOnReturn?.state).toBe('standing');
    b.service.observe('c', sample([{ id: 'n1:5432', role: 'primary', up: false }, { id: 'n2:5433', role: 'primary', up: true }]));
    await new Promise((r) => setTimeout(r, 20));
    expect(b.calls.size).toBe(0);
    b.service.observe('c', sample([{ id: 'n1:5432', role: 'primary', up: true }, { id: 'n2:5433', role: 'primary', up: true }]));
    await expect.poll(() => b.service.list('c')[0]?.fenceOnReturn?.state).toBe('fenced');
    expect(b.calls.get('fence-reminder~n1:5432')).toBe(1);
    const after = b.service.list('c')[0]!;
    expect(after.plan.steps[1]).toMatchObject({ state: 'done', detail: 'fenced on return: fence-reminder~n1:5432: observed' });
    expect(b.events.map((e) => e.kind)).toEqual(['fence-on-return-cleared']);
    expect(b.events[0]?.message).toMatch(/^fence on return of n1 \(n1:5432\) done: n1 answers as a writable primary/);
    // Ended: later samples do nothing.
    b.service.observe('c', sample([{ id: 'n1:5432', role: 'primary', up: true }]));
    await new Promise((r) => setTimeout(r, 20));
    expect(b.calls.get('fence-reminder~n1:5432')).toBe(1);
  });

  it('ends the order without fencing when the node answers in recovery', async () => {
    const a = rig(steps(), exec);
    await runIt(a.service, a.runs);
    a.service.observe('c', sample([{ id: 'n1:5432', role: 'replica', up: true }, { id: 'n2:5433', role: 'primary', up: true }], [['n2:5433', 'n1:5432']]));
    await expect.poll(() => a.service.list('c')[0]?.fenceOnReturn?.state).toBe('cleared');
    expect(a.calls.get('fence-reminder~n1:5432')).toBe(1);
    expect(a.events.at(-1)).toMatchObject({ kind: 'fence-on-return-cleared', nodeId: 'n1:5432' });
    expect(a.events.at(-1)?.message).toMatch(/no longer needed: n1 answers in recovery, streaming from n2/);
  });
});

describe('manual steps', () => {
  it('ends "done-manual" without running them, and turns done once the old primary streams from the new one', async () => {
    const a = rig([step('promote~n2:5433'), step('manual-stop~n1:5432', true), step('manual-start~n1:5432', true)], (s) => ok(`${s.id}: observed`), { rejoin: { nodeId: 'n1:5432', fromId: 'n2:5433' } });
    const ended = await runIt(a.service, a.runs);
    expect(ended.status).toBe('done-manual');
    expect(ended.plan.steps.map((s) => s.state)).toEqual(['done', 'manual', 'manual']);
    expect([...a.calls.keys()]).toEqual(['promote~n2:5433']);
    expect((await a.audit.list()).at(-1)?.outcome).toBe('done-manual: 2 manual steps left (step manual-stop~n1:5432; step manual-start~n1:5432)');
    // Still a fenced primary: not done.
    a.service.observe('c', sample([{ id: 'n1:5432', role: 'primary', up: true, readOnly: true }, { id: 'n2:5433', role: 'primary', up: true }]));
    await new Promise((r) => setTimeout(r, 20));
    expect(a.service.list('c')[0]?.status).toBe('done-manual');
    a.service.observe('c', sample([{ id: 'n1:5432', role: 'replica', up: true }, { id: 'n2:5433', role: 'primary', up: true }], [['n2:5433', 'n1:5432']]));
    await expect.poll(() => a.service.list('c')[0]?.status).toBe('done');
    const done = a.service.list('c')[0]!;
    expect(done.plan.steps.map((s) => s.state)).toEqual(['done', 'done', 'done']);
    expect(done.plan.steps[1]?.detail).toMatch(/^done by the admin; observed: n1 streams from n2 on timeline 2 \(sample at/);
    expect(a.events.at(-1)).toMatchObject({ kind: 'action-completed', nodeId: 'n1:5432' });
    await expect.poll(async () => (await a.audit.list()).at(-1)?.outcome).toMatch(/^done: n1 streams from n2/);
    // A restart finds nothing owed any more.
    expect(await new ActionJournal(path.join(a.dir, 'actions')).open()).toEqual([]);
  });

  it('the final "done" audit entry (after the manual steps) carries the reason given on confirm', async () => {
    const a = rig([step('promote~n2:5433'), step('manual-stop~n1:5432', true)], (s) => ok(`${s.id}: observed`), { rejoin: { nodeId: 'n1:5432', fromId: 'n2:5433' } });
    const planned = await a.service.plan({ clusterId: 'c', kind: 'failover', target: 'n2:5433', maxLagBytes: 1, maxLagMs: 1 });
    if (!planned.ok) throw new Error(planned.reason);
    expect((await a.service.execute(planned.value.plan.id, 'prod', 'CHG-77 disk swap')).ok).toBe(true);
    await expect.poll(() => a.runs.at(-1)?.status, { timeout: 5_000 }).toBe('done-manual');
    a.service.observe('c', sample([{ id: 'n1:5432', role: 'replica', up: true }, { id: 'n2:5433', role: 'primary', up: true }], [['n2:5433', 'n1:5432']]));
    await expect.poll(async () => (await a.audit.list()).at(-1)?.outcome).toMatch(/^done: /);
    const entries = await a.audit.list();
    expect(entries.map((e) => [e.outcome.split(':')[0], e.params['reason']])).toEqual([['started', 'CHG-77 disk swap'], ['done-manual', 'CHG-77 disk swap'], ['done', 'CHG-77 disk swap']]);
  });
});
