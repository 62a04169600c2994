import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppCore } from '../../electron/core/app-core';
import { ownerOnlyFileCodec } from '../../electron/core/settings/secret-store';
import { createLogger } from '../../electron/core/logger';
import { ok } from '../../shared/result';
import { FakeDriver } from './fake-driver';

/** An AppCore over fake drivers, in a temp data dir. */
export async function createTestCore(): Promise<{ core: AppCore; drivers: FakeDriver[]; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rd-core-'));
  const drivers: FakeDriver[] = [];
  const core = await AppCore.create({
    dataDir: dir,
    secretCodec: ownerOnlyFileCodec,
    resolveDriver: (spec, ctx) => {
      const d = new FakeDriver([`fake:${spec.name}`], ctx.clusterId);
      drivers.push(d);
      return ok(d.capabilities());
    },
    log: createLogger('test'),
    deltaFlushMs: 50,
  });
  return {
    core,
    drivers,
    cleanup: async () => {
      await core.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
