import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConformanceClient, validatorFor, type Frame } from '../harness/agent-conformance';
import { startAgentProcess, type AgentProcess } from '../harness/agent-process';
import { createAgentDriver } from '../../electron/drivers/agent';
import { createLogger } from '../../electron/core/logger';
import { AgentSpecSchema } from '../../shared/model/cluster';

/**
 * Agent protocol conformance: every frame an agent sends is checked against
 * docs/agent-protocol.schema.json, and the session behaves as
 * docs/agent-protocol.md says. The same suite runs against the reference
 * sandbox agent (bin/replicadesk-agent.cjs) and against an agent written from
 * the document alone (test/conformance/third-party-agent.mjs).
 */
const file = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const TARGETS = [
  { name: 'the reference sandbox agent (bin/replicadesk-agent.cjs)', script: file('../../bin/replicadesk-agent.cjs'), args: ['--sandbox', 'primary-replica'] },
  { name: 'a third-party agent written from the document (test/conformance/third-party-agent.mjs)', script: file('../conformance/third-party-agent.mjs'), args: [] },
  // Your own agent, run with node (docs/agent-protocol.md, Conformance).
  ...(process.env.REPLICADESK_CONFORMANCE_AGENT ? [{ name: `REPLICADESK_CONFORMANCE_AGENT (${process.env.REPLICADESK_CONFORMANCE_AGENT})`, script: process.env.REPLICADESK_CONFORMANCE_AGENT, args: [] }] : []),
];

