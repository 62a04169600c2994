import { createLogger } from '../../log';
import { createManualRuntime, createRealtimeRuntime, type SandboxRuntime } from '../sim/runtime';
import type { SimScheduler } from '../sim/scheduler';

/** Options every sandbox factory takes. */
export interface SandboxOptions {
  /** Cluster name, used in node addresses. */
  name?: string;
  /** Seed for every random choice (workload, election timeouts). */
  seed?: number;
  /** Tests: a scheduler the caller drives (runFor/advanceTo); no real timers are started. */
  scheduler?: SimScheduler;
  /** Real-time mode: how often the simulation catches up with the wall clock. */
  tickMs?: number;
  /** Background workload rate; the `write-rate` fault changes it. */
  writesPerSecond?: number;
  /** Errors thrown inside the simulation (real-time mode). Default: logged to stderr. */
  onError?: (error: unknown) => void;
}

export function seedOf(opts: SandboxOptions): number {
  return opts.seed ?? Math.floor(Math.random() * 2 ** 31);
}

/** The runtime a factory uses: manual when the caller passes a scheduler, real time otherwise. */
export function runtimeFor(opts: SandboxOptions): SandboxRuntime {
  if (opts.scheduler) return createManualRuntime(opts.scheduler);
  const log = createLogger('agent/sandbox');
  const onError = opts.onError ?? ((error: unknown) => log.error('simulation error', { error }));
  const onBehind = (ms: number) => log.warn('simulation is behind the wall clock; lower the write rate', { behindMs: Math.round(ms) });
  return createRealtimeRuntime({ onError, onBehind, ...(opts.tickMs !== undefined ? { tickMs: opts.tickMs } : {}) });
}
