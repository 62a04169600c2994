import { wrapCore, type SandboxHandle } from '../common/backend';
import { runtimeFor, seedOf, type SandboxOptions } from '../common/options';
import { createRng } from '../sim/rng';
import { PrimaryReplicaCore, type PrimaryReplicaConfig } from './cluster';

export interface PrimaryReplicaOptions extends SandboxOptions {
  /** Default link delay (ms) for every replication link. Default 2. */
  linkDelayMs?: number;
  /** Default link bandwidth in bytes/s, null = unlimited (default). */
  bandwidthBytesPerSec?: number | null;
  flushDelayMs?: number;
  applyDelayMs?: number;
  /** WAL entries each node retains before recycling the oldest. */
  walKeepEntries?: number;
  keyCount?: number;
  /** Replicas behind the primary (default 3); every third cascades. */
  replicas?: number;
}

export function primaryReplicaConfig(opts: PrimaryReplicaOptions = {}): PrimaryReplicaConfig {
  return {
    link: { delayMs: opts.linkDelayMs ?? 2, bandwidthBytesPerSec: opts.bandwidthBytesPerSec ?? null },
    delays: { flushDelayMs: opts.flushDelayMs ?? 1, applyDelayMs: opts.applyDelayMs ?? 0.2 },
    writesPerSecond: opts.writesPerSecond ?? 5,
    walKeepEntries: opts.walKeepEntries ?? 20_000,
    keyCount: opts.keyCount ?? 100,
    tickMs: 25,
    replicas: opts.replicas ?? 3,
  };
}

/** 1 primary + 3 replicas (replica-3 cascades from replica-1), shipping a WAL over simulated links. */
export function createPrimaryReplicaSandbox(opts: PrimaryReplicaOptions = {}): SandboxHandle {
  const runtime = runtimeFor(opts);
  const core = new PrimaryReplicaCore(
    opts.name ?? 'sandbox-primary-replica',
    runtime.sched,
    createRng(seedOf(opts)),
    primaryReplicaConfig(opts),
  );
  return wrapCore(core, runtime);
}
