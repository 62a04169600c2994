import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AlertService } from '../../../electron/core/alerts/alert-service';
import { alertHandlers } from '../../../electron/core/alerts/alert-handlers';
import { AuditLog } from '../../../electron/core/actions/audit-log';
import { ownerOnlyFileCodec } from '../../../electron/core/settings/secret-store';
import type { Logger } from '../../../electron/core/logger';

const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => quiet };
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

describe('alert settings are audited, without secrets', () => {
  it('adding and removing a receiver and turning /metrics on and off are audit entries with no URL path, query, userinfo or token', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rd-aaudit-'));
    const audit = new AuditLog(path.join(dir, 'audit.jsonl'));
    const s = new AlertService({
      dataDir: dir, codec: ownerOnlyFileCodec, audit, actor: 'tester', now: Date.now, log: quiet,
      clusterName: () => 'prod', conflictsOpen: () => 0, actionOf: () => null, clusters: () => [], tickMs: 60_000,
    });
    await s.start();
    cleanup.push(() => s.dispose(), () => rmSync(dir, { recursive: true, force: true }));
    const h = alertHandlers(s, () => true);
    await h['alerts:setReceiver']({ id: 'chat', kind: 'slack', url: 'https://bob:pw-77@hooks.example/services/T0/SECRET-PATH?key=q', token: 'tok-555' });
    await h['alerts:removeReceiver']({ id: 'chat' });
    expect((await h['alerts:setMetrics']({ enabled: true, host: '127.0.0.1', port: 0, token: 'mtok-9' })).ok).toBe(true);
    await h['alerts:setMetrics']({ enabled: false, host: '127.0.0.1', port: 0 });
    const entries = await audit.list();
    expect(entries.map((e) => `${e.action}:${e.outcome}`).sort()).toEqual(['metrics-endpoint:disabled', 'metrics-endpoint:enabled', 'receiver-add:saved', 'receiver-remove:removed'].sort());
    expect(entries.find((e) => e.action === 'receiver-add')!.params).toMatchObject({ receiverId: 'chat', kind: 'slack', target: 'https://hooks.example', hasToken: true });
    expect(entries.find((e) => e.outcome === 'enabled')!.params).toMatchObject({ enabled: true, hasToken: true });
    const raw = readFileSync(path.join(dir, 'audit.jsonl'), 'utf8');
    expect(raw).not.toMatch(/SECRET-PATH|key=q|pw-77|bob|tok-555|mtok-9/);
  });
});
