import { describe, expect, it } from 'vitest';
import { rankCandidates } from '../../../../../electron/drivers/postgres/actions/candidates';
import { executeStep } from '../../../../../electron/drivers/postgres/actions/execute-step';
import { PositionMemory } from '../../../../../electron/drivers/postgres/actions/position-memory';
import { repointConninfo } from '../../../../../electron/drivers/postgres/actions/sql';
import { parseStepId, stepId } from '../../../../../electron/drivers/postgres/actions/step-id';
import type { ActionPlan } from '../../../../../shared/model/action';
import { NOW, primaryReading, sender, standbyReading, up } from '../fixtures';

const at = (port: number) => ({ host: '127.0.0.1', port });

describe('step ids', () => {
  it('carry op, node and peer, and reject anything else', () => {
    const id = stepId({ op: 'repoint', node: '127.0.0.1:5433', peer: '[::1]:5432' });
    expect(parseStepId(id)).toEqual({ op: 'repoint', node: '127.0.0.1:5433', peer: '[::1]:5432' });
    expect(parseStepId('promote~127.0.0.1:5433')).toEqual({ op: 'promote', node: '127.0.0.1:5433', peer: null });
    expect(parseStepId('drop-database~x')).toBeNull();
  });
});

describe('repointConninfo', () => {
  it('replaces host and port and keeps the rest, quoting every value by libpq rules', () => {
    const r = repointConninfo("user=rep password='it\\'s' host=old hostaddr=10.0.0.1 port=5432 application_name=s1 sslmode=require", at(6000));
    expect(r).toEqual({ ok: true, value: "user='rep' password='it\\'s' host='127.0.0.1' port='6000' application_name='s1' sslmode='require'" });
  });

  it('builds one from nothing and refuses garbage', () => {
    expect(repointConninfo('', at(6000))).toEqual({ ok: true, value: "host='127.0.0.1' port='6000'" });
    expect(repointConninfo('nonsense', at(6000)).ok).toBe(false);
  });
});

describe('rankCandidates', () => {
  it('ranks by receive position, then by synchronous priority', () => {
    const primary = primaryReading([sender('a'), sender('b', { syncState: 'sync' }), sender('c')]);
    const views = [
      up('127.0.0.1:1', standbyReading('a', at(5432), { receiveLsn: '0/5000000' })),
      up('127.0.0.1:2', standbyReading('b', at(5432), { receiveLsn: '0/5000000' })),
      up('127.0.0.1:3', standbyReading('c', at(5432), { receiveLsn: '0/5100000' })),
    ];
    expect(rankCandidates(views, primary).map((c) => c.reading.clusterName)).toEqual(['c', 'b', 'a']);
  });
});

describe('PositionMemory', () => {
  it('keeps the furthest position on a timeline and starts over on a new one', () => {
    const m = new PositionMemory();
    const p = (lsn: string, tli: number) => up('p', primaryReading([], { currentLsn: lsn, walFile: `0000000${tli}0000000000000005` }));
    m.remember([p('0/5000000', 2)], NOW);
    m.remember([p('0/4000000', 2)], NOW + 1);
    expect(m.lastPrimary('p')).toMatchObject({ lsn: '0/5000000', timeline: 2 });
    m.remember([p('0/4000000', 3)], NOW + 2);
    expect(m.lastPrimary()).toMatchObject({ lsn: '0/4000000', timeline: 3 });
  });
});

describe('executeStep', () => {
  const plan = (checks: ActionPlan['checks']): ActionPlan => ({
    id: 'p1', clusterId: 'c', kind: 'fence', target: 'n', createdAt: NOW, checks,
    steps: [{ id: 'fence~n', title: 't', command: 'c', state: 'pending', startedAt: null, endedAt: null, detail: null, abortableBefore: true }],
    expectedDataLossBytes: null, expectedUnavailableMs: null,
  });
  const deps = { targetOf: () => null, timeouts: { connectTimeoutMs: 100, queryTimeoutMs: 100 }, host: null, now: () => NOW, pool: new Map() };

  it('refuses a plan whose pre-flight failed, naming the check', async () => {
    const p = plan([{ id: 'lag-bytes', ok: false, severity: 'blocker', explanation: 'lag 14.0 MB > 1.0 MB limit' }]);
    expect(await executeStep(deps, p, p.steps[0]!, new AbortController().signal)).toEqual({
      ok: false, code: 'preflight-failed', reason: 'the plan has failing checks: lag-bytes: lag 14.0 MB > 1.0 MB limit',
    });
  });

  it('refuses a step it does not know, and a host step without the agent', async () => {
    const p = plan([]);
    const bad = await executeStep(deps, p, { ...p.steps[0]!, id: 'format~n' }, new AbortController().signal);
    expect(bad).toMatchObject({ ok: false, code: 'bad-step' });
    const host = await executeStep(deps, p, { ...p.steps[0]!, id: 'host-stop~n' }, new AbortController().signal);
    expect(host).toEqual({ ok: false, code: 'needs-agent', reason: 'host-stop on n needs the agent on that host' });
  });
});
