import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentHostControl } from '../../electron/drivers/postgres/actions/agent-host-control';
import { createLogger } from '../../electron/core/logger';
import type { ClusterSample } from '../../shared/model/sample';
import { startAckedWriter, type AckedWriter } from '../harness/acked-writer';
import { agentActionDriver, startPgAgents, waitForAgentControl, type AgentActionDriver, type PgAgents } from '../harness/pg-agents';
import { watchDriver, type ClusterWatcher } from '../harness/cluster-watcher';
import { blockers, describeRun } from '../harness/pg-actions';
import { createPgCluster, type PgCluster } from '../harness/pg-cluster';
import { waitUntil } from '../harness/pg-query';
import { createProbeTable, readEveryNode, streamingStandby, writablePrimary } from '../harness/pg-scenario';

let cluster: PgCluster;
let agents: PgAgents;
let d: AgentActionDriver;
let writer: AckedWriter | undefined;
let watch: ClusterWatcher;
const TOKEN = 'agent-test-token';
const id = (name: string) => `127.0.0.1:${cluster.node(name).port}`;
const never = new AbortController().signal;

beforeAll(async () => {
  cluster = await createPgCluster({ standbys: 2 });
  agents = await startPgAgents(cluster, TOKEN);
  await cluster.query('primary', 'CREATE TABLE rd_acked (id bigint PRIMARY KEY, at timestamptz DEFAULT clock_timestamp())');
  await createProbeTable(cluster, 'primary');
});

/** Every node by its own SQL: `primary` writable, every other node streaming from it, all on its timeline. */
async function assertEveryNode(primary: string): Promise<void> {
  const truth = await readEveryNode(cluster);
  const tli = truth[primary]?.timeline ?? -1;
  expect(truth[primary], primary).toMatchObject(writablePrimary(tli));
  for (const n of cluster.nodes.filter((x) => x.name !== primary)) expect(truth[n.name], n.name).toMatchObject(streamingStandby(primary, tli));
}

afterAll(async () => {
  await writer?.stop();
  await d?.dispose();
  await agents?.stop();
  await cluster?.stop();
});

describe('the postgres agent backend, over the agent protocol', () => {
  it('reports its node, reads the control file, stops and starts the server, and stays up while it is stopped', async () => {
    const host = new AgentHostControl(agents.agents, { log: createLogger('test/agent-host'), now: () => Date.now() });
    try {
      expect(await host.waitReady(10_000)).toBe(true);
      const conn = host.connections.get(id('standby1'));
      const st = conn?.status;
      expect(st?.kind === 'ready' && st.welcome).toMatchObject({ engine: 'postgres', nodeId: id('standby1'), capabilities: ['stop', 'start', 'controlData', 'rewind', 'writeStandbyConfig'] });
      await waitUntil(async () => (conn?.latest.size ?? 0) > 0, 'a report from the standby1 agent', 10_000);
      const report = conn?.latest.get(id('standby1'))?.report;
      expect(report?.node).toMatchObject({ role: 'replica', status: { kind: 'up' }, name: 'standby1', timeline: 1 });
      expect(report?.links).toEqual([expect.objectContaining({ from: id('primary'), to: id('standby1'), state: 'streaming' })]);
      expect(host.controls(id('standby1'))).toBe(true);
      expect(host.controls('10.9.9.9:5432')).toBe(false);

      // A running server has no shutdown checkpoint to wait for.
      expect(await host.shutdownCheckpointLsn(id('standby1'), never)).toMatchObject({ ok: false, code: 'not-shut-down' });
      expect(await host.stop(id('standby1'), never)).toEqual({ ok: true, value: 'stopped (fast)' });
      expect(await host.stop(id('standby1'), never)).toEqual({ ok: true, value: 'already stopped' });
      // A stopped standby has a restartpoint, not the shutdown checkpoint a switchover waits for.
      expect(await host.shutdownCheckpointLsn(id('standby1'), never)).toMatchObject({ ok: false, reason: expect.stringMatching(/shut down in recovery/) });
      // The agent stays connected; its report now says the server is down.
      const direct = await agents.backends[1]!.report();
      expect(direct.ok && direct.value.node.status).toMatchObject({ kind: 'down', reason: expect.stringMatching(/not running/) });
      expect(host.controls(id('standby1'))).toBe(true);
      expect(await host.start(id('standby1'), never)).toEqual({ ok: true, value: 'started' });
      await cluster.waitForStreaming();
    } finally {
      host.dispose();
    }
  });

  it('runs from the CLI: replicadesk-agent --backend postgres --pgdata … --pg-conn …, its secrets not in /proc/PID/cmdline', async () => {
    const n = cluster.node('standby2');
    const bin = path.join(process.cwd(), 'bin', 'replicadesk-agent.cjs');
    // The token from a 0600 file, the password from PGPASSWORD: neither on the command line.
    const secretsDir = mkdtempSync(path.join(tmpdir(), 'rd-agent-cli-'));
    const tokenFile = path.join(secretsDir, 'token');
    writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
    const conn = new URL(n.connectionString);
    const pgPassword = decodeURIComponent(conn.password);
    conn.password = '';
    const args = [bin, '--backend', 'postgres', '--token-file', tokenFile, '--pgdata', n.dataDir, '--pg-conn', conn.href, '--pg-log', n.logFile];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PGPASSWORD: pgPassword } });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    try {
      await waitUntil(async () => /^agent \S+ ws:\/\/\S+$/m.test(out) || child.exitCode !== null, 'the agent CLI to print its URL', 20_000);
      const [, nodeAddress, url] = /^agent (\S+) (ws:\/\/\S+)$/m.exec(out) ?? [];
      expect(nodeAddress, err).toBe(id('standby2'));
      const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8');
      expect(cmdline).not.toContain(TOKEN);
      if (pgPassword) expect(cmdline).not.toContain(pgPassword);
      const host = new AgentHostControl([{ nodeAddress: nodeAddress!, url: url!, token: TOKEN }], { log: createLogger('test/agent-cli'), now: () => Date.now() });
      try {
        expect(await host.waitReady(10_000)).toBe(true);
        expect(await host.shutdownCheckpointLsn(id('standby2'), never)).toMatchObject({ ok: false, reason: expect.stringMatching(/in archive recovery/) });
      } finally {
        host.dispose();
      }
    } finally {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
      rmSync(secretsDir, { recursive: true, force: true });
    }
    expect(child.exitCode ?? 0).toBe(0);
  });

  it('refuses a command it does not list', async () => {
    const backend = agents.backends[0]!;
    expect(await backend.command({ name: 'promote' })).toMatchObject({ ok: false, code: 'not-supported' });
  });
});

