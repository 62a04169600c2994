import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppCore } from '../../electron/core/app-core';
import { ownerOnlyFileCodec } from '../../electron/core/settings/secret-store';
import type { Logger } from '../../electron/core/logger';
import { resolveDriver } from '../../electron/drivers';
import type { Channel, RequestOf, ResponseOf } from '../../shared/ipc/contract';
import { createPgCluster, type PgCluster } from '../harness/pg-cluster';
import { waitUntil } from '../harness/pg-query';
import { startAlertmanager, type AlertmanagerServer } from '../harness/alertmanager-server';

/**
 * A core watching a real PG15 primary + standby sends "primary down" to a real
 * Alertmanager when the primary is stopped and the resolution when it returns;
 * a ReplicaDesk silence holds it back; a JSON and a Slack webhook get both.
 */
const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => quiet };
const NAME = 'alerts-test';
let cluster: PgCluster;
let core: AppCore;
let am: AlertmanagerServer;
let dir: string;
let clusterId = '';
let hooks: http.Server;
const received: { path: string; body: Record<string, unknown>; at: number }[] = [];

async function call<C extends Channel>(channel: C, req: RequestOf<C>): Promise<ResponseOf<C>> {
  const r = await core.handle(channel, req);
  if (!r.ok) throw new Error(`${channel} failed: ${r.code}: ${r.reason}`);
  return r.value as ResponseOf<C>;
}

const amPrimaryDown = async () => (await am.alerts()).filter((a) => a.labels['alertname'] === 'primary-down' && a.labels['cluster'] === NAME);
const bodies = (p: string) => received.filter((r) => r.path === p).map((r) => r.body);

beforeAll(async () => {
  hooks = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(raw) as Record<string, unknown>, at: Date.now() });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', r));
  const hookBase = `http://127.0.0.1:${(hooks.address() as { port: number }).port}`;
  am = await startAlertmanager({ webhookUrl: `${hookBase}/from-alertmanager` });
  cluster = await createPgCluster({ standbys: 1 });
  dir = mkdtempSync(path.join(tmpdir(), 'rd-alerts-am-'));
  core = await AppCore.create({ dataDir: dir, secretCodec: ownerOnlyFileCodec, resolveDriver, log: quiet, deltaFlushMs: 50 });
  clusterId = (await call('clusters:add', { engine: 'postgres', name: NAME, seeds: [cluster.connectionString('primary'), cluster.connectionString('standby1')], sampleIntervalMs: 500 })).id;
  await call('alerts:setReceiver', { id: 'am', kind: 'alertmanager', url: am.url });
  await call('alerts:setReceiver', { id: 'json', kind: 'webhook', url: `${hookBase}/json` });
  await call('alerts:setReceiver', { id: 'chat', kind: 'slack', url: `${hookBase}/slack` });
}, 90_000);