const HELLO = (token: string) => ({ v: 1, type: 'hello', token, clientVersion: 'conformance/1' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('the validator refuses frames the document does not allow (the suite can fail)', () => {
  const frame = validatorFor('AgentFrame');
  expect(frame.safeParse({ v: 1, type: 'pong', at: 5 }).success).toBe(true);
  expect(frame.safeParse({ v: 1, type: 'pong' }).success).toBe(false);
  expect(frame.safeParse({ v: 1, type: 'capabilities', capabilities: ['selfDestruct'] }).success).toBe(false);
  expect(frame.safeParse({ v: 1, type: 'samples', seq: 0, reports: [{ clusterKind: 'primary-replica' }] }).success).toBe(false);
  expect(frame.safeParse({ v: 1, type: 'welcome', agentVersion: '1', engine: 'sandbox', nodeId: 'n', capabilities: [] }).success).toBe(false);
  const values = validatorFor('CommandResultValues');
  expect(values.safeParse({ read: { key: 'k', value: null, extra: 1 } }).success).toBe(true);
  expect(values.safeParse({ read: { value: 1 } }).success).toBe(false);
});

describe.each(TARGETS)('agent protocol conformance: $name', ({ script, args }) => {
  let agent: AgentProcess;
  let url = '';
  const clients: ConformanceClient[] = [];
  const open = async () => {
    const c = await ConformanceClient.open(url);
    clients.push(c);
    return c;
  };
  const authed = async () => {
    const c = await open();
    c.send(HELLO(agent.token));
    await c.type('welcome');
    return c;
  };

  beforeAll(async () => {
    agent = await startAgentProcess(script, args);
    url = agent.agents[0]!.url;
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) c.close();
    await agent?.stop();
  });

  it('refuses a wrong token: error auth-failed on field token, then close 4401', async () => {
    const c = await open();
    c.send(HELLO('not-the-token'));
    expect(await c.type('error')).toMatchObject({ code: 'auth-failed', field: 'token' });
    expect((await c.closed).code).toBe(4401);
    expect(c.violations).toEqual([]);
    await sleep(300); // the reference agent makes an address that refused a token wait 50 ms
  });

  it('refuses a frame before hello: error hello-required, then close 4401', async () => {
    const c = await open();
    c.send({ v: 1, type: 'subscribe', intervalMs: 1000 });
    expect(await c.type('error')).toMatchObject({ code: 'hello-required' });
    expect((await c.closed).code).toBe(4401);
    expect(c.violations).toEqual([]);
  });

  it('welcomes the right token, announces its capabilities, and streams valid node reports', async () => {
    const c = await authed();
    const welcome = c.frames.find((f) => f.type === 'welcome')!;
    expect(welcome.nodeId).toBe(agent.agents[0]!.nodeId);
    const caps = await c.type('capabilities', 2_000);
    expect(caps.capabilities).toEqual(expect.arrayContaining(['read']));
    c.send({ v: 1, type: 'subscribe', intervalMs: 250 });
    await c.next((f) => f.type === 'samples' && f.seq !== 0, 'a second samples frame', 5_000);
    const samples = c.frames.filter((f) => f.type === 'samples') as (Frame & { seq: number; reports: { node: { id: string } }[] })[];
    expect(samples[0]!.seq).toBe(0);
    expect(samples.every((s, i) => i === 0 || s.seq > samples[i - 1]!.seq)).toBe(true);
    expect(samples.flatMap((s) => s.reports.map((r) => r.node.id))).toContain(welcome.nodeId);
    // Either side may ping; the other echoes `at`.
    c.send({ v: 1, type: 'ping', at: 424242 });
    expect(await c.next((f) => f.type === 'pong' && f.at === 424242, 'a pong echoing at')).toBeTruthy();
    expect(c.violations).toEqual([]);
  });

  it('answers a known command (read) with one commandResult of the same id, its value as the document says', async () => {
    const c = await authed();
    c.send({ v: 1, type: 'command', id: 'conf-read-1', command: { name: 'read', key: 'conformance' } });
    const res = (await c.next((f) => f.type === 'commandResult' && f.id === 'conf-read-1', 'the read result')) as Frame & { result: { ok: boolean; value?: unknown } };
    expect(res.result.ok).toBe(true);
    const value = validatorFor('CommandResultValues').safeParse({ read: res.result.value });
    expect(value.success, JSON.stringify(value.error?.issues)).toBe(true);
    expect(c.violations).toEqual([]);
  });

  it('answers an unknown command with commandResult unknown-command and keeps the connection', async () => {
    const c = await authed();
    c.send({ v: 1, type: 'command', id: 'conf-unknown-1', command: { name: 'selfDestruct', now: true } });
    const res = await c.next((f) => f.id === 'conf-unknown-1', 'an answer to the unknown command');
    expect(res).toMatchObject({ type: 'commandResult', result: { ok: false, code: 'unknown-command' } });
    c.send({ v: 1, type: 'ping', at: 7 });
    await c.next((f) => f.type === 'pong' && f.at === 7, 'a pong after the unknown command');
    expect(c.violations).toEqual([]);
  });

  it("is monitored by the app's agent driver, which keeps its announced capabilities", async () => {
    const spec = AgentSpecSchema.parse({ engine: 'agent', name: 'conformance', agents: [{ url, token: agent.token }], sampleIntervalMs: 250 });
    const driver = createAgentDriver(spec, { clusterId: 'conformance', log: createLogger('test/conformance'), now: Date.now });
    try {
      let pushes = 0;
      driver.onChange(() => (pushes += 1));
      expect(await driver.connect(AbortSignal.timeout(10_000))).toMatchObject({ ok: true });
      const sample = await driver.sample(AbortSignal.timeout(5_000));
      const nodeId = agent.agents[0]!.nodeId;
      expect(sample.nodes.find((n) => n.id === nodeId)?.status.kind).toBe('up');
      expect(driver.connections[0]!.capabilities).toContain('read');
      expect(pushes).toBeGreaterThan(0);
    } finally {
      driver.dispose();
    }
  });

  it('answers malformed frames with an error naming the field and keeps the connection', async () => {
    const c = await authed();
    c.send('{not json');
    expect(await c.type('error')).toMatchObject({ code: 'invalid-json', field: '(root)' });
    const at = c.frames.length;
    c.send({ v: 1, type: 'command', id: 'conf-bad-1', command: { name: 'read' } });
    expect(await c.next((f) => f.id === 'conf-bad-1', 'an answer to the bad command', 5_000, at)).toMatchObject({ type: 'error', code: 'invalid-payload', field: 'command.key' });
    c.send({ v: 2, type: 'ping', at: 1 });
    expect(await c.next((f) => f.type === 'error' && f.code === 'unsupported-version', 'unsupported-version')).toMatchObject({ field: 'v' });
    c.send({ v: 1, type: 'ping', at: 8 });
    await c.next((f) => f.type === 'pong' && f.at === 8, 'a pong after the errors');
    expect(c.violations).toEqual([]);
  });
});
