import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppCore } from '../../../electron/core/app-core';
import { actionLabel } from '../../../electron/core/alerts/action-label';
import { ownerOnlyFileCodec } from '../../../electron/core/settings/secret-store';
import { createLogger } from '../../../electron/core/logger';
import type { ActionRun } from '../../../shared/ipc/actions';
import type { AuditEntry } from '../../../shared/model/action';
import { ok } from '../../../shared/result';
import { FakeActionDriver } from '../../support/fake-action-driver';

let core: AppCore | null = null;
let dir = '';
afterEach(async () => {
  await core?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function filesUnder(d: string): string[] {
  return readdirSync(d).flatMap((n) => (statSync(path.join(d, n)).isDirectory() ? filesUnder(path.join(d, n)) : [path.join(d, n)]));
}

describe('a reason on every action', () => {
  it('is kept in the audit (start and end), the action journal and the run; the alert label names it', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rd-reason-'));
    const driver = new FakeActionDriver();
    core = await AppCore.create({ dataDir: dir, secretCodec: ownerOnlyFileCodec, resolveDriver: () => ok(driver.capabilities()), log: createLogger('test'), deltaFlushMs: 20 });
    const added = await core.handle('clusters:add', { engine: 'postgres', name: 'prod', seeds: ['postgres://u@h/db'], sampleIntervalMs: 250 });
    const clusterId = (added as { value: { id: string } }).value.id;
    await new Promise((r) => setTimeout(r, 100));
    const runs: ActionRun[] = [];
    core.onDelta((d) => runs.push(...d.actions));
    const planned = (await core.handle('actions:plan', { clusterId, kind: 'switchover', target: 'r1' })) as { value: ActionRun };
    const started = await core.handle('actions:execute', { planId: planned.value.plan.id, confirmName: 'prod', reason: '  CHG-1234 kernel update ' });
    expect(started).toMatchObject({ ok: true, value: { status: 'running', plan: { reason: 'CHG-1234 kernel update' } } });
    expect(actionLabel([(started as { value: ActionRun }).value], Date.now())).toBe('switchover of r1, running (reason: CHG-1234 kernel update)');
    await expect.poll(() => runs.at(-1)?.status).toBe('done');
    const audit = (await core.handle('audit:list', {})) as { value: AuditEntry[] };
    expect(audit.value.map((e) => [e.outcome, e.params['reason']])).toEqual([['done', 'CHG-1234 kernel update'], ['started', 'CHG-1234 kernel update']]);
    const journal = filesUnder(path.join(dir, 'actions')).map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(journal).toContain('CHG-1234 kernel update');
    const listed = (await core.handle('actions:list', { clusterId })) as { value: ActionRun[] };
    expect(listed.value[0]!.plan.reason).toBe('CHG-1234 kernel update');
    expect(actionLabel(listed.value, Date.now())).toBe('switchover of r1, done (reason: CHG-1234 kernel update)');
    expect(actionLabel(listed.value, Date.now() + 120_000)).toBeNull();
  });

  it('is optional: without one the audit has no reason', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rd-reason-'));
    const driver = new FakeActionDriver();
    core = await AppCore.create({ dataDir: dir, secretCodec: ownerOnlyFileCodec, resolveDriver: () => ok(driver.capabilities()), log: createLogger('test'), deltaFlushMs: 20 });
    const added = await core.handle('clusters:add', { engine: 'postgres', name: 'prod', seeds: ['postgres://u@h/db'], sampleIntervalMs: 250 });
    const clusterId = (added as { value: { id: string } }).value.id;
    await new Promise((r) => setTimeout(r, 100));
    const planned = (await core.handle('actions:plan', { clusterId, kind: 'switchover', target: 'r1' })) as { value: ActionRun };
    const started = await core.handle('actions:execute', { planId: planned.value.plan.id, confirmName: 'prod' });
    expect((started as { value: ActionRun }).value.plan.reason).toBeUndefined();
    const audit = (await core.handle('audit:list', {})) as { value: AuditEntry[] };
    expect(audit.value.at(-1)!.params).not.toHaveProperty('reason');
  });
});
