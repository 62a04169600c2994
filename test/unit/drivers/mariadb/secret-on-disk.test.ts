import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppCore } from '../../../../electron/core/app-core';
import { ownerOnlyFileCodec } from '../../../../electron/core/settings/secret-store';
import { SettingsStore } from '../../../../electron/core/settings/settings-store';
import { createLogger } from '../../../../electron/core/logger';
import { resolveDriver as realResolveDriver } from '../../../../electron/drivers';
import type { DriverResolver } from '../../../../electron/core/monitor/cluster-registry';
import { ok } from '../../../../shared/result';
import { FakeDriver } from '../../../support/fake-driver';

/** The real registration checks the MariaDB spec; a fake then answers, so the add succeeds without a server. */
const resolveDriver: DriverResolver = (spec, ctx) => {
  const real = realResolveDriver(spec, ctx);
  if (!real.ok) return real;
  void real.value.sampler.dispose();
  return ok(new FakeDriver([`fake:${spec.name}`], ctx.clusterId).capabilities());
};

const SECRET = 'Sx-mariadb-pw-1';
let dir = '';
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('a MariaDB cluster through the app core', () => {
  it('is registered, keeps its password only in the secret store, and gets it back on load', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rd-mdb-secrets-'));
    const logged: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      logged.push(String(chunk));
      return true;
    });
    const core = await AppCore.create({ dataDir: dir, secretCodec: ownerOnlyFileCodec, resolveDriver, log: createLogger('test'), deltaFlushMs: 50 });
    const added = await core.handle('clusters:add', { engine: 'mariadb', name: 'mdb', seeds: ['127.0.0.1:1'], auth: { user: 'rd', password: SECRET } });
    const refused = await core.handle('clusters:add', { engine: 'mariadb', name: 'bad', seeds: ['127.0.0.1'], auth: { user: 'rd', password: SECRET } });
    await core.dispose();
    vi.restoreAllMocks();

    expect(added).toMatchObject({ ok: true });
    expect(refused).toMatchObject({ ok: false });
    expect(JSON.stringify(refused)).not.toContain(SECRET);
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name !== 'secrets.json');
    expect(files.map((f) => f.name)).toContain('clusters.json');
    for (const f of files) expect(readFileSync(path.join(f.parentPath, f.name), 'utf8')).not.toContain(SECRET);
    expect(logged.filter((l) => l.includes(SECRET))).toEqual([]);
    const loaded = await new SettingsStore(dir, ownerOnlyFileCodec).load();
    const spec = loaded.clusters.find((c) => c.spec.name === 'mdb')?.spec;
    expect(spec?.engine === 'mariadb' && spec.auth).toEqual({ user: 'rd', password: SECRET });
  });
});
