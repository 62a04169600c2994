import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppCore } from '../../electron/core/app-core';
import type { SecretCodec } from '../../electron/core/settings/secret-store';
import { createLogger } from '../../electron/core/logger';
import { resolveDriver } from '../../electron/drivers';
import type { Result } from '../../shared/result';
import type { HistoryMoment } from '../../shared/ipc/history';
import type { Cluster, PostgresSpec } from '../../shared/model/cluster';
import type { ClusterSample } from '../../shared/model/sample';
import type { AuditEntry } from '../../shared/model/action';
import { createPgCluster, type PgCluster } from '../harness/pg-cluster';

/** A real PG15 primary + standby: a rotated password is fixed with "Edit connection…" in place (same id, history, aliases). */
const ROLE = 'rd_edit';
const OLD = 'Old-pw-1x';
const NEW = 'New-pw-2y';
const WRONG = 'Wr0ng-pw-3z';
let cluster: PgCluster;
let core: AppCore;
let dir = '';

/** Sealed like Electron's safeStorage (not plain JSON), so secrets.json is searched too. */
const key = randomBytes(32);
const sealing: SecretCodec = {
  description: 'test AES-256-GCM',
  seal: (plain) => {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
  },
  open: (sealed) => {
    const raw = Buffer.from(sealed, 'base64');
    const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
  },
};

const value = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`${r.code}: ${r.reason}`);
  return r.value as T;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, ms: number, check: () => Promise<boolean>): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(200)) if (await check()) return;
  throw new Error(`timed out waiting for ${what}`);
}
const seed = (name: string, password?: string) => cluster.connectionString(name, { user: ROLE, ...(password ? { password } : {}), params: 'sslmode=disable' });
const filesUnder = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(d, e.name)) : [path.join(d, e.name)]));

beforeAll(async () => {
  cluster = await createPgCluster({ standbys: 1 });
  await cluster.query('primary', `CREATE ROLE ${ROLE} LOGIN SUPERUSER PASSWORD '${OLD}'`);
  dir = mkdtempSync(path.join(tmpdir(), 'rd-editconn-'));
  core = await AppCore.create({ dataDir: dir, secretCodec: sealing, resolveDriver, log: createLogger('test/editconn'), deltaFlushMs: 50 });
}, 120_000);

