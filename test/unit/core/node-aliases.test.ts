import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { applyAliases, withAlias } from '../../../electron/core/cluster-state/node-aliases';
import { NodeAliasesSchema, PostgresSpecSchema } from '../../../shared/model/cluster';
import type { ClusterSample } from '../../../shared/model/sample';
import type { MonitorDelta } from '../../../shared/ipc/delta';
import { link, node } from '../../support/fake-driver';
import { createTestCore } from '../../support/test-core';
import { SettingsStore } from '../../../electron/core/settings/settings-store';
import { ownerOnlyFileCodec } from '../../../electron/core/settings/secret-store';

const sample = (): ClusterSample => ({
  clusterId: 'c', takenAt: 1, durationMs: 1, nodes: [node('127.0.0.1:1', 'primary'), node('127.0.0.1:2', 'replica')],
  links: [link('127.0.0.1:1', '127.0.0.1:2', 0)], slots: [], consensus: null, queriesPerNode: 1, warnings: [],
});

describe('node aliases: validation', () => {
  it('accepts non-empty aliases up to 64 characters, unique within the cluster', () => {
    expect(NodeAliasesSchema.safeParse({ a: 'orders-primary', b: 'x'.repeat(64) }).success).toBe(true);
  });
  it('refuses an empty, a too long or a duplicate alias, naming the node', () => {
    const issues = (v: unknown) => {
      const r = NodeAliasesSchema.safeParse(v);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(issues({ a: '  ' })).toEqual(['a: an alias cannot be empty']);
    expect(issues({ a: 'x'.repeat(65) })).toEqual(['a: an alias is at most 64 characters']);
    expect(issues({ a: 'Main', b: 'main' })).toEqual(['b: "main" is already the alias of a']);
  });
  it('keeps aliases in a saved spec', () => {
    const spec = PostgresSpecSchema.parse({ engine: 'postgres', name: 'p', seeds: ['postgres://h/db'], aliases: { 'h:5432': 'main' } });
    expect(spec.aliases).toEqual({ 'h:5432': 'main' });
  });
});

describe('node aliases: application', () => {
  it('replaces the display name, never the id or the address', () => {
    const s = applyAliases(sample(), { '127.0.0.1:2': 'reporting' });
    expect(s.nodes.map((n) => [n.id, n.name, n.address])).toEqual([
      ['127.0.0.1:1', '127.0.0.1:1', '127.0.0.1:1'],
      ['127.0.0.1:2', 'reporting', '127.0.0.1:2'],
    ]);
    expect(s.links[0]!.to).toBe('127.0.0.1:2');
  });
  it('returns the same sample when no alias applies', () => {
    const s = sample();
    expect(applyAliases(s, {})).toBe(s);
    expect(applyAliases(s, undefined)).toBe(s);
  });
  it('sets, refuses another node’s name or alias, and clears', () => {
    const names = new Map([['a', 'n1'], ['b', 'n2']]);
    expect(withAlias({}, 'a', 'main', names)).toEqual({ ok: true, value: { a: 'main' } });
    expect(withAlias({ a: 'main' }, 'b', 'MAIN', names)).toMatchObject({ ok: false, code: 'invalid-payload', issues: [{ path: 'alias' }] });
    expect(withAlias({}, 'a', 'n2', names)).toMatchObject({ ok: false, reason: 'alias: "n2" is already the name of node b' });
    expect(withAlias({ a: 'main' }, 'a', null, names)).toEqual({ ok: true, value: {} });
  });
});

describe('clusters:setAlias through the core', () => {
  let cleanup: (() => Promise<void>) | null = null;
  afterEach(async () => cleanup?.());

  it('applies the alias to samples, events and the headline, and persists it with the cluster', async () => {
    const t = await createTestCore();
    cleanup = t.cleanup;
    const deltas: MonitorDelta[] = [];
    t.core.onDelta((d) => deltas.push(d));
    const added = await t.core.handle('clusters:add', { engine: 'postgres', name: 'prod', seeds: ['postgres://u@h/db'], sampleIntervalMs: 250 });
    const id = added.ok ? (added.value as { id: string }).id : '';
    await new Promise((r) => setTimeout(r, 300));
    expect(await t.core.handle('clusters:setAlias', { clusterId: id, nodeId: 'p', alias: 'orders-main' })).toEqual({ ok: true, value: { aliases: { p: 'orders-main' } } });
    t.drivers[0]!.nodes = [node('p', 'primary', { kind: 'down', since: Date.now(), reason: 'gone' }), node('r1', 'replica')];
    await new Promise((r) => setTimeout(r, 700));
    const snap = await t.core.handle('clusters:snapshot', { clusterId: id });
    expect(snap.ok && (snap.value as ClusterSample).nodes.find((n) => n.id === 'p')?.name).toBe('orders-main');
    const down = deltas.flatMap((d) => d.events).find((e) => e.kind === 'node-down');
    expect(down?.message).toContain('orders-main');
    const headline = deltas.flatMap((d) => d.headlines).at(-1);
    expect(headline).toMatchObject({ clusterId: id, state: 'primary-down', nodes: ['orders-main'], nodeIds: ['p'] });
    const headlines = await t.core.handle('clusters:headlines', {});
    expect(headlines).toMatchObject({ ok: true, value: [{ clusterId: id, state: 'primary-down' }] });
    const dir = (t.core as unknown as { settings: { dir: string } }).settings.dir;
    const saved = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => readFileSync(`${dir}/${f}`, 'utf8')).join('\n');
    expect(saved).toContain('orders-main');
    const restored = await new SettingsStore(dir, ownerOnlyFileCodec).load();
    expect(restored.clusters.find((c) => c.id === id)?.spec.aliases).toEqual({ p: 'orders-main' });
  });

  it('answers bad input with an error naming the field', async () => {
    const t = await createTestCore();
    cleanup = t.cleanup;
    const added = await t.core.handle('clusters:add', { engine: 'postgres', name: 'prod', seeds: ['postgres://u@h/db'], sampleIntervalMs: 250 });
    const id = added.ok ? (added.value as { id: string }).id : '';
    await new Promise((r) => setTimeout(r, 300));
    expect(await t.core.handle('clusters:setAlias', { clusterId: id, nodeId: 'p', alias: '' })).toMatchObject({ ok: false, code: 'invalid-payload', issues: [{ path: 'alias' }] });
    expect(await t.core.handle('clusters:setAlias', { clusterId: id, nodeId: 'p', alias: 'x'.repeat(65) })).toMatchObject({ ok: false, issues: [{ path: 'alias' }] });
    expect(await t.core.handle('clusters:setAlias', { clusterId: id, nodeId: 'nope', alias: 'x' })).toMatchObject({ ok: false, issues: [{ path: 'nodeId' }] });
    await t.core.handle('clusters:setAlias', { clusterId: id, nodeId: 'p', alias: 'main' });
    expect(await t.core.handle('clusters:setAlias', { clusterId: id, nodeId: 'r1', alias: 'Main' })).toMatchObject({ ok: false, reason: 'alias: "Main" is already the alias of p' });
  });
});
