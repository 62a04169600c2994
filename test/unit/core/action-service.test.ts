import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppCore } from '../../../electron/core/app-core';
import { ownerOnlyFileCodec } from '../../../electron/core/settings/secret-store';
import { createLogger } from '../../../electron/core/logger';
import type { ActionRun } from '../../../shared/ipc/actions';
import { ok } from '../../../shared/result';
import { FakeActionDriver } from '../../support/fake-action-driver';

let core: AppCore | null = null;
let dir = '';
afterEach(async () => {
  await core?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function setup() {
  dir = mkdtempSync(path.join(tmpdir(), 'rd-actions-'));
  const driver = new FakeActionDriver();
  core = await AppCore.create({ dataDir: dir, secretCodec: ownerOnlyFileCodec, resolveDriver: () => ok(driver.capabilities()), log: createLogger('test'), deltaFlushMs: 20 });
  const added = await core.handle('clusters:add', { engine: 'postgres', name: 'prod', seeds: ['postgres://u@h/db'], sampleIntervalMs: 250 });
  const clusterId = added.ok ? (added.value as { id: string }).id : '';
  await new Promise((r) => setTimeout(r, 100));
  return { core, driver, clusterId };
}

const value = <T>(r: { ok: boolean; value?: unknown }) => r.value as T;

describe('ActionService through AppCore', () => {
  it('says per node which actions can run, and why not', async () => {
    const { core, clusterId } = await setup();
    const r = await core.handle('actions:available', { clusterId });
    expect(r).toMatchObject({ ok: true, value: [{ nodeId: 'p', actions: [{ available: false, why: 'already the primary' }] }, { nodeId: 'r1', actions: [{ available: true }] }] });
  });

  it('runs a plan only after the cluster name is typed, and audits it', async () => {
    const { core, driver, clusterId } = await setup();
    const runs: ActionRun[] = [];
    core.onDelta((d) => runs.push(...d.actions));
    const planned = await core.handle('actions:plan', { clusterId, kind: 'switchover', target: 'r1' });
    const planId = value<ActionRun>(planned).plan.id;
    expect(driver.executed).toEqual([]);
    expect(await core.handle('actions:execute', { planId, confirmName: 'prd' })).toMatchObject({ ok: false, code: 'confirmation-mismatch' });
    expect(await core.handle('actions:execute', { planId, confirmName: 'prod' })).toMatchObject({ ok: true, value: { status: 'running' } });
    await expect.poll(() => runs.at(-1)?.status).toBe('done');
    expect(driver.executed).toEqual(['fence', 'promote']);
    const audit = await core.handle('audit:list', {});
    expect(value<{ outcome: string }[]>(audit).map((e) => e.outcome)).toEqual(['done', 'started']);
    expect(await core.handle('audit:verify', {})).toEqual({ ok: true, value: { ok: true, entries: 2 } });
    const csv = await core.handle('audit:export', { format: 'csv' });
    expect(value<{ content: string }>(csv).content).toContain('switchover');
  });

  it('refuses to run a plan whose pre-flight found a blocker, saying why', async () => {
    const { core, driver, clusterId } = await setup();
    driver.blocked = true;
    const planned = await core.handle('actions:plan', { clusterId, kind: 'switchover', target: 'r1' });
    const r = await core.handle('actions:execute', { planId: value<ActionRun>(planned).plan.id, confirmName: 'prod' });
    expect(r).toMatchObject({ ok: false, code: 'preflight-failed', reason: 'lag 14 MB > 1 MB limit' });
    expect(driver.executed).toEqual([]);
  });
});
