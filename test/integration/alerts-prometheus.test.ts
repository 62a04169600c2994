import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppCore } from '../../electron/core/app-core';
import { ownerOnlyFileCodec } from '../../electron/core/settings/secret-store';
import type { Logger } from '../../electron/core/logger';
import { resolveDriver } from '../../electron/drivers';
import type { Channel, RequestOf, ResponseOf } from '../../shared/ipc/contract';
import { createPgCluster, type PgCluster } from '../harness/pg-cluster';
import { waitUntil } from '../harness/pg-query';
import { freePort } from '../harness/free-port';
import { requirePrometheusTools } from '../harness/prometheus-process';
import { startPrometheus, type PrometheusServer } from '../harness/prometheus-server';

/**
 * A real Prometheus scrapes the /metrics endpoint (bearer token) of a core
 * watching a real PG15 primary + standby, with the example rules loaded; its
 * query API returns the replay lag the core measured.
 */
const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => quiet };
const NAME = 'metrics-test';
const TOKEN = 'scrape-token-7f3a';
const RULES = path.resolve('docs/prometheus/replicadesk-rules.yml');
/** The alerting rules in the file (`- alert:` entries). */
const RULE_COUNT = (readFileSync(RULES, 'utf8').match(/^\s*- alert: /gm) ?? []).length;
let cluster: PgCluster;
let core: AppCore;
let prom: PrometheusServer;
let dir: string;
let clusterId = '';
let metricsPort = 0;

async function call<C extends Channel>(channel: C, req: RequestOf<C>): Promise<ResponseOf<C>> {
  const r = await core.handle(channel, req);
  if (!r.ok) throw new Error(`${channel} failed: ${r.code}: ${r.reason}`);
  return r.value as ResponseOf<C>;
}

beforeAll(async () => {
  requirePrometheusTools();
  cluster = await createPgCluster({ standbys: 1 });
  await cluster.query('primary', 'CREATE TABLE filler (id int, pad text)');
  dir = mkdtempSync(path.join(tmpdir(), 'rd-alerts-prom-'));
  core = await AppCore.create({ dataDir: dir, secretCodec: ownerOnlyFileCodec, resolveDriver, log: quiet, deltaFlushMs: 50 });
  clusterId = (await call('clusters:add', { engine: 'postgres', name: NAME, seeds: [cluster.connectionString('primary'), cluster.connectionString('standby1')], sampleIntervalMs: 500 })).id;
  metricsPort = await freePort();
  const m = await call('alerts:setMetrics', { enabled: true, port: metricsPort, token: TOKEN });
  expect(m).toEqual({ enabled: true, host: '127.0.0.1', port: metricsPort, hasToken: true });
  prom = await startPrometheus({ target: `127.0.0.1:${metricsPort}`, token: TOKEN, rulesFile: RULES });
}, 90_000);

