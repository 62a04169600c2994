import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSandboxHost, type SandboxHost } from '../../agent/sandbox-host';
import { createAgentDriver, type AgentDriver } from '../../electron/drivers/agent';
import { AgentSpecSchema, type AgentSpec } from '../../shared/model/cluster';
import type { ClusterSample } from '../../shared/model/sample';
import type { Logger } from '../../electron/core/logger';

const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => quiet };
const signal = () => new AbortController().signal;

let host: SandboxHost;
const drivers: AgentDriver[] = [];

beforeAll(async () => {
  host = await startSandboxHost();
});
afterAll(async () => {
  for (const d of drivers) d.dispose();
  await host?.close();
});

async function connect(spec: AgentSpec): Promise<AgentDriver> {
  const d = createAgentDriver(spec, { clusterId: spec.name, log: quiet, now: Date.now });
  drivers.push(d);
  const r = await d.connect(signal());
  expect(r.ok, JSON.stringify(r)).toBe(true);
  return d;
}

/** Samples until `ok` holds (the sandbox needs a moment to elect and stream), failing with the last sample. */
async function sampleUntil(d: AgentDriver, ok: (s: ClusterSample) => boolean, timeoutMs = 20_000): Promise<ClusterSample> {
  const started = Date.now();
  let last = await d.sample(signal());
  while (!ok(last)) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met; last sample: ${JSON.stringify(last.nodes.map((n) => [n.id, n.role, n.status.kind]))} ${JSON.stringify(last.consensus)}`);
    await new Promise((r) => setTimeout(r, 200));
    last = await d.sample(signal());
  }
  return last;
}

const spec = (name: string) => {
  const s = host.specs.find((x) => x.name === name);
  if (!s) throw new Error(`no sandbox spec named ${name}; got ${host.specs.map((x) => x.name).join(', ')}`);
  return s;
};

describe('sandbox host served by agents, read by the agent driver', () => {
  it('offers three sandbox clusters on loopback', () => {
    expect(host.specs.map((s) => s.name)).toEqual(['Sandbox · primary/replica', 'Sandbox · multi-primary', 'Sandbox · Raft']);
    for (const s of host.specs) {
      expect(AgentSpecSchema.parse(s)).toEqual(s);
      expect(s.sandbox).toBe(true);
      for (const a of s.agents) expect(a.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    }
  });

  it('primary/replica: one primary, three replicas, one of them cascading', async () => {
    const d = await connect(spec('Sandbox · primary/replica'));
    const s = await sampleUntil(d, (x) => x.nodes.length === 4 && x.nodes.every((n) => n.status.kind === 'up'));
    const roles = s.nodes.map((n) => n.role).sort();
    expect(roles).toEqual(['cascading-replica', 'primary', 'replica', 'replica']);
    expect(s.links).toHaveLength(3);
    const cascading = s.nodes.find((n) => n.role === 'cascading-replica')!;
    const upstream = s.links.find((l) => l.to === cascading.id)!.from;
    expect(s.nodes.find((n) => n.id === upstream)?.role).toBe('replica');
  });

  it('multi-primary: three peers', async () => {
    const d = await connect(spec('Sandbox · multi-primary'));
    const s = await sampleUntil(d, (x) => x.nodes.length === 3 && x.nodes.every((n) => n.status.kind === 'up'));
    expect(s.nodes.map((n) => n.role)).toEqual(['peer', 'peer', 'peer']);
  });

  it('Raft: five members and exactly one leader', async () => {
    const d = await connect(spec('Sandbox · Raft'));
    const s = await sampleUntil(d, (x) => x.consensus?.members.length === 5 && x.consensus.leaderId !== null);
    expect(s.consensus!.members.filter((m) => m.role === 'leader')).toHaveLength(1);
    expect(s.consensus!.leaderId).toBe(s.consensus!.members.find((m) => m.role === 'leader')!.nodeId);
  });

  it('Raft: a killed leader is no longer labelled leader, in the topology or the members (issue 10)', async () => {
    const d = drivers[2]!;
    const before = await sampleUntil(d, (x) => x.consensus?.leaderId != null);
    const leader = before.consensus!.leaderId!;
    expect((await d.injectFault({ kind: 'kill-node', nodeId: leader })).ok).toBe(true);
    const down = await sampleUntil(d, (x) => x.nodes.find((n) => n.id === leader)?.status.kind === 'down', 10_000);
    expect(down.nodes.find((n) => n.id === leader)?.role).toBe('unknown');
    expect(down.consensus!.members.find((m) => m.nodeId === leader)?.role).toBe('unknown');
    expect(down.consensus!.leaderId).not.toBe(leader);
    expect((await d.injectFault({ kind: 'restart-node', nodeId: leader })).ok).toBe(true);
    await sampleUntil(d, (x) => x.nodes.find((n) => n.id === leader)?.status.kind === 'up', 20_000);
  });

  it('a killed node looks down through its agent, and comes back after restart-node', async () => {
    const d = drivers[0]!;
    const victim = (await d.sample(signal())).nodes.find((n) => n.role === 'replica')!.id;
    const killed = await d.injectFault({ kind: 'kill-node', nodeId: victim });
    expect(killed.ok, JSON.stringify(killed)).toBe(true);
    const down = await sampleUntil(d, (x) => x.nodes.find((n) => n.id === victim)?.status.kind === 'down', 10_000);
    expect(down.nodes.find((n) => n.id === victim)?.position).toBeTruthy();
    const restarted = await d.injectFault({ kind: 'restart-node', nodeId: victim });
    expect(restarted.ok, JSON.stringify(restarted)).toBe(true);
    await sampleUntil(d, (x) => x.nodes.find((n) => n.id === victim)?.status.kind === 'up', 20_000);
  });
});

describe('replicadesk-agent bin', () => {
  let child: ChildProcess | null = null;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('serves every node of a sandbox as its own agent and stops on SIGTERM', async () => {
    const bin = fileURLToPath(new URL('../../bin/replicadesk-agent.cjs', import.meta.url));
    const proc = spawn(process.execPath, [bin, '--sandbox', 'consensus'], { env: { ...process.env, REPLICADESK_AGENT_TOKEN: 'bin-token' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let out = '';
    let err = '';
    proc.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    const lines = await new Promise<string[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no agent lines within 20 s; stdout=${out} stderr=${err}`)), 20_000);
      proc.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        const got = out.split('\n').filter((l) => l.startsWith('agent '));
        if (got.length === 5) {
          clearTimeout(timer);
          resolve(got);
        }
      });
      proc.on('exit', (code) => reject(new Error(`agent exited with ${code}: ${err}`)));
    });
    const agents = lines.map((l) => {
      const [, nodeId, url] = l.split(' ');
      expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
      return { nodeId, url: url!, token: 'bin-token' };
    });
    const d = await connect(AgentSpecSchema.parse({ engine: 'agent', name: 'bin raft', agents }));
    const s = await sampleUntil(d, (x) => x.consensus?.members.length === 5 && x.consensus.leaderId !== null);
    expect(s.nodes.map((n) => n.id).sort()).toEqual(agents.map((a) => a.nodeId).sort());
    d.dispose();
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