afterAll(async () => {
  await core?.dispose();
  await cluster?.stop();
  await am?.stop();
  await new Promise((r) => hooks?.close(r));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function stopPrimaryAndWaitFiring(): Promise<void> {
  await cluster.stopNode('primary');
  await waitUntil(async () => (await call('alerts:state', {})).alerts.some((a) => a.rule === 'primary-down' && a.status === 'firing'), 'primary-down firing in the core', 30_000);
}

async function restartPrimary(): Promise<void> {
  await cluster.startNode('primary');
  await cluster.waitForStreaming();
  await waitUntil(async () => !(await call('alerts:state', {})).alerts.some((a) => a.rule === 'primary-down' && a.status === 'firing'), 'primary-down resolved in the core', 30_000);
}

describe('alerts to a real Alertmanager', () => {
  it('"primary down" reaches Alertmanager when the primary stops, and its resolution when it returns', async () => {
    await waitUntil(async () => (await call('clusters:snapshot', { clusterId }))?.nodes.length === 2, 'both nodes seen', 20_000);
    const stoppedAt = Date.now();
    await stopPrimaryAndWaitFiring();
    await waitUntil(async () => (await amPrimaryDown()).length === 1, 'Alertmanager holds primary-down', 30_000);
    const inAmMs = Date.now() - stoppedAt;
    const [alert] = await amPrimaryDown();
    expect(alert!.labels).toMatchObject({ alertname: 'primary-down', cluster: NAME, node: 'primary', severity: 'critical' });
    expect(alert!.status.state).toBe('active');
    expect(alert!.annotations['summary']).toContain('primary');
    await waitUntil(async () => bodies('/from-alertmanager').some((b) => b['status'] === 'firing'), 'Alertmanager notifies its webhook', 30_000);

    const startedAt = Date.now();
    await restartPrimary();
    await waitUntil(async () => (await amPrimaryDown()).length === 0, 'Alertmanager no longer holds it (endsAt passed)', 30_000);
    const resolvedInAmMs = Date.now() - startedAt;
    await waitUntil(async () => bodies('/from-alertmanager').some((b) => b['status'] === 'resolved'), 'Alertmanager notifies the resolution', 30_000);
    console.log(`bench alerts: stop_to_alertmanager_ms=${inAmMs} start_to_resolved_in_alertmanager_ms=${resolvedInAmMs}`);

    const json = bodies('/json').flatMap((b) => b['alerts'] as { status: string; rule: string; cluster: string; node: string }[]).filter((a) => a.rule === 'primary-down');
    expect(json.map((a) => a.status)).toEqual(['firing', 'resolved']);
    expect(json[0]).toMatchObject({ cluster: NAME, node: 'primary' });
    const slack = bodies('/slack').map((b) => b['text'] as string).join('\n');
    expect(slack).toMatch(new RegExp(`^\\[FIRING\\] critical primary-down \\(${NAME} / primary\\)`, 'm'));
    expect(slack).toMatch(new RegExp(`^\\[RESOLVED\\] primary-down \\(${NAME} / primary\\)`, 'm'));
    const deliveries = (await call('alerts:state', {})).deliveries;
    expect(deliveries.map((d) => `${d.receiverId}:${d.state}:${d.lastError}`).sort()).toEqual(['am:ok:null', 'chat:ok:null', 'json:ok:null']);
  });

  it('a silence on the cluster stops it: Alertmanager and the webhooks get nothing, the core still tracks it', async () => {
    const before = received.length;
    const silence = await call('alerts:silence', { clusterId, durationMs: 10 * 60_000, reason: 'planned maintenance CHG-1' });
    await stopPrimaryAndWaitFiring();
    const firing = (await call('alerts:state', {})).alerts.find((a) => a.rule === 'primary-down' && a.status === 'firing')!;
    expect(firing.silencedBy).toBe(silence.id);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await amPrimaryDown()).toEqual([]);
    expect(received.length).toBe(before);
    await restartPrimary();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(received.length).toBe(before);
    expect(await amPrimaryDown()).toEqual([]);
    const audit = await call('audit:list', { clusterId });
    expect(audit.find((a) => a.action === 'silence')?.params).toMatchObject({ reason: 'planned maintenance CHG-1', silenceId: silence.id });
    expect((await call('alerts:silences', { clusterId })).map((s) => s.id)).toContain(silence.id);
  });

  it('a receiver that refuses is shown as data with its answer', async () => {
    await call('alerts:setReceiver', { id: 'am', kind: 'alertmanager', url: `${am.url}/wrong-prefix` });
    await call('alerts:silences', { clusterId }).then(async (all) => Promise.all(all.filter((s) => s.expiredAt === null).map((s) => call('alerts:expireSilence', { id: s.id }))));
    await stopPrimaryAndWaitFiring();
    await waitUntil(async () => (await call('alerts:state', {})).deliveries.some((d) => d.receiverId === 'am' && d.lastError !== null), 'the refusal recorded', 20_000);
    const am2 = (await call('alerts:state', {})).deliveries.find((d) => d.receiverId === 'am')!;
    expect(am2.lastError).toMatch(/^Alertmanager at http:\/\/127\.0\.0\.1:\d+ refused: 404 Not Found/);
    await restartPrimary();
  });
});
