import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEtcdCluster, leaderSeenBy, type EtcdCluster } from '../harness/etcd-cluster';
import { etcdDriver, leaderOf, sampleUntil } from '../harness/etcd-driver';
import type { EtcdDriver } from '../../electron/drivers/etcd';
import { ClusterSampleSchema } from '../../shared/model/sample';

let cluster: EtcdCluster;
let driver: EtcdDriver;

beforeAll(async () => {
  cluster = await startEtcdCluster(3);
  console.log(`etcd: 3 members up with an agreed leader in ${cluster.startMs} ms`);
  // One seed is enough: the rest come from the member list.
  driver = etcdDriver([cluster.clientUrls[1]!]);
  const connected = await driver.connect(AbortSignal.timeout(5_000));
  expect(connected).toEqual({ ok: true, value: { kind: 'consensus' } });
});

afterAll(async () => {
  await driver?.dispose();
  await cluster?.stop();
});

describe('etcd 3.4 cluster through the JSON gateway', () => {
  it('shows all three members, exactly one leader and consistent terms', async () => {
    const s = await driver.sample(AbortSignal.timeout(5_000));
    expect(ClusterSampleSchema.safeParse(s).success).toBe(true);
    expect(s.nodes.map((n) => n.name).sort()).toEqual(['m1', 'm2', 'm3']);
    expect(s.nodes.every((n) => n.status.kind === 'up')).toBe(true);
    const leaders = s.nodes.filter((n) => n.role === 'leader');
    expect(leaders).toHaveLength(1);
    expect(s.nodes.filter((n) => n.role === 'follower')).toHaveLength(2);
    // The leader every member reports is the one we show, and ids stay uint64 strings.
    const reported = await Promise.all(cluster.clientUrls.map((u) => leaderSeenBy(u)));
    expect(new Set(reported)).toEqual(new Set([leaders[0]!.id]));
    expect(leaders[0]!.id).toMatch(/^\d+$/);
    const terms = new Set(s.nodes.map((n) => n.term));
    expect(terms.size).toBe(1);
    expect(s.consensus?.term).toBe([...terms][0]);
    expect(s.consensus?.members).toHaveLength(3);
    for (const m of s.consensus?.members ?? []) {
      expect(BigInt(m.commitIndex) > 0n).toBe(true);
      expect(BigInt(m.appliedIndex) <= BigInt(m.commitIndex)).toBe(true);
      expect(m.dbSizeBytes).toBeGreaterThan(0);
      expect(m.lastContactAt).not.toBeNull();
      expect(m.alarms).toEqual([]);
    }
    expect(s.nodes.every((n) => n.version === '3.4.23' || /^3\.4\./.test(n.version ?? ''))).toBe(true);
    expect(s.links).toEqual([]);
    // member list + alarms on one member, plus one status per member.
    expect(s.queriesPerNode).toBeCloseTo(5 / 3, 5);
  });

  it('transfers leadership to the chosen member', async () => {
    const before = await driver.sample(AbortSignal.timeout(5_000));
    const oldLeader = leaderOf(before)!;
    const target = before.nodes.find((n) => n.id !== oldLeader)!;
    const started = Date.now();
    const moved = await driver.transferLeadership(target.id);
    expect(moved.ok, JSON.stringify(moved)).toBe(true);
    const { sample, elapsedMs } = await sampleUntil(driver, (s) => leaderOf(s) === target.id && s.nodes.every((n) => n.term === s.consensus?.term), {
      everyMs: 100,
      timeoutMs: 3_000,
    });
    console.log(`etcd: transfer-leadership answered and every member agreed in ${Date.now() - started} ms (${elapsedMs} ms of sampling)`);
    expect(BigInt(sample.consensus!.term) > BigInt(before.consensus!.term)).toBe(true);
    expect(sample.nodes.find((n) => n.id === oldLeader)?.role).toBe('follower');
  });

  it('plans a transfer with checks and exact steps, and runs it step by step', async () => {
    const before = await driver.sample(AbortSignal.timeout(5_000));
    const target = before.nodes.find((n) => n.role === 'follower')!;
    const planned = await driver.planTransferLeadership(target.id, AbortSignal.timeout(5_000));
    if (!planned.ok) throw new Error(planned.reason);
    const plan = planned.value;
    expect(plan).toMatchObject({ kind: 'transfer-leadership', target: target.id, expectedDataLossBytes: 0 });
    expect(plan.checks.every((c) => c.ok)).toBe(true);
    expect(plan.steps.map((st) => st.id)).toEqual(['transfer', 'verify']);
    expect(plan.steps[0]!.command).toContain(`/v3/maintenance/transfer-leadership {"targetID":"${target.id}"}`);
    for (const step of plan.steps) {
      const r = await driver.executeStep(plan, step, AbortSignal.timeout(5_000));
      expect(r.ok, JSON.stringify(r)).toBe(true);
    }
    expect(leaderOf(await driver.sample(AbortSignal.timeout(5_000)))).toBe(target.id);
    const again = await driver.planTransferLeadership(target.id, AbortSignal.timeout(5_000));
    expect(again.ok && again.value.checks.find((c) => c.id === 'target-eligible')).toMatchObject({ ok: false, explanation: expect.stringMatching(/already leads/) });
  });

  it('refuses to transfer to the leader itself or to an unknown member, with a reason', async () => {
    const s = await driver.sample(AbortSignal.timeout(5_000));
    const self = await driver.transferLeadership(leaderOf(s)!);
    expect(self).toMatchObject({ ok: false, code: 'already-leader' });
    const unknown = await driver.transferLeadership('18446744073709551615');
    expect(unknown).toMatchObject({ ok: false, code: 'invalid-target' });
  });

  it('after kill -9 of the leader shows a new leader with a higher term within 3 s', async () => {
    const before = await driver.sample(AbortSignal.timeout(5_000));
    const oldLeader = before.nodes.find((n) => n.role === 'leader')!;
    cluster.kill(oldLeader.name, 'SIGKILL');
    const { sample, elapsedMs } = await sampleUntil(
      driver,
      (s) => {
        const l = leaderOf(s);
        return l !== null && l !== oldLeader.id && BigInt(s.consensus!.term) > BigInt(before.consensus!.term);
      },
      { everyMs: 250, timeoutMs: 3_000 },
    );
    console.log(`etcd: new leader seen ${elapsedMs} ms after kill -9 of the leader (sampling every 250 ms)`);
    expect(elapsedMs).toBeLessThan(3_000);
    expect(sample.nodes.filter((n) => n.role === 'leader')).toHaveLength(1);
    const dead = sample.nodes.find((n) => n.id === oldLeader.id)!;
    expect(dead.status.kind).toBe('unreachable');
    expect(dead.status.kind === 'unreachable' && dead.status.reason).toMatch(/nothing accepts connections/);
    // The dead member keeps its last known term and index, with the time we last heard from it.
    const deadMember = sample.consensus!.members.find((m) => m.memberId === oldLeader.id)!;
    expect(deadMember.lastContactAt).toBeLessThan(sample.takenAt);
    expect(deadMember.role).toBe('unknown');
  });
});
