import { createLogger } from '../../electron/core/logger';
import { createPostgresDriver, type PostgresDriver } from '../../electron/drivers/postgres';
import { PostgresSpecSchema, type PostgresSpec } from '../../shared/model/cluster';
import type { ClusterNode } from '../../shared/model/node';
import type { ClusterSample } from '../../shared/model/sample';

export interface TestDriver {
  driver: PostgresDriver;
  spec: PostgresSpec;
  sample(): Promise<ClusterSample>;
  dispose(): Promise<void>;
}

/** A postgres driver as the monitor would create it (spec parsed with its defaults). */
export function postgresDriver(
  seeds: string[],
  opts: { discoveryPorts?: number[]; connectTimeoutMs?: number; queryTimeoutMs?: number } = {},
): TestDriver {
  const spec = PostgresSpecSchema.parse({
    engine: 'postgres',
    name: 'test',
    seeds,
    discoveryPorts: opts.discoveryPorts ?? [],
    timeouts: { connectTimeoutMs: opts.connectTimeoutMs ?? 2_000, queryTimeoutMs: opts.queryTimeoutMs ?? 2_000 },
  });
  const driver = createPostgresDriver(spec, {
    clusterId: 'test-cluster',
    log: createLogger('test/postgres'),
    now: () => Date.now(),
  });
  return {
    driver,
    spec,
    sample: () => driver.sample(new AbortController().signal),
    dispose: async () => driver.dispose(),
  };
}

/** Samples until `check` passes (at `intervalMs`) and returns that sample with how many it took. */
export async function sampleUntil(
  d: TestDriver,
  check: (s: ClusterSample) => boolean,
  opts: { maxSamples?: number; intervalMs?: number } = {},
): Promise<{ sample: ClusterSample; samples: number }> {
  const max = opts.maxSamples ?? 20;
  let last: ClusterSample | null = null;
  for (let i = 1; i <= max; i += 1) {
    last = await d.sample();
    if (check(last)) return { sample: last, samples: i };
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 500));
  }
  throw new Error(`condition not met after ${max} samples; last: ${JSON.stringify(last?.nodes.map((n) => [n.id, n.role, n.status]))}`);
}

export function nodeByName(s: ClusterSample, name: string): ClusterNode {
  const n = s.nodes.find((x) => x.name === name);
  if (!n) throw new Error(`no node named ${name} in ${s.nodes.map((x) => x.name).join(', ')}`);
  return n;
}
