import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGaleraCluster, type GaleraCluster } from '../harness/galera-cluster';
import { mariadbDriver } from '../harness/mariadb-driver';
import { galeraOf } from '../harness/galera-sample';
import { startAgentProcess, type AgentProcess } from '../harness/agent-process';
import { connectAdmin } from '../harness/mariadb-server';
import { statusOf, waitFor } from '../harness/galera-node';
import type { DriverEvent } from '../../electron/core/driver';
import type { MariadbDriver } from '../../electron/drivers/mariadb';
import { ClusterSampleSchema } from '../../shared/model/sample';

const AGENT_BIN = fileURLToPath(new URL('../../bin/replicadesk-agent.cjs', import.meta.url));

describe('Galera conflicts from the error log: a mariadb agent on g1 (real 3-node cluster, wsrep_log_conflicts=ON)', () => {
  let cluster: GaleraCluster;
  let agent: AgentProcess;
  let withAgent: MariadbDriver;
  let without: MariadbDriver;
  const eventsWith: DriverEvent[] = [];
  const eventsWithout: DriverEvent[] = [];
  const id = (name: string) => cluster.node(name).address;

  beforeAll(async () => {
    cluster = await startGaleraCluster(3);
    console.log(`galera-log: 3 nodes Synced in ${cluster.startMs} ms`);
    const c = await cluster.node('g1').admin();
    await c.query('CREATE DATABASE rd');
    await c.query('CREATE TABLE rd.t (id INT PRIMARY KEY, v INT NOT NULL, note VARCHAR(40))');
    await c.query("INSERT INTO rd.t VALUES (1, 0, 'a'), (2, 0, 'b')");
    // The real CLI, as an operator runs it beside g1: it reads only g1's error log.
    agent = await startAgentProcess(AGENT_BIN, ['--backend', 'mariadb', '--error-log', path.join(cluster.node('g1').dir, 'error.log'), '--node-id', id('g1')]);
    expect(agent.agents).toEqual([{ nodeId: id('g1'), url: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+$/) }]);
    withAgent = mariadbDriver([id('g1')], { agents: [{ nodeAddress: id('g1'), url: agent.agents[0]!.url, token: agent.token }] });
    without = mariadbDriver([id('g1')]);
    withAgent.onEvent((e) => eventsWith.push(e));
    without.onEvent((e) => eventsWithout.push(e));
    await waitFor(async () => withAgent.logAgents?.attached(id('g1')) === true, 10_000);
    // A first sample each: the counters' baseline.
    await withAgent.sample(AbortSignal.timeout(5_000));
    await without.sample(AbortSignal.timeout(5_000));
  }, 180_000);

  afterAll(async () => {
    await withAgent?.dispose();
    await without?.dispose();
    await agent?.stop();
    await cluster?.stop();
  });

  it("g1's transaction BF-aborted while running a statement: an event with the victim's query reaches the driver; without the agent, the counter event with the setting", async () => {
    const g1 = cluster.node('g1');
    const [a, b] = await Promise.all([connectAdmin(g1.ports.mysql), connectAdmin(cluster.node('g2').ports.mysql)]);
    const bfBefore = Number(await statusOf(g1.ports.mysql, 'wsrep_local_bf_aborts'));
    let sentAt = 0;
    try {
      await a.query('BEGIN');
      await a.query('UPDATE rd.t SET v = v + 1 WHERE id = 1');
      // Still running when g2's write set of the same row arrives: the log shows it as the victim's query.
      const slow = a.query("UPDATE rd.t SET note = 'slow on g1' WHERE id = 1 AND SLEEP(3) = 0").then(
        () => 'committed',
        (e: Error) => e.message,
      );
      // Under load the statement may take a while to start: wait until g1 shows it sleeping, then conflict.
      const admin = await g1.admin();
      await waitFor(async () => {
        const [rows] = await admin.query("SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE INFO LIKE '%slow on g1%' AND STATE = 'User sleep' AND INFO NOT LIKE '%PROCESSLIST%'");
        return Number((rows as { n: number }[])[0]?.n) > 0;
      }, 5_000);
      sentAt = Date.now();
      await b.query('UPDATE rd.t SET v = v + 100 WHERE id = 1');
      expect(await slow).toMatch(/Deadlock/);
      await a.query('ROLLBACK').catch(() => undefined);
    } finally {
      a.destroy();
      b.destroy();
    }
    await waitFor(async () => Number(await statusOf(g1.ports.mysql, 'wsrep_local_bf_aborts')) > bfBefore, 10_000);
    await waitFor(() => Promise.resolve(eventsWith.some((e) => /slow on g1/.test(e.message))), 10_000);
    const logged = eventsWith.find((e) => /slow on g1/.test(e.message))!;
    console.log(`galera-log: event from the log ${Date.now() - sentAt} ms after the conflicting write: ${logged.message}`);
    expect(logged).toMatchObject({ kind: 'conflict-detected', severity: 'warning', nodeId: id('g1') });
    expect(logged.message).toMatch(/Galera brute-force abort at .*victim thread \d+ \(executing\) "UPDATE rd\.t SET note = 'slow on g1' WHERE id = 1 AND SLEEP\(3\) = 0".*winner seqno \d+ "UPDATE rd\.t SET v = v \+ 100 WHERE id = 1/);

    const sWith = await withAgent.sample(AbortSignal.timeout(5_000));
    const sWithout = await without.sample(AbortSignal.timeout(5_000));
    expect(ClusterSampleSchema.safeParse(sWith).success).toBe(true);
    const node = galeraOf(sWith).nodes[id('g1')]!.galera!;
    expect(node.bfAborts).toBeGreaterThan(bfBefore);
    expect(node.conflicts?.[0]?.record).toMatchObject({
      kind: 'brute-force-abort',
      victim: { mode: 'local', query: "UPDATE rd.t SET note = 'slow on g1' WHERE id = 1 AND SLEEP(3) = 0", queryCut: false },
      winner: { mode: 'high priority', query: expect.stringMatching(/^UPDATE rd\.t SET v = v \+ 100 WHERE id = 1/) },
    });
    // Nodes without an agent have no list; g1's log events replace its counter event.
    expect(galeraOf(sWith).nodes[id('g2')]!.galera!.conflicts).toBeUndefined();
    expect(eventsWith.filter((e) => e.nodeId === id('g1') && /wsrep_local_bf_aborts/.test(e.message))).toEqual([]);

    // Without the agent: the counters' event, naming the setting and where its output goes.
    expect(galeraOf(sWithout).nodes[id('g1')]!.galera!.conflicts).toBeUndefined();
    const counter = eventsWithout.find((e) => e.nodeId === id('g1') && e.kind === 'conflict-detected');
    expect(counter?.message).toMatch(/brute-force abort.*wsrep_log_conflicts is ON: each conflict and the victim's query are in this node's error log \(read it on the host or through a node agent\)/s);
    expect(eventsWithout.some((e) => /slow on g1/.test(e.message))).toBe(false);
  });
});