afterAll(async () => {
  await core?.dispose();
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('Edit connection on a real PostgreSQL 15', () => {
  it('fixes a rotated password in place: a wrong one is refused and the cluster kept, the right one resumes sampling under the same id', async () => {
    const added = value<Cluster>(await core.handle('clusters:add', { engine: 'postgres', name: 'orders', seeds: [seed('primary', OLD), seed('standby1', OLD)], sampleIntervalMs: 500 }));
    const clusterId = added.id;
    const snapshot = async () => value<ClusterSample | null>(await core.handle('clusters:snapshot', { clusterId }));
    const allUp = async () => {
      const s = await snapshot();
      return s?.nodes.length === 2 && s.nodes.every((n) => n.status.kind === 'up');
    };
    await until('both nodes up', 20_000, allUp);
    const primaryId = (await snapshot())!.nodes.find((n) => n.role === 'primary')!.id;
    value(await core.handle('clusters:setAlias', { clusterId, nodeId: primaryId, alias: 'main' }));
    await sleep(1_500);
    const before = Date.now() - 500;

    // The password is rotated on the server and the monitor's sessions ended: sampling fails to log in.
    await cluster.query('primary', `ALTER ROLE ${ROLE} PASSWORD '${NEW}'`);
    await cluster.query('primary', 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [ROLE]);
    await cluster.query('standby1', 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [ROLE]);
    await until('sampling to fail', 20_000, async () => !(await allUp()));

    // The redacted spec the form is filled from: no password in any form.
    const shown = value<PostgresSpec>(await core.handle('clusters:spec', { clusterId }));
    expect(JSON.stringify(shown)).not.toMatch(new RegExp(`${OLD}|${NEW}`));
    expect(shown).toMatchObject({ name: 'orders', sampleIntervalMs: 500, aliases: { [primaryId]: 'main' } });

    // A wrong password: refused with the server's reason; the cluster is still there under its id.
    const wrong = await core.handle('clusters:edit', { clusterId, spec: { ...shown, seeds: [seed('primary', WRONG), seed('standby1', WRONG)] } });
    expect(wrong).toMatchObject({ ok: false, reason: expect.stringMatching(/password authentication failed/) });
    expect(value<Cluster[]>(await core.handle('clusters:list', {})).map((c) => c.id)).toEqual([clusterId]);
    // Leaving the password empty keeps the stored (old, now wrong) one: the login fails the same way.
    expect(await core.handle('clusters:edit', { clusterId, spec: shown })).toMatchObject({ ok: false, reason: expect.stringMatching(/password authentication failed/) });

    // The new password: same id, samples resume with both nodes up, alias and interval kept.
    const t0 = performance.now();
    const edited = value<Cluster>(await core.handle('clusters:edit', { clusterId, spec: { ...shown, seeds: [seed('primary', NEW), seed('standby1', NEW)] } }));
    expect(edited).toMatchObject({ id: clusterId, name: 'orders', sampleIntervalMs: 500 });
    await until('both nodes up again', 20_000, allUp);
    console.log(`editconn: edit + first sample with both nodes up in ${(performance.now() - t0).toFixed(0)} ms`);
    expect((await snapshot())!.nodes.find((n) => n.id === primaryId)?.name).toBe('main');

    // An edit that leaves the (now right) password empty keeps it for the same entries; swapped entries get none.
    const again = value<PostgresSpec>(await core.handle('clusters:spec', { clusterId }));
    expect(await core.handle('clusters:edit', { clusterId, spec: { ...again, lagThresholdMs: 20_000 } })).toMatchObject({ ok: true, value: { id: clusterId } });
    const swapped = await core.handle('clusters:edit', { clusterId, spec: { ...again, seeds: [again.seeds[1]!, again.seeds[0]!] } });
    expect(swapped).toMatchObject({ ok: false, reason: expect.stringMatching(/asks for a password and the connection string has none/) });
    // Trial 21: one seed still logs in (its password kept), the other refuses the login: refused too, not saved half-blind.
    const halfWrong = await core.handle('clusters:edit', { clusterId, spec: { ...again, seeds: [seed('primary', WRONG), again.seeds[1]!] } });
    expect(halfWrong).toMatchObject({ ok: false, code: 'auth-failed', reason: expect.stringMatching(/password authentication failed.*a seed of this cluster: fix it or leave it out/) });
    await until('still up after the refused edit', 10_000, allUp);
    await sleep(1_500);
    const after = Date.now() - 500;

    // History under the same id before and after the edit.
    for (const at of [before, after]) {
      const moment = value<HistoryMoment>(await core.handle('history:at', { clusterId, at }));
      expect(moment.sample?.nodes.length, `history at ${at - before} ms`).toBe(2);
      expect(moment.sample?.nodes.every((n) => n.status.kind === 'up')).toBe(true);
    }
    const audit = value<AuditEntry[]>(await core.handle('audit:list', { clusterId, limit: 10 }));
    expect(audit.filter((e) => e.action === 'edit-connection').map((e) => e.outcome)).toEqual(['connection edited', 'connection edited']);

    // No password in any form in any file of the settings directory (secrets.json is sealed).
    await core.dispose();
    core = await AppCore.create({ dataDir: dir, secretCodec: sealing, resolveDriver, log: createLogger('test/editconn'), deltaFlushMs: 50 });
    const forms = [OLD, NEW, WRONG].flatMap((p) => [p, encodeURIComponent(p), Buffer.from(p).toString('base64'), Buffer.from(p).toString('hex')]);
    const leaks = filesUnder(dir).flatMap((f) => {
      const text = readFileSync(f).toString('latin1');
      return forms.filter((p) => text.includes(p)).map((p) => `${p} in ${path.relative(dir, f)}`);
    });
    expect(leaks).toEqual([]);
    expect(filesUnder(dir).map((f) => path.basename(f))).toEqual(expect.arrayContaining(['clusters.json', 'secrets.json']));
    // Restarted from those files, the cluster logs in with the new password under the same id.
    await until('the restored cluster up', 20_000, async () => {
      const s = await core.handle('clusters:snapshot', { clusterId });
      return s.ok && (s.value as ClusterSample | null)?.nodes.every((n) => n.status.kind === 'up') === true;
    });
  }, 120_000);
});
