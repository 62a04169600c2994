import { EtcdSpecSchema, type EtcdSpec } from '../../shared/model/cluster';
import type { ClusterSample } from '../../shared/model/sample';
import { createLogger } from '../../electron/core/logger';
import { EtcdDriver } from '../../electron/drivers/etcd';
import http from 'node:http';

/** An EtcdDriver on the given endpoints with short timeouts, as the app would build it. */
export function etcdDriver(endpoints: string[], extra: Partial<EtcdSpec> = {}): EtcdDriver {
  const spec = EtcdSpecSchema.parse({
    engine: 'etcd',
    name: 'test-etcd',
    endpoints,
    sampleIntervalMs: 250,
    timeouts: { connectTimeoutMs: 1_000, queryTimeoutMs: 1_000 },
    ...extra,
  });
  return new EtcdDriver(spec, { clusterId: 'etcd-test', log: createLogger('test/etcd'), now: () => Date.now() });
}

export function leaderOf(s: ClusterSample): string | null {
  return s.consensus?.leaderId ?? null;
}

/** Samples every `everyMs` until `pred` holds; returns the sample and the time it took. */
export async function sampleUntil(
  driver: EtcdDriver,
  pred: (s: ClusterSample) => boolean,
  opts: { everyMs: number; timeoutMs: number },
): Promise<{ sample: ClusterSample; elapsedMs: number }> {
  const started = Date.now();
  let last: ClusterSample | null = null;
  while (Date.now() - started < opts.timeoutMs) {
    last = await driver.sample(AbortSignal.timeout(opts.everyMs * 4));
    if (pred(last)) return { sample: last, elapsedMs: Date.now() - started };
    await new Promise((r) => setTimeout(r, opts.everyMs));
  }
  throw new Error(`condition not met within ${opts.timeoutMs} ms; last sample: ${JSON.stringify(last?.consensus)}`);
}

/** A tiny HTTP server that is not etcd: `body` for every request with the given status and type. */
export async function startPlainHttpServer(status: number, type: string, body: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
