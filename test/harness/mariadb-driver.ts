import { MariadbSpecSchema, type MariadbSpec } from '../../shared/model/cluster';
import type { ClusterSample } from '../../shared/model/sample';
import { createLogger } from '../../electron/core/logger';
import { MariadbDriver } from '../../electron/drivers/mariadb';
import { MDB_ADMIN } from './mariadb-server';

/** A MariadbDriver on `seeds` (host:port) as the admin user, with short timeouts, as the app would build it. */
export function mariadbDriver(seeds: string[], extra: Partial<MariadbSpec> = {}): MariadbDriver {
  const spec = MariadbSpecSchema.parse({
    engine: 'mariadb',
    name: 'test-mariadb',
    seeds,
    auth: { user: MDB_ADMIN.user, password: MDB_ADMIN.password },
    sampleIntervalMs: 250,
    timeouts: { connectTimeoutMs: 1_000, queryTimeoutMs: 2_000 },
    ...extra,
  });
  return new MariadbDriver(spec, { clusterId: 'mariadb-test', log: createLogger('test/mariadb'), now: () => Date.now() });
}

/** Samples every `everyMs` until `pred` holds; throws with the last sample's links and warnings. */
export async function sampleUntil(driver: MariadbDriver, pred: (s: ClusterSample) => boolean, opts = { everyMs: 100, timeoutMs: 20_000 }): Promise<ClusterSample> {
  const started = Date.now();
  let last: ClusterSample | null = null;
  while (Date.now() - started < opts.timeoutMs) {
    last = await driver.sample(AbortSignal.timeout(5_000));
    if (pred(last)) return last;
    await new Promise((r) => setTimeout(r, opts.everyMs));
  }
  throw new Error(`condition not met within ${opts.timeoutMs} ms; last sample: ${JSON.stringify({ nodes: last?.nodes, links: last?.links, warnings: last?.warnings })}`);
}
