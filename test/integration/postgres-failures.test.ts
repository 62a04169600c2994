import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterSample } from '../../shared/model/sample';
import { createPgCluster, type PgCluster } from '../harness/pg-cluster';
import { nodeByName, postgresDriver, sampleUntil, type TestDriver } from '../harness/pg-driver';

/** One cluster for the file; the tests run in order and each leaves it more broken. */
let cluster: PgCluster;
let d: TestDriver;
const TIMEOUT_MS = 1_000;

beforeAll(async () => {
  cluster = await createPgCluster({ standbys: 2 });
  d = postgresDriver([cluster.node('primary').connectionString], {
    discoveryPorts: cluster.nodes.map((n) => n.port),
    connectTimeoutMs: TIMEOUT_MS,
    queryTimeoutMs: TIMEOUT_MS,
  });
  expect((await d.driver.connect(new AbortController().signal)).ok).toBe(true);
});

afterAll(async () => {
  await d?.dispose();
  await cluster?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const status = (s: ClusterSample, name: string) => nodeByName(s, name).status;
const linkState = (s: ClusterSample, name: string) => s.links.find((l) => l.to === nodeByName(s, name).id)?.state;

describe('postgres node failures', () => {
  it('a stopped standby shows as down within 2 samples while the others keep updating', async () => {
    const before = await d.sample();
    expect(before.nodes.map((n) => n.status.kind)).toEqual(['up', 'up', 'up']);
    await cluster.stopNode('standby2');
    const samples: ClusterSample[] = [];
    for (let i = 0; i < 2; i += 1) {
      await sleep(1_000);
      samples.push(await d.sample());
    }
    const last = samples[1];
    if (!last) throw new Error('no sample');
    const down = status(last, 'standby2');
    expect(down.kind).toBe('down');
    expect(down.kind === 'down' && down.reason).toMatch(/no longer streams WAL to it/);
    expect(down.kind === 'down' && down.since).toBeGreaterThan(before.takenAt);
    expect(nodeByName(last, 'standby2').lastSeenAt).toBe(nodeByName(before, 'standby2').lastSeenAt);
    // Neither side reports the link any more: the driver drops it (the monitor shows it as ended for a while).
    expect(linkState(last, 'standby2')).toBeUndefined();
    let seen = { primary: nodeByName(before, 'primary').lastSeenAt ?? 0, standby1: nodeByName(before, 'standby1').lastSeenAt ?? 0 };
    for (const s of samples) {
      for (const name of ['primary', 'standby1'] as const) {
        expect(status(s, name).kind).toBe('up');
        const at = nodeByName(s, name).lastSeenAt ?? 0;
        expect(at).toBeGreaterThan(seen[name]);
        seen = { ...seen, [name]: at };
      }
      expect(linkState(s, 'standby1')).toBe('streaming');
    }
  });

  it('a hung standby costs one query timeout; the rest of the sample is unaffected', async () => {
    cluster.freeze('standby1');
    try {
      const started = performance.now();
      const s = await d.sample();
      const elapsed = performance.now() - started;
      expect(elapsed).toBeLessThan(TIMEOUT_MS + 700);
      const hung = status(s, 'standby1');
      expect(hung.kind).toBe('unreachable');
      expect(hung.kind === 'unreachable' && hung.reason).toMatch(/no answer within 1000 ms/);
      expect(hung.kind === 'unreachable' && hung.reason).toMatch(/still streams WAL to it/);
      expect(status(s, 'primary').kind).toBe('up');
      // Later samples are bounded the same way (usually instant: the connection backs off).
      const t2 = performance.now();
      expect(status(await d.sample(), 'standby1').kind).toBe('unreachable');
      expect(performance.now() - t2).toBeLessThan(TIMEOUT_MS + 700);
    } finally {
      cluster.thaw('standby1');
    }
    const { samples } = await sampleUntil(d, (s) => status(s, 'standby1').kind === 'up', { maxSamples: 20, intervalMs: 500 });
    console.log(`thawed standby up again after ${samples} samples`);
  });

  it('a primary killed with kill -9 shows as down', async () => {
    await cluster.kill9('primary');
    const { sample, samples } = await sampleUntil(d, (s) => status(s, 'primary').kind === 'down', { maxSamples: 10, intervalMs: 1_000 });
    console.log(`killed primary down after ${samples} samples`);
    const down = status(sample, 'primary');
    expect(down.kind === 'down' && down.reason).toMatch(/lost their connection to it/);
    expect(nodeByName(sample, 'primary').role).toBe('primary');
    expect(status(sample, 'standby1').kind).toBe('degraded');
    expect(linkState(sample, 'standby1')).toBe('broken');
  });
});
