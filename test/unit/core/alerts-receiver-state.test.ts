import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AlertService } from '../../../electron/core/alerts/alert-service';
import { AuditLog } from '../../../electron/core/actions/audit-log';
import { ownerOnlyFileCodec } from '../../../electron/core/settings/secret-store';
import type { Logger } from '../../../electron/core/logger';
import type { ClusterHeadline } from '../../../shared/model/cluster-state';
import type { ClusterSample } from '../../../shared/model/sample';
import { node } from '../../support/fake-driver';
import { firingHeader, receiverWhere, receiversCount, testOutcome } from '../../../renderer/features/alerts/receiver-text';
import { when } from '../../../renderer/features/alerts/use-alerts';

const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => quiet };
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function receiver(status: number) {
  const bodies: { text?: string; alerts?: { rule: string; status: string; summary: string }[] }[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(raw) as (typeof bodies)[number]);
      res.writeHead(status).end(status === 200 ? 'ok' : 'no such route');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(() => new Promise((r) => server.close(r)));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook/SECRET-PATH?token=q`, bodies };
}

async function service(dir: string) {
  const s = new AlertService({
    dataDir: dir, codec: ownerOnlyFileCodec, audit: new AuditLog(path.join(dir, 'audit.jsonl')), actor: 'tester', now: () => Date.now(), log: quiet,
    clusterName: () => 'prod', conflictsOpen: () => 0, actionOf: () => null, clusters: () => [], tickMs: 60_000,
  });
  await s.start();
  return s;
}

const down: ClusterHeadline = { clusterId: 'c1', state: 'primary-down', title: 'primary n1 down', since: 0, asOf: 0, nodes: ['n1'], nodeIds: ['a:1'], suggestion: null };
const sample = (): ClusterSample => ({ clusterId: 'c1', takenAt: Date.now(), durationMs: 1, nodes: [node('a:1', 'primary')], links: [], slots: [], consensus: null, queriesPerNode: 1, warnings: [] });

describe('receivers: delivery state kept across restarts, and a test alert', () => {
  it('a failing receiver still shows failing, its last error and counts after a restart; alerts.json has no URL path or token', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rd-rstate-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const good = await receiver(200);
    const bad = await receiver(404);
    const s1 = await service(dir);
    await s1.config.setReceiver({ id: 'good', kind: 'webhook', url: good.url, token: 'tok-xyz' });
    await s1.config.setReceiver({ id: 'bad', kind: 'webhook', url: bad.url });
    await s1.receiversChanged();
    s1.observeSample('c1', sample(), down);
    await expect.poll(() => s1.deliveries().find((d) => d.receiverId === 'bad')?.lastError, { timeout: 5_000 }).toMatch(/refused: 404/);
    await expect.poll(() => s1.deliveries().find((d) => d.receiverId === 'good')?.sent, { timeout: 5_000 }).toBe(1);
    const before = s1.deliveries();
    await s1.dispose();

    const s2 = await service(dir);
    cleanup.push(() => s2.dispose());
    const after = s2.deliveries();
    const bad2 = after.find((d) => d.receiverId === 'bad')!;
    expect(bad2.state).not.toBe('idle');
    expect(bad2.lastError).toBe(before.find((d) => d.receiverId === 'bad')!.lastError);
    expect(bad2.lastAttemptAt).not.toBeNull();
    expect(after.find((d) => d.receiverId === 'good')).toMatchObject({ state: 'ok', sent: 1, lastError: null });
    expect(after.find((d) => d.receiverId === 'good')!.lastOkAt).toBe(before.find((d) => d.receiverId === 'good')!.lastOkAt);
    const file = readFileSync(path.join(dir, 'alerts.json'), 'utf8');
    expect(file).toContain('"deliveries"');
    expect(file).not.toMatch(/SECRET-PATH|token=q|tok-xyz/);
  });

  it('"Send test alert" sends a clearly titled test alert and its resolution, and says so as data; a refusal comes back as data', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rd-rtest-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const good = await receiver(200);
    const bad = await receiver(404);
    const s = await service(dir);
    cleanup.push(() => s.dispose());
    await s.config.setReceiver({ id: 'good', kind: 'webhook', url: good.url });
    await s.config.setReceiver({ id: 'chat', kind: 'slack', url: bad.url });
    await s.receiversChanged();
    const r = await s.testReceiver('good');
    expect(r).toMatchObject({ ok: true, value: { receiverId: 'good', firing: { ok: true, error: null }, resolved: { ok: true, error: null } } });
    expect(good.bodies.map((b) => b.alerts![0]!.status)).toEqual(['firing', 'resolved']);
    expect(good.bodies[0]!.alerts![0]!.summary).toMatch(/test alert/i);
    expect(testOutcome((r as { value: Parameters<typeof testOutcome>[0] }).value)).toMatch(/delivered/);
    const refused = await s.testReceiver('chat');
    expect(refused).toMatchObject({ ok: true, value: { firing: { ok: false }, resolved: { ok: false } } });
    expect((refused as { value: { firing: { error: string } } }).value.firing.error).toMatch(/Slack webhook at http:\/\/127\.0\.0\.1:\d+ refused: 404/);
    expect(bad.bodies[0]!.text).toMatch(/test alert/i);
    expect(await s.testReceiver('nope')).toMatchObject({ ok: false, code: 'unknown-receiver' });
  });

  it('the receivers table tells receivers apart by kind and name, and counts in English', () => {
    expect(receiverWhere({ id: 'ops-chat', kind: 'slack', target: 'https://hooks.example:443', hasToken: false })).toBe('Slack webhook “ops-chat” at https://hooks.example:443');
    expect(receiversCount(1)).toBe('1 receiver');
    expect(receiversCount(2)).toBe('2 receivers');
  });
});

describe('alerts panel words and dates', () => {
  it('the header says per state whether firing alerts were sent or held back by a silence', () => {
    expect(firingHeader([{ silencedBy: 's1' }])).toBe('1 firing, silenced: not sent');
    expect(firingHeader([{ silencedBy: null }, { silencedBy: 's1' }])).toBe('1 firing: sent to the receivers set below the audit log; 1 firing, silenced: not sent');
    expect(firingHeader([])).toBe('none firing');
  });

  it('alerts and silences use the app date format', () => {
    const at = new Date(2026, 11, 7, 15, 34, 6).getTime();
    expect(when(at)).toBe('2026-12-07 15:34:06');
  });
});
