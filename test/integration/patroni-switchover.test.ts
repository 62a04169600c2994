import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AckedWriter } from '../harness/acked-writer';
import { patroniSwitchoverOnce, startPatroniWriter, type PatroniSwitchoverRun } from '../../bench/support/patroni-switchover';
import { startPatroniCluster, type PatroniCluster } from '../harness/patroni-cluster';
import { patroniDriver, type PatroniTestDriver } from '../harness/patroni-driver';
import { patroniLeader } from '../harness/patroni-wait';

let cluster: PatroniCluster;
let d: PatroniTestDriver;
let writer: AckedWriter | null = null;
const measured: Omit<PatroniSwitchoverRun, 'plan'>[] = [];

beforeAll(async () => {
  cluster = await startPatroniCluster(3);
  console.log(`Patroni cluster (3 members, 1 etcd) healthy in ${cluster.startMs} ms (etcd ${cluster.etcdStartMs} ms before)`);
  d = await patroniDriver(cluster);
}, 180_000);

afterAll(async () => {
  await writer?.stop();
  await d?.dispose();
  await cluster?.stop();
  if (measured.length) console.table(measured);
});

const byName = (nodeId: string) => cluster.members.find((m) => m.nodeId === nodeId)?.name ?? nodeId;

describe('a Patroni-managed cluster', () => {
  it('is detected: the sample says so, shows the DCS leader key and its lease, and notes each member', async () => {
    const leader = await cluster.waitHealthy();
    const s = await d.sample();
    expect(s.warnings.join('\n')).toMatch(new RegExp(`Patroni-managed \\(scope ${cluster.scope}, Patroni 3\\.`));
    const dcs = s.warnings.find((w) => w.startsWith('DCS leader key'));
    expect(dcs, s.warnings.join('\n')).toMatch(new RegExp(`/service/${cluster.scope}/leader .*held by ${leader}, lease \\d+ s left of 10 s`));
    for (const m of cluster.members) {
      const node = s.nodes.find((n) => n.id === m.nodeId);
      expect(node, `${m.name} among the nodes`).toBeDefined();
      expect(node?.notes?.join('\n')).toMatch(new RegExp(`Patroni member ${m.name}: ${m.name === leader ? 'leader' : 'replica'}, running`));
      expect(node?.role).toBe(m.name === leader ? 'primary' : 'replica');
    }
  });

  it('offers switchover through Patroni and never the SQL path', async () => {
    const leader = await cluster.waitHealthy();
    const s = await d.sample();
    const offers = d.driver.availableActions(s);
    for (const o of offers) {
      const a = Object.fromEntries(o.actions.map((x) => [x.kind, x]));
      if (byName(o.nodeId) === leader) expect(a.switchover?.why).toBe('already the Patroni leader');
      else expect(a.switchover?.available, `${byName(o.nodeId)}: ${a.switchover?.why}`).toBe(true);
      expect(a.fence?.available).toBe(false);
      expect(a.fence?.why).toMatch(/Patroni manages this cluster/);
      expect(a.rejoin?.why).toMatch(/Patroni rejoins/);
    }
    const target = cluster.members.find((m) => m.name !== leader)!;
    const plan = await d.plan({ kind: 'switchover', target: target.nodeId });
    expect(plan.steps.map((x) => x.id.split('~')[0])).toEqual(['patroni-switchover', 'patroni-wait-leader', 'patroni-wait-streaming']);
    expect(plan.steps[0]?.command).toBe(`POST ${cluster.member(leader).restUrl}/switchover {"leader":"${leader}","candidate":"${target.name}"}`);
    expect(plan.checks.filter((c) => !c.ok && c.severity === 'blocker')).toEqual([]);
    // A SQL step (from a plan made before Patroni was seen, or a forged one) is refused: we never act around Patroni.
    const sqlStep = { ...plan.steps[0]!, id: `promote~${target.nodeId}`, title: `Promote ${target.nodeId}` };
    const refused = await d.driver.executeStep({ ...plan, steps: [sqlStep] }, sqlStep, new AbortController().signal);
    expect(refused.ok ? 'ran' : refused.code).toBe('patroni-managed');
    const fence = await d.plan({ kind: 'fence', target: cluster.member(leader).nodeId });
    expect(fence.steps).toEqual([]);
    expect(fence.checks[0]?.explanation).toMatch(/Patroni manages this cluster/);
  });

  it("shows Patroni's own reason when it refuses (a candidate that is not a member)", async () => {
    const leader = await cluster.waitHealthy();
    const plan = await d.plan({ kind: 'switchover', target: 'no-such-member' });
    expect(plan.checks.find((c) => c.id === 'candidate')?.explanation).toMatch(/not a Patroni member/);
    const res = await d.run(plan);
    expect(res.outcome).toBe('failed');
    const step = res.plan.steps[0];
    expect(step?.state).toBe('failed');
    expect(step?.detail).toMatch(/Patroni refused the switchover \(HTTP 412 from POST .*\/switchover\): candidate does not exist/);
    console.log(`refusal shown: ${step?.detail}`);
    expect(await patroniLeader(cluster.members)).toBe(leader);
  });

  it("shows Patroni's reason for a failover to the leader itself", async () => {
    const leader = await cluster.waitHealthy();
    const plan = await d.plan({ kind: 'failover', target: cluster.member(leader).nodeId });
    expect(plan.checks.find((c) => c.id === 'candidate')?.explanation).toMatch(/already the Patroni leader/);
    const res = await d.run(plan);
    expect(res.outcome).toBe('failed');
    expect(res.plan.steps[0]?.detail).toMatch(/^Patroni refused the failover \(HTTP \d+ from POST .*\/failover\): \S/);
    console.log(`refusal shown: ${res.plan.steps[0]?.detail}`);
    expect(await patroniLeader(cluster.members)).toBe(leader);
  });

  it('switches over through Patroni under a writer: the leader moves, the others stream, no acknowledged write is lost', async () => {
    writer = await startPatroniWriter(cluster);
    for (let run = 0; run < 2; run += 1) {
      const r = await patroniSwitchoverOnce(cluster, d, writer);
      const { plan, ...row } = r;
      measured.push(row);
      expect(r.outcome, plan.steps.map((s) => `${s.state} ${s.title}: ${s.detail ?? ''}`).join('\n')).toBe('done');
      expect(await patroniLeader(cluster.members)).toBe(r.to);
      expect(plan.steps[2]?.detail).toMatch(new RegExp(`streaming from ${r.to}: .*${r.from}`));
      expect(r.lostAcked).toBe(0);
      const s = await d.sample();
      expect(s.warnings.find((w) => w.startsWith('DCS leader key'))).toMatch(new RegExp(`held by ${r.to}, lease`));
      const newPrimary = s.nodes.find((n) => n.id === cluster.member(r.to).nodeId);
      expect(newPrimary?.role).toBe('primary');
      for (const m of cluster.members.filter((x) => x.name !== r.to)) {
        const link = s.links.find((l) => l.to === m.nodeId);
        expect(link?.from, `${m.name} streams from`).toBe(newPrimary?.id);
        expect(link?.state).toBe('streaming');
      }
    }
    console.log(`Patroni switchover writes-unavailable: ${measured.map((m) => m.unavailableMs).join(', ')} ms`);
  });
});
