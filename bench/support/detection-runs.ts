import type { ClusterSample } from '../../shared/model/sample';
import { createPgCluster } from '../../test/harness/pg-cluster';
import { postgresDriver } from '../../test/harness/pg-driver';

export interface DetectionRun {
  /** kill -9 of the standby → the first sample completed after it that shows the node not up. */
  downMs: number;
  /** The restarted server accepts connections → the first sample completed after that showing it up. */
  returnMs: number;
  /** The restart command → the server accepts connections (PostgreSQL's own start time, not ours). */
  startMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Kills a standby with SIGKILL and restarts it, `runs` times, while a SQL-only
 * driver samples the cluster at `intervalMs` the way the monitor does (one
 * sample at a time, the next one `intervalMs` after the previous one started).
 * Each event happens at a random phase of the sample clock.
 */
export async function measureDetection(runs: number, intervalMs = 1_000): Promise<DetectionRun[]> {
  const cluster = await createPgCluster({ standbys: 1 });
  const d = postgresDriver([cluster.connectionString('primary')], { discoveryPorts: cluster.nodes.map((n) => n.port), connectTimeoutMs: 2_000 });
  const done: { at: number; sample: ClusterSample }[] = [];
  let sampling = true;
  const loop = (async () => {
    while (sampling) {
      const started = performance.now();
      const sample = await d.sample();
      done.push({ at: performance.now(), sample });
      await sleep(Math.max(0, intervalMs - (performance.now() - started)));
    }
  })();
  const standbyId = `127.0.0.1:${cluster.node('standby1').port}`;
  const statusOf = (s: ClusterSample) => s.nodes.find((n) => n.id === standbyId)?.status.kind ?? 'missing';
  const firstAfter = async (t: number, want: (status: string) => boolean) => {
    for (;;) {
      const hit = done.find((x) => x.at > t && want(statusOf(x.sample)));
      if (hit) return hit.at - t;
      if (performance.now() - t > 30_000) throw new Error(`no sample within 30 s; last status ${statusOf(done.at(-1)!.sample)}`);
      await sleep(20);
    }
  };
  const out: DetectionRun[] = [];
  try {
    if (!(await d.driver.connect(new AbortController().signal)).ok) throw new Error('the detection driver could not connect');
    await cluster.waitForStreaming();
    for (let i = 0; i < runs; i += 1) {
      await sleep(1_500 + Math.random() * intervalMs);
      const killAt = performance.now();
      await cluster.kill9('standby1');
      const downMs = await firstAfter(killAt, (s) => s !== 'up');
      // Down for several samples, as a crashed node would be (long enough for a reconnect backoff to grow).
      await sleep(8 * intervalMs + Math.random() * intervalMs);
      const restartAt = performance.now();
      await cluster.startNode('standby1');
      const acceptingAt = performance.now();
      const returnMs = await firstAfter(acceptingAt, (s) => s === 'up');
      out.push({ downMs: Math.round(downMs), returnMs: Math.round(returnMs), startMs: Math.round(acceptingAt - restartAt) });
      await cluster.waitForStreaming();
    }
  } finally {
    sampling = false;
    await loop.catch(() => undefined);
    await d.dispose();
    await cluster.stop();
  }
  return out;
}
