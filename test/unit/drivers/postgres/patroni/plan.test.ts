import { describe, expect, it } from 'vitest';
import { ActionRequestSchema } from '../../../../../shared/model/action';
import { planPatroni } from '../../../../../electron/drivers/postgres/patroni/plan';
import { parsePatroniStepId, patroniStepId } from '../../../../../electron/drivers/postgres/patroni/step-id';
import { member, view } from './fixtures';

const req = (kind: 'switchover' | 'failover' | 'fence' | 'rejoin', target: string) => ActionRequestSchema.parse({ clusterId: 'c', kind, target });
const blockers = (checks: { ok: boolean; severity: string; id: string }[]) => checks.filter((c) => !c.ok && c.severity === 'blocker').map((c) => c.id);

describe('planPatroni', () => {
  it('plans a switchover as the exact POST /switchover, then waits for Patroni', () => {
    const p = planPatroni(req('switchover', '127.0.0.1:5433'), view());
    expect(p.target).toBe('127.0.0.1:5433');
    expect(p.steps.map((s) => s.command)).toEqual([
      'POST http://127.0.0.1:6432/switchover {"leader":"pg1","candidate":"pg2"}',
      'GET http://127.0.0.1:6432/cluster -- until pg2 is leader and running',
      'GET http://127.0.0.1:6433/patroni -- until replication[] lists pg1 and every other running member as streaming',
    ]);
    expect(blockers(p.checks)).toEqual([]);
    expect(p.expectedDataLossBytes).toBe(0);
  });

  it('accepts a member name as the target and sends a failover to the candidate itself', () => {
    const p = planPatroni(req('failover', 'pg3'), view([member('pg1', 5432, 'leader', 'stopped'), member('pg2', 5433, 'replica'), member('pg3', 5434, 'replica', 'running', { lag: 2048 })]));
    expect(p.steps[0]?.command).toBe('POST http://127.0.0.1:6434/failover {"candidate":"pg3"}');
    expect(p.expectedDataLossBytes).toBe(2048);
  });

  it('leaves what Patroni decides to Patroni (a warning), but blocks on our own lag limit', () => {
    const unknown = planPatroni(req('switchover', 'pg9'), view());
    expect(unknown.checks.find((c) => c.id === 'candidate')).toMatchObject({ ok: false, severity: 'warning' });
    expect(unknown.steps[0]?.command).toContain('"candidate":"pg9"');
    const lagging = planPatroni(req('switchover', 'pg2'), view([member('pg1', 5432, 'leader'), member('pg2', 5433, 'replica', 'running', { lag: 50 * 1024 * 1024 })]));
    expect(blockers(lagging.checks)).toEqual(['lag']);
  });

  it("picks the least-lagging running replica for 'auto', skipping nofailover", () => {
    const v = view([member('pg1', 5432, 'leader'), member('pg2', 5433, 'replica', 'running', { lag: 10, tags: { nofailover: true } }), member('pg3', 5434, 'replica', 'running', { lag: 20 })]);
    expect(planPatroni(req('switchover', 'auto'), v).target).toBe('127.0.0.1:5434');
  });

  it('refuses fence and rejoin on a Patroni cluster: Patroni does those', () => {
    for (const kind of ['fence', 'rejoin'] as const) {
      const p = planPatroni(req(kind, '127.0.0.1:5432'), view());
      expect(p.steps).toEqual([]);
      expect(blockers(p.checks)).toEqual(['patroni-managed']);
    }
  });

  it('step ids carry the member names, even odd ones', () => {
    const ref = { op: 'patroni-switchover' as const, candidate: 'pg~2', leader: 'a b' };
    expect(parsePatroniStepId(patroniStepId(ref))).toEqual(ref);
    expect(parsePatroniStepId('promote~127.0.0.1:5432')).toBeNull();
  });
});
