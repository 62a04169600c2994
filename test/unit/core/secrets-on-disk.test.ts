import { afterEach, describe, expect, it, vi } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppCore } from '../../../electron/core/app-core';
import { ownerOnlyFileCodec } from '../../../electron/core/settings/secret-store';
import { SettingsStore } from '../../../electron/core/settings/settings-store';
import { createLogger } from '../../../electron/core/logger';
import { resolveDriver as realResolveDriver } from '../../../electron/drivers';
import type { DriverResolver } from '../../../electron/core/monitor/cluster-registry';
import { ok } from '../../../shared/result';
import { FakeDriver } from '../../support/fake-driver';
import { ClusterSpecSchema, type ClusterSpecInput } from '../../../shared/model/cluster';

/** The real drivers check each spec (and may log); a fake then answers, so every add succeeds without servers. */
const resolveDriver: DriverResolver = (spec, ctx) => {
  const real = realResolveDriver(spec, ctx);
  if (!real.ok) return real;
  void real.value.sampler.dispose();
  return ok(new FakeDriver([`fake:${spec.name}`], ctx.clusterId).capabilities());
};

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : [p];
  });
}

// Every form a secret can take in a spec; the secret strings are unique so a grep finds any copy.
const FORMS: { name: string; spec: ClusterSpecInput; secrets: string[] }[] = [
  { name: 'URI userinfo', spec: { engine: 'postgres', name: 'a', seeds: ['postgres://mon:Sx-userinfo-1@127.0.0.1:1/postgres?sslmode=disable'] }, secrets: ['Sx-userinfo-1'] },
  { name: 'URI ?password=', spec: { engine: 'postgres', name: 'b', seeds: ['postgres://mon@127.0.0.1:1/postgres?password=Sx-query-2&sslmode=disable'] }, secrets: ['Sx-query-2'] },
  { name: 'URI ?sslpassword=', spec: { engine: 'postgres', name: 'c', seeds: ['postgresql://mon@127.0.0.1:1/postgres?sslmode=disable&sslpassword=Sx-qssl-3'] }, secrets: ['Sx-qssl-3'] },
  { name: 'key/value password and sslpassword', spec: { engine: 'postgres', name: 'd', seeds: ["host=127.0.0.1 port=1 user=mon sslpassword=Sx-kvssl-4 password='Sx kv 5' sslmode=disable"] }, secrets: ['Sx-kvssl-4', 'Sx kv 5'] },
  { name: 'unencoded @ in the password', spec: { engine: 'postgres', name: 'e', seeds: ['postgres://mon:Sx@tail-6@127.0.0.1:1/postgres?sslmode=disable'] }, secrets: ['Sx@tail-6', 'tail-6'] },
  {
    name: 'Patroni and DCS URLs with user:password@',
    spec: { engine: 'postgres', name: 'f', seeds: ['postgres://mon@127.0.0.1:1/postgres?sslmode=disable'], patroniUrls: ['http://admin:Sx-patroni-7@127.0.0.1:1'], patroniDcs: { etcdUrls: ['http://root:Sx-dcs-8@127.0.0.1:1'] } },
    secrets: ['Sx-patroni-7', 'Sx-dcs-8'],
  },
  { name: 'agent tokens', spec: { engine: 'postgres', name: 'g', seeds: ['postgres://mon@127.0.0.1:1/postgres?sslmode=disable'], agents: [{ nodeAddress: '127.0.0.1:1', url: 'ws://127.0.0.1:1', token: 'Sx-pgagent-9' }] }, secrets: ['Sx-pgagent-9'] },
  { name: 'etcd auth password', spec: { engine: 'etcd', name: 'h', endpoints: ['http://127.0.0.1:1'], auth: { username: 'root', password: 'Sx-etcdauth-10' } }, secrets: ['Sx-etcdauth-10'] },
];

