import { describe, expect, it } from 'vitest';
import { desyncChecks, desyncSteps, unavailableBecause } from '../../../../../electron/drivers/mariadb/galera/desync-plan';
import { GaleraActions } from '../../../../../electron/drivers/mariadb/galera/desync-actions';
import { buildSample } from '../../../../../electron/drivers/mariadb/build-sample';
import { ActionRequestSchema } from '../../../../../shared/model/action';
import { AT } from '../fixtures';
import { galera, galeraView, PORTS } from './galera-fixtures';

const target = (over: Parameters<typeof galera>[1] = {}) => ({ id: 'a', name: 'g1', galera: galera(3301, over) });

describe('Galera desync/resync planning', () => {
  it('offers desync on a Synced Primary node, resync on a desynced one, neither on a non-Primary one', () => {
    expect(unavailableBecause('desync', galera(3301))).toBeNull();
    expect(unavailableBecause('resync', galera(3301))).toBe('not desynced (wsrep_desync=OFF)');
    expect(unavailableBecause('desync', galera(3301, { desync: true, localState: 'Donor/Desynced' }))).toBe('already desynced (wsrep_desync=ON)');
    expect(unavailableBecause('resync', galera(3301, { desync: true, localState: 'Donor/Desynced' }))).toBeNull();
    expect(unavailableBecause('desync', galera(3301, { localState: 'Donor/Desynced' }))).toBe('Donor/Desynced: only a Synced node is desynced on purpose');
    expect(unavailableBecause('desync', galera(3301, { clusterStatus: 'non-Primary' }))).toMatch(/^non-Primary/);
    expect(unavailableBecause('desync', null)).toBe('not a Galera node read this round');
  });

  it('checks: a blocker for the target state, a warning when another node is already out of flow control', () => {
    const checks = desyncChecks('desync', target(), [{ id: 'b', name: 'g2', galera: galera(3302, { localState: 'Donor/Desynced' }) }], { reading: null, login: 'rd' });
    expect(checks.map((c) => [c.id, c.ok, c.severity])).toEqual([
      ['target-state', true, 'blocker'],
      ['privileges:a', false, 'warning'],
      ['others-synced', false, 'warning'],
      ['keeps-serving', true, 'info'],
    ]);
    expect(checks[2]?.explanation).toBe('already out of flow control or not Synced: g2 (Donor/Desynced)');
    expect(desyncChecks('resync', target(), [], { reading: null, login: 'rd' })[0]).toMatchObject({ ok: false, explanation: 'g1: not desynced (wsrep_desync=OFF)' });
  });

  it('steps: the exact SQL, then the observed state', () => {
    expect(desyncSteps('desync', 'g1').map((s) => [s.id, s.command])).toEqual([
      ['set-wsrep-desync', 'SET GLOBAL wsrep_desync = ON'],
      ['wait-local-state', "SHOW GLOBAL STATUS LIKE 'wsrep_local_state_comment' -- until Donor/Desynced"],
    ]);
    expect(desyncSteps('resync', 'g1')[0]?.command).toBe('SET GLOBAL wsrep_desync = OFF');
  });

  it('availableActions reads the sample; planAction refuses other kinds and unknown nodes', async () => {
    const views = PORTS.map((p) => galeraView(p, galera(p, p === 3302 ? { desync: true, localState: 'Donor/Desynced' } : {})));
    const actions = new GaleraActions({ clusterId: 'c', now: () => AT, read: () => Promise.resolve(views), open: () => null });
    const s = buildSample({ clusterId: 'c', takenAt: AT, durationMs: 1, views, queriesPerNode: 1, warnings: [] });
    expect(actions.availableActions(s).map((n) => [n.nodeId, n.actions.filter((a) => a.available).map((a) => a.kind)])).toEqual([
      ['127.0.0.1:3301', ['desync']],
      ['127.0.0.1:3302', ['resync']],
      ['127.0.0.1:3303', ['desync']],
    ]);
    const req = (kind: string, t: string) => ActionRequestSchema.parse({ clusterId: 'c', kind, target: t });
    expect(await actions.planAction(req('switchover', '127.0.0.1:3301'), AbortSignal.timeout(1_000))).toMatchObject({ ok: false, code: 'not-supported' });
    expect(await actions.planAction(req('desync', '127.0.0.1:9999'), AbortSignal.timeout(1_000))).toMatchObject({ ok: false, code: 'unknown-node' });
    const plan = await actions.planAction(req('resync', '127.0.0.1:3302'), AbortSignal.timeout(1_000));
    expect(plan).toMatchObject({ ok: true, value: { kind: 'resync', target: '127.0.0.1:3302', expectedUnavailableMs: 0, nodeNames: { '127.0.0.1:3302': 'g2' } } });
    // A step on a node it cannot open is skipped, with the reason.
    if (!plan.ok) throw new Error(plan.reason);
    expect(await actions.executeStep(plan.value, plan.value.steps[0]!, AbortSignal.timeout(1_000))).toEqual({ ok: true, value: { detail: '127.0.0.1:3302 is not a known node', skipped: true } });
  });
});