afterAll(async () => {
  await prom?.stop();
  await core?.dispose();
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the Prometheus endpoint scraped by a real Prometheus', () => {
  it('is off by default, then serves /metrics on 127.0.0.1 only with the bearer token', async () => {
    const fresh = mkdtempSync(path.join(tmpdir(), 'rd-alerts-off-'));
    const other = await AppCore.create({ dataDir: fresh, secretCodec: ownerOnlyFileCodec, resolveDriver, log: quiet });
    expect((await other.handle('alerts:config', {})) as { value: { metrics: unknown } }).toMatchObject({ ok: true, value: { metrics: { enabled: false, hasToken: false } } });
    expect(other.alerts.metricsAddress()).toBeNull();
    await other.dispose();
    rmSync(fresh, { recursive: true, force: true });

    const url = `http://127.0.0.1:${metricsPort}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const r = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(r.status).toBe(200);
    const text = await r.text();
    for (const name of ['replicadesk_link_lag_bytes', 'replicadesk_link_lag_seconds', 'replicadesk_node_up', 'replicadesk_node_role', 'replicadesk_cluster_state', 'replicadesk_slot_retained_bytes', 'replicadesk_conflicts_open', 'replicadesk_consensus_term']) {
      expect(text).toContain(`# TYPE ${name} gauge`);
    }
  });

  it("Prometheus's query API returns the replay lag the core measured (replay paused on the standby)", async () => {
    await cluster.query('standby1', 'SELECT pg_wal_replay_pause()');
    await cluster.query('primary', "INSERT INTO filler SELECT g, repeat('x', 200) FROM generate_series(1, 20000) g");
    let coreLag = 0;
    await waitUntil(async () => {
      const s = await call('clusters:snapshot', { clusterId });
      const l = s?.links.find((x) => x.state !== 'ended');
      coreLag = l?.lag.bytes.replay ?? 0;
      return coreLag > 1_000_000;
    }, 'the core to see replay lag', 20_000);
    const expr = `replicadesk_link_lag_bytes{cluster="${NAME}",from="primary",to="standby1",kind="replay"}`;
    let seen: number | null = null;
    // The primary may still write a little WAL (running-xacts records): both are read again each round.
    await waitUntil(async () => {
      const r = await prom.query(expr);
      seen = r[0]?.value ?? null;
      coreLag = (await call('clusters:snapshot', { clusterId }))?.links.find((x) => x.state !== 'ended')?.lag.bytes.replay ?? 0;
      return seen === coreLag;
    }, `Prometheus to return ${coreLag} for ${expr}`, 20_000).catch((e: Error) => {
      throw new Error(`${e.message}; last value ${seen}; target ${JSON.stringify(prom.target())}`);
    });
    console.log(`bench metrics: replay_lag_bytes core=${coreLag} prometheus=${seen}`);
    expect(await prom.target()).toMatchObject({ health: 'up', lastError: '' });
    const up = await prom.query(`replicadesk_node_up{cluster="${NAME}"}`);
    expect(up.map((s) => `${s.metric['node']}=${s.value}`).sort()).toEqual(['primary=1', 'standby1=1']);
    const role = await prom.query(`replicadesk_node_role{cluster="${NAME}"} == 1`);
    expect(role.map((s) => `${s.metric['node']}:${s.metric['role']}`).sort()).toEqual(['primary:primary', 'standby1:replica']);
    const state = await prom.query(`replicadesk_cluster_state{cluster="${NAME}"} == 1`);
    expect(state.map((s) => s.metric['state'])).toEqual(['healthy']);
    await cluster.query('standby1', 'SELECT pg_wal_replay_resume()');
  });

  it('the example rules load and evaluate against these metrics', async () => {
    let groups: { rules: { name: string; health: string; lastError?: string }[] }[] = [];
    await waitUntil(async () => {
      const body = (await (await fetch(`${prom.url}/api/v1/rules`)).json()) as { data: { groups: typeof groups } };
      groups = body.data.groups;
      return groups.length > 0 && groups[0]!.rules.every((r) => r.health === 'ok');
    }, 'every rule evaluated ok', 20_000).catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(groups)}`);
    });
    // Every rule of the file loaded and evaluated (the file's own count: a rule added there is checked here too).
    expect(groups[0]!.rules.map((r) => r.name)).toHaveLength(RULE_COUNT);
    expect(RULE_COUNT).toBeGreaterThanOrEqual(10);
  });
});

describe('docs/prometheus/replicadesk-rules.yml', () => {
  it('passes `promtool check rules` and its unit tests (`promtool test rules`: firing, hysteresis, clearing)', () => {
    requirePrometheusTools();
    const check = spawnSync('/usr/bin/promtool', ['check', 'rules', RULES], { encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain(`SUCCESS: ${RULE_COUNT} rules found`);
    const test = spawnSync('/usr/bin/promtool', ['test', 'rules', path.resolve('docs/prometheus/replicadesk-rules.test.yml')], { encoding: 'utf8' });
    expect(test.status, test.stdout + test.stderr).toBe(0);
  });
});