describe('no secret on disk outside the secret store', () => {
  it('adds every secret form through the app core; no file in the data directory but secrets.json, and no log line, holds one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rd-secrets-'));
    dirs.push(dir);
    const logged: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      logged.push(String(chunk));
      return true;
    });
    const core = await AppCore.create({ dataDir: dir, secretCodec: ownerOnlyFileCodec, resolveDriver, log: createLogger('test'), deltaFlushMs: 50 });
    const added: unknown[] = [];
    for (const f of FORMS) added.push(await core.handle('clusters:add', f.spec));
    // An etcd endpoint with credentials in the URL is refused; the refusal must not echo them either.
    added.push(await core.handle('clusters:add', { engine: 'etcd', name: 'i', endpoints: ['http://root:Sx-etcdurl-11@127.0.0.1:1'] }));
    await new Promise((r) => setTimeout(r, 600));
    await core.dispose();
    vi.restoreAllMocks();

    expect(added.slice(0, FORMS.length).map((r) => (r as { ok: boolean; reason?: string }).reason ?? "ok")).toEqual(FORMS.map(() => "ok"));
    const files = filesUnder(dir).filter((f) => path.basename(f) !== 'secrets.json');
    expect(files.map((f) => path.basename(f))).toContain('clusters.json');
    const secrets = [...FORMS.flatMap((f) => f.secrets), 'Sx-etcdurl-11'];
    const leaks: string[] = [];
    for (const s of secrets) {
      for (const f of files) if (readFileSync(f, 'utf8').includes(s)) leaks.push(`${s} in ${path.basename(f)}`);
      if (logged.some((l) => l.includes(s))) leaks.push(`${s} in the log`);
      if (JSON.stringify(added).includes(s)) leaks.push(`${s} in a reply`);
    }
    expect(leaks).toEqual([]);
    expect(readFileSync(path.join(dir, 'secrets.json'), 'utf8')).toContain('Sx-userinfo-1');

    // And every secret comes back, in a form that connects the same way.
    const loaded = await new SettingsStore(dir, ownerOnlyFileCodec).load();
    const byName = new Map(loaded.clusters.map((c) => [c.spec.name, c.spec]));
    for (const f of FORMS) expect(JSON.stringify(byName.get(f.spec.name)), f.name).toSatisfy((s: string) => f.secrets.every((x) => s.includes(x) || s.includes(encodeURIComponent(x))));
  });

  it('round-trips each connection-string form through the settings store', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rd-secrets-'));
    dirs.push(dir);
    const store = new SettingsStore(dir, ownerOnlyFileCodec);
    const specs = FORMS.map((f, i) => ({ id: `c${i}`, spec: ClusterSpecSchema.parse(f.spec) }));
    await store.save(specs);
    const loaded = await store.load();
    const { parseConnectionString } = await import('../../../electron/drivers/postgres/conn-string');
    for (const [i, c] of loaded.clusters.entries()) {
      const before = specs[i]!.spec;
      if (before.engine !== 'postgres' || c.spec.engine !== 'postgres') {
        expect(c.spec).toEqual(before);
        continue;
      }
      // The seed text may be re-encoded; what libpq would be given is the same.
      expect(c.spec.seeds.map((s) => parseConnectionString(s))).toEqual(before.seeds.map((s) => parseConnectionString(s)));
      expect(c.spec.patroniUrls).toEqual(before.patroniUrls);
      expect(c.spec.patroniDcs).toEqual(before.patroniDcs);
    }
  });

  it('creates the data directory 0700 and tightens an existing one', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'rd-datadir-'));
    dirs.push(parent);
    const fresh = path.join(parent, 'new');
    const loose = path.join(parent, 'loose');
    mkdirSync(loose, { mode: 0o755 });
    chmodSync(loose, 0o755);
    for (const dir of [fresh, loose]) {
      const core = await AppCore.create({ dataDir: dir, secretCodec: ownerOnlyFileCodec, resolveDriver, log: createLogger('test') });
      await core.dispose();
      expect(statSync(dir).mode & 0o777, dir).toBe(0o700);
    }
  });
});

describe('splitSeed', () => {
  it.each([
    ['postgres://u:p?ss@h/db', 'p?ss'],
    ['postgres://u:p/ss@h/db', 'p/ss'],
    ["host=h password='unclosed", 'unclosed'],
  ])('keeps %s whole in the secret store when it cannot be split safely', async (seed, secret) => {
    const { splitSeed, joinSeed } = await import('../../../electron/core/settings/seed-secrets');
    const { stripped, secrets } = splitSeed(seed);
    expect(stripped).not.toContain(secret);
    expect(joinSeed(stripped, secrets)).toBe(seed);
  });
  it('reads postgres://u:p@ss@h/db as user u, password p@ss, host h (the last @ ends the userinfo)', async () => {
    const { splitSeed, joinSeed } = await import('../../../electron/core/settings/seed-secrets');
    const { stripped, secrets } = splitSeed('postgres://u:p@ss@h/db');
    expect(stripped).toBe('postgres://u@h/db');
    expect(secrets).toEqual({ password: 'p@ss' });
    expect(joinSeed(stripped, secrets)).toBe('postgres://u:p%40ss@h/db');
  });
});