/** Where every node stands, from the driver's own sample. */
function assertSwitched(s: ClusterSample, primary: string): void {
  const p = s.nodes.find((n) => n.id === primary);
  expect(p?.role, JSON.stringify(s.nodes)).toBe('primary');
  for (const n of s.nodes.filter((x) => x.id !== primary)) {
    expect(n, n.name).toMatchObject({ role: 'replica', status: { kind: 'up' }, timeline: p?.timeline });
    expect(s.links.find((l) => l.to === n.id), `${n.name} streams`).toMatchObject({ from: primary, state: 'streaming' });
  }
}

describe('switchover through a driver whose host control is the agents (spec.agents)', () => {
  it('switches over and back under a writer: the old primary ends a replica, no acknowledged write lost', async () => {
    d = await agentActionDriver(cluster, agents.agents);
    watch = watchDriver(d);
    await waitForAgentControl(d, id('primary'));
    writer = await startAckedWriter(Object.fromEntries(cluster.nodes.map((n) => [n.name, n.connectionString])));
    await waitUntil(async () => writer!.acked.length > 20, 'the writer to start', 10_000);
    for (const [from, to] of [['primary', 'standby1'], ['standby1', 'primary']] as const) {
      const plan = await d.plan({ kind: 'switchover', target: id(to) });
      expect(blockers(plan), 'pre-flight blockers').toEqual([]);
      expect(plan.steps.map((s) => s.id.split('~')[0])).toContain('host-stop');
      const outagesBefore = writer.outages.length;
      const res = await watch.during(() => d.sample(), d.run(plan));
      console.log(`agent switchover ${from} → ${to}: ${res.outcome} in ${res.ms} ms\n${describeRun(res.plan)}`);
      expect(res.outcome).toBe('done');
      expect(res.plan.steps.find((s) => s.id.startsWith('host-stop'))?.detail).toMatch(/stopped \(fast\).*; \S+ no longer answers \(/);
      expect(res.plan.steps.find((s) => s.id.startsWith('host-start'))?.detail).toMatch(/; \S+ answers, pg_is_in_recovery\(\) = true$/);
      expect(res.plan.steps.find((s) => s.id.startsWith('rewind'))?.detail).toMatch(/Done!|no rewind required/);
      const ackedAfter = writer.acked.length;
      await waitUntil(async () => writer!.acked.length > ackedAfter + 5, 'the writer to write on the new primary', 10_000);
      const ids = [...writer.acked];
      const rows = await cluster.query<{ n: number }>(to, 'SELECT count(*)::int AS n FROM rd_acked WHERE id = ANY($1::bigint[])', [ids]);
      const outage = writer.outages.slice(outagesBefore).reduce((m, o) => Math.max(m, o.ms), 0);
      console.log(`writes unavailable ${outage} ms; ${ids.length} acknowledged, ${ids.length - (rows[0]?.n ?? 0)} missing on ${to}`);
      expect(ids.length - (rows[0]?.n ?? 0), 'acknowledged writes missing on the new primary').toBe(0);
      await waitUntil(async () => {
        try {
          assertSwitched(await d.sample(), id(to));
          return true;
        } catch {
          return false;
        }
      }, 'every node to stream from the new primary', 15_000);
      assertSwitched(await d.sample(), id(to));
      expect((await d.sample()).nodes.find((n) => n.id === id(from))).toMatchObject({ role: 'replica', status: { kind: 'up' } });
      await assertEveryNode(to);
    }
    // Watched as the app does, during and after: never split brain, no link shown that no server reports.
    expect(watch.kinds('split-brain')).toEqual([]);
    expect(watch.headlines()).not.toContain('split-brain');
    expect(watch.problems).toEqual([]);
  });
});

describe('failover after kill -9, then rejoin through the agent', () => {
  it('promotes the best standby, then the agent rewinds the dead primary and it rejoins as a replica', async () => {
    const w = writer!;
    const old = 'primary';
    expect((await d.sample()).nodes.find((n) => n.id === id(old))?.role).toBe('primary');
    await agents.kill9(old);
    const ackedByDead = [...w.acked];
    // The headline says the primary is down and proposes a candidate; the admin plans that one, as its button does.
    // (Under a live writer two standbys can swap places between the sample and a plan's fresh readings, so the
    // proposal is what is planned, not compared with an 'auto' plan made a moment later.)
    await waitUntil(async () => (await d.sample(), watch.latest?.headline.state === 'primary-down'), 'the headline to say primary down', 10_000);
    const proposed = watch.latest?.headline.suggestion;
    expect(watch.latest?.headline).toMatchObject({ title: 'primary primary down', suggestion: { kind: 'failover' } });
    expect([id('standby1'), id('standby2')]).toContain(proposed?.target);
    const plan = await d.plan({ kind: 'failover', target: proposed!.target!, maxLagBytes: 64 * 1024 * 1024 });
    expect(blockers(plan)).toEqual([]);
    const res = await watch.during(() => d.sample(), d.run(plan));
    console.log(`failover: ${res.outcome} in ${res.ms} ms\n${describeRun(res.plan)}`);
    expect(res.outcome).toBe('done');
    // The dead primary could not be fenced: skipped with its reason, not done.
    expect(res.plan.steps.at(-1)).toMatchObject({ state: 'skipped', detail: expect.stringMatching(/^skipped: primary is unreachable/) });
    const to = cluster.nodes.find((n) => id(n.name) === plan.target)!.name;
    const ackedAfter = w.acked.length;
    await waitUntil(async () => w.acked.length > ackedAfter + 5, 'the writer to write on the new primary', 10_000);
    const rows = await cluster.query<{ n: number }>(to, 'SELECT count(*)::int AS n FROM rd_acked WHERE id = ANY($1::bigint[])', [ackedByDead]);
    // Asynchronous replication: what the dead primary acknowledged and never sent is lost. Counted, not assumed.
    console.log(`failover to ${to}: ${ackedByDead.length - (rows[0]?.n ?? 0)} of ${ackedByDead.length} acknowledged writes lost`);

    const rejoin = await d.plan({ kind: 'rejoin', target: id(old) });
    expect(blockers(rejoin)).toEqual([]);
    // Gone, not fenced: the new primary alone accepts writes (degraded, not split brain). No standby streams
    // from the old primary any more, so nothing but ReplicaDesk can witness it: unreachable, not "down".
    await d.sample();
    expect(watch.latest?.headline).toMatchObject({ state: 'degraded', title: 'primary unreachable' });
    const back = await watch.during(() => d.sample(), d.run(rejoin));
    console.log(`rejoin: ${back.outcome} in ${back.ms} ms\n${describeRun(back.plan)}`);
    expect(back.outcome).toBe('done');
    await waitUntil(async () => {
      try {
        assertSwitched(await d.sample(), id(to));
        return true;
      } catch {
        return false;
      }
    }, `every node to stream from ${to}`, 15_000);
    expect((await d.sample()).nodes.find((n) => n.id === id(old))).toMatchObject({ role: 'replica', status: { kind: 'up' } });
    await assertEveryNode(to);
    // Settled: healthy, every alarm raised (the kill, the stops) cleared, only the links the servers report, never split brain.
    await watch.settle(() => d.sample());
    console.log(`what the app showed (${watch.seen.length} samples):\n${watch.trace()}`);
    expect(watch.kinds('split-brain')).toEqual([]);
    watch.expectSettled(await readEveryNode(cluster));
  });
});
