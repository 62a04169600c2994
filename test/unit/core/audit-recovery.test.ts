import { afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppCore } from '../../../electron/core/app-core';
import { ActionJournal } from '../../../electron/core/actions/action-journal';
import { ownerOnlyFileCodec } from '../../../electron/core/settings/secret-store';
import { createLogger } from '../../../electron/core/logger';
import type { ActionRun } from '../../../shared/ipc/actions';
import type { ActionPlan, AuditEntry } from '../../../shared/model/action';
import { ok } from '../../../shared/result';
import { FakeActionDriver } from '../../support/fake-action-driver';

const cores: AppCore[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.dispose()));
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

async function start(dir: string) {
  const driver = new FakeActionDriver();
  const core = await AppCore.create({ dataDir: dir, secretCodec: ownerOnlyFileCodec, resolveDriver: () => ok(driver.capabilities()), log: createLogger('test'), deltaFlushMs: 20 });
  cores.push(core);
  const added = await core.handle('clusters:add', { engine: 'postgres', name: 'prod', seeds: ['postgres://u@h/db'], sampleIntervalMs: 250 });
  const clusterId = added.ok ? (added.value as { id: string }).id : '';
  return { core, clusterId };
}

const tmp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'rd-audit-core-'));
  dirs.push(d);
  return d;
};

async function switchover(core: AppCore, clusterId: string): Promise<ActionRun[]> {
  const runs: ActionRun[] = [];
  const off = core.onDelta((d) => runs.push(...d.actions));
  const planned = await core.handle('actions:plan', { clusterId, kind: 'switchover', target: 'r1' });
  const planId = (planned as { value: ActionRun }).value.plan.id;
  const r = await core.handle('actions:execute', { planId, confirmName: 'prod' });
  expect(r).toMatchObject({ ok: true, value: { status: 'running' } });
  await expect.poll(() => runs.filter((x) => x.plan.id === planId).at(-1)?.status).toBe('done');
  off();
  return runs;
}

describe('audit log through AppCore', () => {
  it('an unparsable line in the audit log blocks no action: every execute runs and is audited, verify names the line', async () => {
    const dir = tmp();
    const { core, clusterId } = await start(dir);
    await switchover(core, clusterId);
    appendFileSync(path.join(dir, 'audit.jsonl'), 'garbage that is not an entry\n');
    await switchover(core, clusterId);
    await switchover(core, clusterId); // not `busy`: the previous one finished
    const list = await core.handle('audit:list', {});
    expect((list as { value: AuditEntry[] }).value.map((e) => e.outcome)).toEqual(['done', 'started', 'done', 'started', 'done', 'started']);
    expect(await core.handle('audit:verify', {})).toMatchObject({ ok: true, value: { ok: false, seq: 2, reason: expect.stringMatching(/^line 3 of the audit log is not JSON/) } });
  });

  it('an action interrupted by a crash gets an "interrupted" outcome entry at the next start, once', async () => {
    const dir = tmp();
    const first = await start(dir);
    // A run the app was in the middle of when it died: the journal has its plan and a started step, no end.
    const step = (id: string) => ({ id, title: id, command: `SELECT ${id}()`, state: 'pending' as const, startedAt: null, endedAt: null, detail: null, abortableBefore: true });
    const plan: ActionPlan = { id: 'plan-crashed', clusterId: first.clusterId, kind: 'switchover', target: 'r1', createdAt: 1, checks: [], steps: [step('fence'), step('promote')], expectedDataLossBytes: 0, expectedUnavailableMs: 1_000 };
    const journal = new ActionJournal(path.join(dir, 'actions'));
    await journal.write(plan.id, { type: 'plan', at: 1, plan });
    await journal.write(plan.id, { type: 'step-start', at: 2, stepId: 'fence' });
    await first.core.dispose();
    cores.splice(0);

    const second = await start(dir);
    const entries = (await second.core.handle('audit:list', {})) as { value: AuditEntry[] };
    const interrupted = entries.value.filter((e) => e.outcome.startsWith('interrupted'));
    expect(interrupted).toHaveLength(1);
    expect(interrupted[0]).toMatchObject({ action: 'switchover', clusterId: first.clusterId, params: { planId: 'plan-crashed', stoppedIn: { id: 'fence' } } });
    expect(interrupted[0]!.outcome).toMatch(/stopped during "fence"/);
    expect(await second.core.handle('audit:verify', {})).toMatchObject({ ok: true, value: { ok: true } });
    await second.core.dispose();
    cores.splice(0);

    const third = await start(dir);
    const again = (await third.core.handle('audit:list', {})) as { value: AuditEntry[] };
    expect(again.value.filter((e) => e.outcome.startsWith('interrupted'))).toHaveLength(1);
  });
});
