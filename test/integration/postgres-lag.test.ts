import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplicationLink } from '../../shared/model/link';
import type { ClusterSample } from '../../shared/model/sample';
import { createPgCluster, type PgCluster } from '../harness/pg-cluster';
import { nodeByName, postgresDriver, sampleUntil, type TestDriver } from '../harness/pg-driver';
import { startWriteLoad } from '../harness/write-load';

let cluster: PgCluster;
let d: TestDriver;

beforeAll(async () => {
  cluster = await createPgCluster({ standbys: 2 });
  d = postgresDriver([cluster.node('primary').connectionString], { discoveryPorts: cluster.nodes.map((n) => n.port) });
  expect((await d.driver.connect(new AbortController().signal)).ok).toBe(true);
});

afterAll(async () => {
  await d?.dispose();
  await cluster?.stop();
});

function linkTo(s: ClusterSample, name: string): ReplicationLink {
  const to = nodeByName(s, name).id;
  const link = s.links.find((l) => l.to === to);
  if (!link) throw new Error(`no link to ${name}`);
  return link;
}

const caughtUp = (l: ReplicationLink) => l.lag.bytes.replay === 0 && l.lag.ms.replay === 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('postgres lag', () => {
  it('is 0 bytes and 0 s on an idle, caught-up cluster, and stays 0 while the last commit ages', async () => {
    await sampleUntil(d, (s) => caughtUp(linkTo(s, 'standby1')) && caughtUp(linkTo(s, 'standby2')));
    await sleep(1_500);
    const s = await d.sample();
    expect(linkTo(s, 'standby1').lag.ms.replay).toBe(0);
    expect(linkTo(s, 'standby1').lag.bytes.replay).toBe(0);
  });

  it('grows in bytes and seconds while replay is paused under writes, and returns to 0 after resume', async () => {
    await cluster.query('standby1', 'SELECT pg_wal_replay_pause()');
    const load = await startWriteLoad(cluster.node('primary').connectionString);
    const readings: { bytes: number; ms: number; paused: boolean | undefined; other: ReplicationLink }[] = [];
    try {
      for (let i = 0; i < 6; i += 1) {
        await sleep(500);
        const s = await d.sample();
        const l = linkTo(s, 'standby1');
        readings.push({ bytes: l.lag.bytes.replay ?? -1, ms: l.lag.ms.replay ?? -1, paused: nodeByName(s, 'standby1').replayPaused, other: linkTo(s, 'standby2') });
        expect(Date.now() - l.lag.measuredAt).toBeLessThan(2_000);
        expect(l.lag.source).toBeTruthy();
      }
    } finally {
      await load.stop();
    }
    const first = readings[0];
    const last = readings.at(-1);
    if (!first || !last) throw new Error('no readings');
    console.log('paused replay lag (bytes, ms):', readings.map((r) => `${r.bytes}/${Math.round(r.ms)}`).join(' '));
    expect(load.rows).toBeGreaterThan(0);
    expect(readings.every((r) => r.paused === true)).toBe(true);
    expect(first.bytes).toBeGreaterThan(0);
    expect(last.bytes).toBeGreaterThan(first.bytes);
    expect(last.ms).toBeGreaterThan(first.ms);
    expect(last.ms).toBeGreaterThan(1_500);
    // The other standby kept up: its lag stays well below the paused one.
    expect(last.other.lag.bytes.replay ?? Infinity).toBeLessThan(last.bytes / 2);

    await cluster.query('standby1', 'SELECT pg_wal_replay_resume()');
    const { sample, samples } = await sampleUntil(d, (s) => caughtUp(linkTo(s, 'standby1')), { maxSamples: 30, intervalMs: 250 });
    console.log(`caught up again after ${samples} samples`);
    expect(nodeByName(sample, 'standby1').replayPaused).toBe(false);
    expect(linkTo(sample, 'standby1').lag.ms).toMatchObject({ replay: 0 });
  });
});
