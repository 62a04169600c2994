import { wrapCore, type SandboxHandle } from '../common/backend';
import { runtimeFor, seedOf, type SandboxOptions } from '../common/options';
import { createRng } from '../sim/rng';
import { RaftCore, type RaftConfig, type RaftProbe } from './cluster';
import type { RaftTimings } from './node';

export interface RaftOptions extends SandboxOptions {
  timings?: Partial<RaftTimings>;
  linkDelayMs?: number;
  jitterMs?: number;
  keyCount?: number;
  probe?: RaftProbe;
}

export function raftConfig(opts: RaftOptions = {}): RaftConfig {
  return {
    timings: { electionMinMs: 300, electionMaxMs: 600, heartbeatMs: 100, maxBatch: 256, snapshotAfter: 10_000, ...opts.timings },
    link: { delayMs: opts.linkDelayMs ?? 2, bandwidthBytesPerSec: null },
    jitterMs: opts.jitterMs ?? 0,
    writesPerSecond: opts.writesPerSecond ?? 5,
    keyCount: opts.keyCount ?? 100,
    tickMs: 100,
  };
}

/** A 5-member Raft group: elections, terms, commit and applied index, leadership transfer. */
export function createRaftSandbox(opts: RaftOptions = {}): SandboxHandle {
  const runtime = runtimeFor(opts);
  const core = new RaftCore(opts.name ?? 'sandbox-raft', runtime.sched, createRng(seedOf(opts)), raftConfig(opts), opts.probe);
  return wrapCore(core, runtime);
}
