import { wrapCore, type SandboxHandle } from '../common/backend';
import { runtimeFor, seedOf, type SandboxOptions } from '../common/options';
import { createRng } from '../sim/rng';
import { MultiPrimaryCore, type MultiPrimaryConfig } from './cluster';

export interface MultiPrimaryOptions extends SandboxOptions {
  /** Default delay (ms) between peers. Default 40 (peers in different places). */
  linkDelayMs?: number;
  bandwidthBytesPerSec?: number | null;
  keyCount?: number;
  /** A deliberate concurrent pair every [min, max] ms; null disables. Default [30 s, 60 s]. */
  conflictEveryMs?: [number, number] | null;
}

export function multiPrimaryConfig(opts: MultiPrimaryOptions = {}): MultiPrimaryConfig {
  return {
    link: { delayMs: opts.linkDelayMs ?? 40, bandwidthBytesPerSec: opts.bandwidthBytesPerSec ?? null },
    delays: { flushDelayMs: 1, applyDelayMs: 0.2 },
    writesPerSecond: opts.writesPerSecond ?? 3,
    keyCount: opts.keyCount ?? 50,
    conflictEveryMs: opts.conflictEveryMs === undefined ? [30_000, 60_000] : opts.conflictEveryMs,
    logKeepEntries: 20_000,
    tickMs: 25,
  };
}

/** 3 peers that all accept writes, with per-key version vectors and conflict policies. */
export function createMultiPrimarySandbox(opts: MultiPrimaryOptions = {}): SandboxHandle {
  const runtime = runtimeFor(opts);
  const core = new MultiPrimaryCore(opts.name ?? 'sandbox-multi-primary', runtime.sched, createRng(seedOf(opts)), multiPrimaryConfig(opts));
  return wrapCore(core, runtime);
}
