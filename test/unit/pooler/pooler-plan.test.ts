import { describe, expect, it } from 'vitest';
import type { ActionPlan } from '../../../shared/model/action';
import type { PoolerReading } from '../../../shared/model/pooler';
import { toStep } from '../../../electron/drivers/postgres/actions/plan-steps';
import { extendPlan } from '../../../electron/drivers/postgres/pooler/pooler-plan';

const OLD = '10.0.0.1:5432';
const NEW = '10.0.0.2:5432';
const steps = (['verify', 'fence', 'host-stop', 'wait-caught-up', 'promote', 'wait-writable', 'repoint'] as const).map((op) =>
  toStep({ op, node: op === 'fence' || op === 'host-stop' ? OLD : NEW, ...(op === 'wait-caught-up' || op === 'verify' ? { peer: OLD } : {}), title: op, command: op, abortableBefore: op === 'verify' || op === 'fence' }),
);
const plan: ActionPlan = { id: 'p', clusterId: 'c', kind: 'switchover', target: NEW, createdAt: 0, checks: [], steps, expectedDataLossBytes: 0, expectedUnavailableMs: 250 };
const reading: PoolerReading = {
  id: 'pooler:10.0.0.9:6432', name: 'b1', host: '10.0.0.9', port: 6432, status: 'ok', error: null, version: 'PgBouncer 1.18.0', poolMode: 'transaction', serverLoginRetryS: 1, queryWaitTimeoutS: 120,
  databases: [{ name: 'appdb', host: '10.0.0.1', port: 5432, dbname: 'postgres', targetNodeId: OLD, paused: false, writeRoute: true }],
  clientsActive: 3, clientsWaiting: 0, serverConnsByNode: { [OLD]: 3 }, localAddrs: [], agent: 'ready', heldPausedSince: null, readAt: 0,
};
const input = { readings: [reading], specs: [{ name: 'b1', host: '10.0.0.9', port: 6432, user: 'a', password: '', pauseTimeoutMs: 2_000 }], sessions: [], bypass: [], mode: 'pause' as const, endpointOf: () => ({ host: '10.0.0.2', port: 5432 }) };

describe('extendPlan', () => {
  it('wraps fence … promote in PAUSE … RESUME; nothing in between may be aborted', () => {
    const out = extendPlan(plan, input);
    const ops = out.steps.map((s) => s.id.split('~')[0]);
    expect(ops).toEqual(['verify', 'pooler-pause', 'fence', 'host-stop', 'wait-caught-up', 'promote', 'wait-writable', 'pooler-repoint', 'pooler-resume', 'pooler-write', 'repoint']);
    const inside = out.steps.slice(2, 9);
    expect(inside.every((s) => !s.abortableBefore)).toBe(true);
    expect(out.steps[1]?.abortableBefore).toBe(true);
    expect(out.checks.filter((c) => !c.ok && c.severity === 'blocker')).toEqual([]);
  });

  it('blocks session pooling and a missing agent, and names long transactions', () => {
    const out = extendPlan(plan, { ...input, readings: [{ ...reading, poolMode: 'session', agent: 'none' }], sessions: [{ pid: 42, user: 'app', app: 'billing', addr: '10.0.0.5', port: 5000, xactAgeMs: 9_000 }] });
    const ids = out.checks.filter((c) => !c.ok).map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['pooler:b1:pool-mode', 'pooler:b1:agent', 'pooler:b1:long-transactions']));
    expect(out.checks.find((c) => c.id === 'pooler:b1:long-transactions')?.explanation).toMatch(/pid 42 \(app@10\.0\.0\.5:5000, billing, transaction open 9\.0 s\)/);
  });

  it('a long transaction through the pooler blocks (PAUSE would wait for it); one straight to the server only warns', () => {
    const through = { ...reading, localAddrs: ['10.0.0.9:41000'] };
    const pooled = { pid: 7, user: 'app', app: 'web', addr: '10.0.0.9', port: 41_000, xactAgeMs: 45_000 };
    const direct = { pid: 8, user: 'etl', app: 'batch', addr: '10.0.0.7', port: 5_100, xactAgeMs: 9_000 };
    const blocked = extendPlan(plan, { ...input, readings: [through], sessions: [pooled, direct] }).checks.find((c) => c.id === 'pooler:b1:long-transactions');
    expect(blocked).toMatchObject({ ok: false, severity: 'blocker' });
    expect(blocked?.explanation).toMatch(/^PAUSE would time out: 1 transaction through b1 has been open longer than the PAUSE timeout \(2000 ms\).*pid 7 /);
    const warned = extendPlan(plan, { ...input, readings: [through], sessions: [direct] }).checks.find((c) => c.id === 'pooler:b1:long-transactions');
    expect(warned).toMatchObject({ ok: false, severity: 'warning' });
    expect(warned?.explanation).toMatch(/1 transaction on the old primary .* came straight to the server, not through b1: PAUSE does not wait for it; the fence ends it \(pid 8 /);
  });

  it('leaves a plan alone when no pooler routes to the old primary', () => {
    const elsewhere = { ...reading, databases: [{ ...reading.databases[0]!, targetNodeId: null }] };
    expect(extendPlan(plan, { ...input, readings: [elsewhere] })).toBe(plan);
  });

  it("a failover says clients see errors until the re-point step, and for how much longer server_login_retry keeps them failing", () => {
    const failover: ActionPlan = { ...plan, kind: 'failover', steps: steps.filter((s) => !['fence', 'host-stop', 'wait-caught-up'].includes(s.id.split('~')[0]!)) };
    const fast = extendPlan(failover, input).checks.find((c) => c.id === 'pooler:errors-until');
    expect(fast?.explanation).toBe('clients of b1 see errors until step 4 (the pooler re-pointed at the new primary)');
    const slow = extendPlan(failover, { ...input, readings: [{ ...reading, serverLoginRetryS: 15 }] });
    expect(slow.steps[3]?.id.startsWith('pooler-repoint')).toBe(true);
    expect(slow.checks.find((c) => c.id === 'pooler:errors-until')?.explanation).toBe(
      "clients of b1 see errors until step 4 (the pooler re-pointed at the new primary), and b1's clients up to server_login_retry = 15 s after it: PgBouncer retries a pool whose logins to the old primary failed no sooner, and RELOAD does not clear that wait",
    );
  });

  it('a failover without an agent warns that the old primary, back before the by-hand re-point, takes pooled writes until it is fenced', () => {
    const failover: ActionPlan = { ...plan, kind: 'failover', nodeNames: { [OLD]: 'pg1' }, steps: steps.filter((s) => s.id.split('~')[0] !== 'host-stop' && s.id.split('~')[0] !== 'wait-caught-up') };
    const agent = extendPlan(failover, { ...input, readings: [{ ...reading, agent: 'none' }] }).checks.find((c) => c.id === 'pooler:b1:agent');
    expect(agent?.explanation).toMatch(
      /its clients keep failing until it is done; until then it sends them to pg1: should pg1 come back first, pooled writes land on it \(old timeline\) until ReplicaDesk's next sample fences it, and its rejoin discards them$/,
    );
  });
});
