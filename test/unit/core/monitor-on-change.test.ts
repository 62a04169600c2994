import { afterEach, describe, expect, it } from 'vitest';
import { ClusterMonitor } from '../../../electron/core/monitor/cluster-monitor';
import { MetricsStore } from '../../../electron/core/metrics/metrics-store';
import { EventLog } from '../../../electron/core/events/event-log';
import { createLogger } from '../../../electron/core/logger';
import { ClusterSpecSchema } from '../../../shared/model/cluster';
import type { ClusterSample } from '../../../shared/model/sample';
import { FakeDriver } from '../../support/fake-driver';

/** A FakeDriver whose samples can be held open, recording when each started and how many ran at once. */
class GatedDriver extends FakeDriver {
  starts: number[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private gate: Promise<void> | null = null;
  private open: (() => void) | null = null;

  hold(): void {
    this.gate = new Promise((r) => (this.open = r));
  }
  release(): void {
    this.open?.();
    this.gate = null;
  }
  override async sample(): Promise<ClusterSample> {
    this.starts.push(Date.now());
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.gate) await this.gate;
      return await super.sample();
    } finally {
      this.inFlight--;
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

// A minute between samples: any sample after the first is one that news asked for.
const spec = ClusterSpecSchema.parse({ engine: 'postgres', name: 'a', seeds: ['postgres://x@h/db'], sampleIntervalMs: 60_000 });
let monitor: ClusterMonitor | null = null;
afterEach(async () => {
  await monitor?.dispose();
  monitor = null;
});

function watch(d: GatedDriver, minGapMs: number): ClusterMonitor {
  const m = new ClusterMonitor('c1', spec, d.capabilities(), {
    metrics: new MetricsStore(),
    events: new EventLog(),
    log: createLogger('test'),
    now: Date.now,
    onSample: () => {},
    onStatus: () => {},
    minGapMs,
  });
  m.start('primary-replica');
  return m;
}

describe('a driver that is pushed news (onChange) is sampled at once, coalesced', () => {
  it('samples at once on news instead of waiting out the interval', async () => {
    const d = new GatedDriver();
    monitor = watch(d, 100);
    await waitFor(() => d.starts.length === 1, 2_000, 'the first sample');
    await sleep(150);
    expect(d.starts).toHaveLength(1);
    const newsAt = Date.now();
    d.changed();
    await waitFor(() => d.starts.length === 2, 2_000, 'a sample after the news');
    expect(d.starts[1]! - newsAt).toBeLessThan(1_000);
  });

  it('news during a sample: never two at once, and one more right after it (not one per news)', async () => {
    const d = new GatedDriver();
    monitor = watch(d, 100);
    await waitFor(() => d.starts.length === 1, 2_000, 'the first sample');
    await sleep(150);
    d.hold();
    d.changed();
    await waitFor(() => d.starts.length === 2 && d.inFlight === 1, 2_000, 'a held sample');
    for (let i = 0; i < 10; i++) d.changed();
    await sleep(250);
    expect(d.starts).toHaveLength(2); // still held: no second sample in flight
    d.release();
    await waitFor(() => d.starts.length === 3, 2_000, 'the sample owed to the news that came during the held one');
    await sleep(400);
    expect(d.starts).toHaveLength(3); // ten pieces of news, one sample
    expect(d.maxInFlight).toBe(1);
  });

  it('a burst of news never samples faster than the floor', async () => {
    const d = new GatedDriver();
    const floor = 150;
    monitor = watch(d, floor);
    await waitFor(() => d.starts.length === 1, 2_000, 'the first sample');
    const until = Date.now() + 700;
    while (Date.now() < until) {
      d.changed();
      await sleep(3);
    }
    await sleep(floor + 50);
    const gaps = d.starts.slice(1).map((t, i) => t - d.starts[i]!);
    expect(d.starts.length).toBeGreaterThanOrEqual(3);
    expect(d.starts.length).toBeLessThanOrEqual(1 + Math.ceil(900 / floor));
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(floor - 5);
  });

  it('stops listening when disposed', async () => {
    const d = new GatedDriver();
    monitor = watch(d, 100);
    await waitFor(() => d.starts.length === 1, 2_000, 'the first sample');
    await monitor.dispose();
    d.changed();
    await sleep(200);
    expect(d.starts).toHaveLength(1);
  });
});
