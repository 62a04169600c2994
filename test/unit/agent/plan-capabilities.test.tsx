import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { agentAvailableActions } from '../../../electron/drivers/agent/actions/availability';
import type { AgentDirectory, AgentOnNode } from '../../../electron/drivers/agent/actions/capabilities';
import { planAgentAction } from '../../../electron/drivers/agent/actions/plan';
import { ChecksList } from '../../../renderer/features/failover/ChecksList';
import { ActionRequestSchema, type ActionPlan, type ActionRequest } from '../../../shared/model/action';
import type { ClusterNode } from '../../../shared/model/node';
import type { ClusterSample } from '../../../shared/model/sample';
import { link, node } from '../../support/fake-driver';

const ALL = ['read', 'write', 'fault', 'promote', 'fence', 'unfence', 'repoint', 'rejoin'];
const agent = (nodeId: string, capabilities = ALL): AgentOnNode => ({ url: `ws://127.0.0.1:7000/${nodeId}`, engine: 'sandbox', agentVersion: '0.1.0', capabilities });
const directory = (over: Record<string, AgentOnNode | null> = {}): AgentDirectory => (id) => (id in over ? over[id]! : agent(id));

function sample(nodes: ClusterNode[], links = [link('p', 'r1', 0), link('p', 'r2', 0)]): ClusterSample {
  return { clusterId: 'sb', takenAt: Date.now(), durationMs: 1, nodes, links, slots: [], consensus: null, queriesPerNode: 1, warnings: [] };
}
const healthy = () => sample([node('p', 'primary'), node('r1', 'replica'), node('r2', 'replica')]);
const req = (kind: ActionRequest['kind'], target: string) => ActionRequestSchema.parse({ clusterId: 'sb', kind, target, maxLagBytes: 1_000, maxLagMs: 1_000 });

function plan(kind: ActionRequest['kind'], target: string, s: ClusterSample, agents: AgentDirectory): ActionPlan {
  const r = planAgentAction(req(kind, target), s, Date.now(), agents);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}
const failing = (p: ActionPlan) => p.checks.filter((c) => !c.ok && c.severity === 'blocker');

describe('agent plans check the capabilities each agent announced', () => {
  it('blocks a switchover whose old primary agent did not announce fence, naming the node, the agent and the command', () => {
    const hostOnly = agent('p', ['stop', 'start', 'controlData', 'rewind', 'writeStandbyConfig']);
    const p = plan('switchover', 'r1', healthy(), directory({ p: { ...hostOnly, engine: 'postgres' } }));
    expect(failing(p).map((c) => c.id)).toEqual(['agent:p']);
    const why = failing(p)[0]!.explanation;
    expect(why).toContain('the agent of p (postgres agent 0.1.0 at ws://127.0.0.1:7000/p) did not announce fence, rejoin');
    expect(why).toContain('it announced: stop, start');
    expect(p.checks.find((c) => c.id === 'agent:r1')).toMatchObject({ ok: true, severity: 'info' });
  });

  it('passes when every agent announced what its steps send, and blocks a node with no agent connected', () => {
    expect(failing(plan('switchover', 'r1', healthy(), directory()))).toEqual([]);
    const p = plan('switchover', 'r1', healthy(), directory({ r2: null }));
    expect(failing(p)).toEqual([{ id: 'agent:r2', ok: false, severity: 'blocker', explanation: 'no agent is connected for r2: its steps (repoint) cannot run' }]);
  });

  it('says in availableActions why an action is unavailable when an agent lacks a command', () => {
    const actions = agentAvailableActions(healthy(), 'primary-replica', directory({ p: agent('p', ['read', 'write', 'promote']) }));
    const of = (nodeId: string, kind: string) => actions.find((a) => a.nodeId === nodeId)?.actions.find((a) => a.kind === kind);
    expect(of('p', 'fence')).toMatchObject({ available: false });
    expect(of('p', 'fence')?.why).toMatch(/the agent of p .* did not announce fence/);
    expect(of('r1', 'switchover')).toMatchObject({ available: false });
    expect(of('r1', 'switchover')?.why).toMatch(/the agent of p .* did not announce fence/);
    const all = agentAvailableActions(healthy(), 'primary-replica', directory());
    expect(all.find((a) => a.nodeId === 'r1')?.actions.find((a) => a.kind === 'switchover')).toMatchObject({ available: true, why: null });
  });
});

describe('agent plan checks: ok agrees with the explanation', () => {
  it('a failover from a dead primary passes its link checks and says why, with no passing check marked blocker', () => {
    const s = sample([node('p', 'primary', { kind: 'down', since: 1, reason: 'killed' }), node('r1', 'replica'), node('r2', 'replica')], [{ ...link('p', 'r1', 0), state: 'broken' }]);
    const p = plan('failover', 'r1', s, directory({ p: null }));
    for (const c of p.checks.filter((x) => x.ok)) expect(c.severity, c.id).toBe('info');
    expect(p.checks.find((c) => c.id === 'streaming')).toMatchObject({ ok: true, explanation: 'the link into r1 is broken: expected in a failover, its primary is gone' });
    expect(p.checks.find((c) => c.id === 'lag-bytes')?.explanation).toMatch(/a failover does not wait for it/);
  });

  it('a switchover with no measured link fails its lag checks and says the lag is unknown', () => {
    const p = plan('switchover', 'r1', sample([node('p', 'primary'), node('r1', 'replica')], []), directory());
    expect(p.checks.find((c) => c.id === 'streaming')).toMatchObject({ ok: false, severity: 'blocker', explanation: 'r1 has no upstream link: a switchover needs it streaming' });
    expect(p.checks.find((c) => c.id === 'lag-bytes')).toMatchObject({ ok: false, severity: 'blocker' });
    expect(p.checks.find((c) => c.id === 'lag-bytes')?.explanation).toMatch(/^replay lag unknown/);
  });

  it('the checks list never shows a severity beside a passing check ("✔ BLOCKER")', () => {
    const html = renderToStaticMarkup(<ChecksList checks={[{ id: 'streaming', ok: true, severity: 'blocker', explanation: 'streams' }, { id: 'lag-bytes', ok: false, severity: 'blocker', explanation: 'too far behind' }]} />);
    const rows = html.split('<li').filter((r) => r.includes('data-check-id'));
    const passing = rows.find((r) => r.includes('data-check-id="streaming"'))!;
    expect(passing).toContain('✔');
    expect(passing).not.toMatch(/>blocker</);
    expect(rows.find((r) => r.includes('data-check-id="lag-bytes"'))).toMatch(/✖.*>blocker</);
  });
});
