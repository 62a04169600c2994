import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AlertService } from '../../../electron/core/alerts/alert-service';
import { DeliveryQueue } from '../../../electron/core/alerts/delivery-queue';
import { AuditLog } from '../../../electron/core/actions/audit-log';
import { ownerOnlyFileCodec } from '../../../electron/core/settings/secret-store';
import type { Logger } from '../../../electron/core/logger';
import type { ClusterHeadline } from '../../../shared/model/cluster-state';
import type { ClusterSample } from '../../../shared/model/sample';
import { node } from '../../support/fake-driver';

const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => quiet };
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** A local webhook receiver: records every body; `status` is what it answers. */
async function receiver(status = 200) {
  const bodies: unknown[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      bodies.push({ auth: req.headers.authorization ?? null, body: JSON.parse(raw) as unknown });
      res.writeHead(status).end(status === 200 ? 'ok' : 'no such route');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(() => new Promise((r) => server.close(r)));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/hook/SECRET-PATH?token=q`, bodies };
}

async function until(what: string, check: () => boolean, ms = 5_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function service() {
  const dir = mkdtempSync(path.join(tmpdir(), 'rd-alerts-'));
  let now = 1_000_000;
  const s = new AlertService({
    dataDir: dir, codec: ownerOnlyFileCodec, audit: new AuditLog(path.join(dir, 'audit.jsonl')), actor: 'tester', now: () => now, log: quiet,
    clusterName: () => 'prod', conflictsOpen: () => 0, actionOf: () => 'switchover of n2, running (reason: CHG-42)', clusters: () => [], tickMs: 60_000,
  });
  await s.start();
  cleanup.push(() => s.dispose(), () => rmSync(dir, { recursive: true, force: true }));
  const down: ClusterHeadline = { clusterId: 'c1', state: 'primary-down', title: 'primary n1 down', since: 0, asOf: 0, nodes: ['n1'], nodeIds: ['a:1'], suggestion: null };
  const sample = (): ClusterSample => ({ clusterId: 'c1', takenAt: now, durationMs: 1, nodes: [node('a:1', 'primary')], links: [], slots: [], consensus: null, queriesPerNode: 1, warnings: [] });
  return {
    s, dir,
    advance: (ms: number) => (now += ms),
    fire: () => s.observeSample('c1', sample(), down),
    resolve: () => s.observeSample('c1', sample(), { ...down, state: 'healthy', title: 'healthy' }),
  };
}

describe('alert service: receivers, silences, errors as data', () => {
  it('sends firing and resolved to a JSON webhook and a Slack webhook, with the action and its reason; URLs and tokens stay off alerts.json', async () => {
    const t = await service();
    const json = await receiver();
    const slack = await receiver();
    await t.s.config.setReceiver({ id: 'hook', kind: 'webhook', url: json.url, token: 'tok-123' });
    await t.s.config.setReceiver({ id: 'chat', kind: 'slack', url: slack.url });
    await t.s.config.setReceiver({ id: 'am', kind: 'alertmanager', url: 'http://amuser:am-pass-99@127.0.0.1:1/' });
    await t.s.receiversChanged();
    t.fire();
    t.advance(5_000);
    t.resolve();
    await until('both changes at both receivers', () => countAlerts(json.bodies) >= 2 && countLines(slack.bodies) >= 2);
    expect((json.bodies[0] as { auth: string }).auth).toBe('Bearer tok-123');
    const sent = json.bodies.flatMap((b) => (b as { body: { alerts: { status: string; rule: string; action: string }[] } }).body.alerts);
    expect(sent.map((a) => `${a.status}:${a.rule}`)).toEqual(['firing:primary-down', 'resolved:primary-down']);
    expect(sent[0]!.action).toContain('reason: CHG-42');
    const text = slack.bodies.map((b) => (b as { body: { text: string } }).body.text).join('\n');
    expect(text).toMatch(/^\[FIRING\] critical primary-down \(prod \/ n1\): primary n1 down \(during switchover of n2, running \(reason: CHG-42\)\)$/m);
    expect(text).toMatch(/^\[RESOLVED\] primary-down \(prod \/ n1\)/m);
    for (const f of readdirSync(t.dir).filter((n) => n !== 'alert-secrets.json')) {
      const content = readFileSync(path.join(t.dir, f), 'utf8');
      expect(content, f).not.toContain('SECRET-PATH');
      expect(content, f).not.toContain('tok-123');
      expect(content, f).not.toContain('am-pass-99');
    }
    expect(readFileSync(path.join(t.dir, 'alerts.json'), 'utf8')).toContain('"target": "http://127.0.0.1:');
  });

  it('a silence holds back the alert (still tracked, audited); when it is expired the alert goes out', async () => {
    const t = await service();
    const json = await receiver();
    await t.s.config.setReceiver({ id: 'hook', kind: 'webhook', url: json.url });
    await t.s.receiversChanged();
    const silence = await t.s.silences.create({ clusterId: 'c1', nodeId: null, durationMs: 60_000, reason: 'maintenance CHG-7' });
    t.fire();
    t.s.tick();
    await new Promise((r) => setTimeout(r, 300));
    expect(json.bodies).toEqual([]);
    expect(t.s.alerts()).toMatchObject([{ rule: 'primary-down', status: 'firing', silencedBy: silence.id }]);
    expect((await t.s.silences.expire(silence.id)).ok).toBe(true);
    t.s.tick();
    await until('the held-back alert', () => countAlerts(json.bodies) === 1);
    const audit = readFileSync(path.join(t.dir, 'audit.jsonl'), 'utf8');
    expect(audit).toContain('"action":"silence"');
    expect(audit).toContain('maintenance CHG-7');
    expect(audit).toContain('"action":"silence-expire"');
  });

  it('"Pause alerts" (the tray) holds back a new alert, still listed; resuming sends it', async () => {
    const t = await service();
    const json = await receiver();
    await t.s.config.setReceiver({ id: 'hook', kind: 'webhook', url: json.url });
    await t.s.receiversChanged();
    t.s.setPaused(true);
    expect(t.s.paused()).toBe(true);
    t.fire();
    t.s.tick();
    await new Promise((r) => setTimeout(r, 300));
    expect(json.bodies).toEqual([]);
    expect(t.s.alerts()).toMatchObject([{ rule: 'primary-down', status: 'firing' }]);
    t.s.setPaused(false);
    await until('the held-back alert after resuming', () => countAlerts(json.bodies) === 1);
  });

  it('an alert raised and resolved inside a silence sends nothing, not even its resolution', async () => {
    const t = await service();
    const json = await receiver();
    await t.s.config.setReceiver({ id: 'hook', kind: 'webhook', url: json.url });
    await t.s.receiversChanged();
    await t.s.silences.create({ clusterId: 'c1', nodeId: 'a:1', durationMs: 60_000, reason: 'node maintenance' });
    t.fire();
    t.advance(1_000);
    t.resolve();
    await new Promise((r) => setTimeout(r, 300));
    expect(json.bodies).toEqual([]);
    expect(t.s.alerts()).toMatchObject([{ status: 'resolved' }]);
  });

  it('a refusing receiver is retried with backoff and its error is shown as data; the queue is bounded', async () => {
    const bad = await receiver(404);
    let calls = 0;
    const q = new DeliveryQueue('am', {
      kind: 'alertmanager', target: 'http://127.0.0.1',
      send: async (batch, signal) => {
        calls++;
        const { postJson } = await import('../../../electron/core/alerts/senders/sender');
        return postJson('Alertmanager at http://127.0.0.1', bad.url, batch, null, signal);
      },
    }, { maxQueued: 3, backoff: { baseMs: 20, maxMs: 40 } });
    cleanup.push(() => q.close());
    const change = (k: string) => ({ kind: 'firing' as const, alert: { key: k } as never });
    q.push([change('a'), change('b'), change('c'), change('d'), change('e')]);
    await until('three attempts', () => calls >= 3);
    const d = q.delivery();
    expect(d).toMatchObject({ receiverId: 'am', dropped: 2, queued: 3, sent: 0 });
    expect(d.state === 'retrying' || d.state === 'failing').toBe(true);
    expect(d.lastError).toBe('Alertmanager at http://127.0.0.1 refused: 404 Not Found: no such route');
  });
});

const countAlerts = (bodies: unknown[]) => bodies.reduce<number>((n, b) => n + ((b as { body: { alerts?: unknown[] } }).body.alerts?.length ?? 0), 0);
const countLines = (bodies: unknown[]) => bodies.reduce<number>((n, b) => n + ((b as { body: { text?: string } }).body.text?.split('\n').length ?? 0), 0);
