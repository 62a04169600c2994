import { SimScheduler } from './scheduler';

/**
 * Drives a sandbox core. In real-time mode the simulated clock follows
 * Date.now(): an unref'd interval runs every due event, in time order, so a
 * stalled event loop delays events but never reorders them (no spurious
 * elections when the machine is busy). Each catch-up runs a bounded number
 * of events: a workload heavier than the machine makes the simulation fall
 * behind the wall clock (reported once) instead of blocking the event loop.
 * In manual mode a test owns the clock.
 */
export interface SandboxRuntime {
  readonly sched: SimScheduler;
  /** Brings the simulation up to now before a report or command. */
  sync(): void;
  start(): void;
  dispose(): void;
}

export interface RealtimeOptions {
  tickMs?: number;
  now?: () => number;
  onError?: (error: unknown) => void;
  /** Told once each time the simulation falls more than a second behind the wall clock. */
  onBehind?: (behindMs: number) => void;
  /** Events run per catch-up at most, so a heavy workload cannot starve the event loop. */
  maxEventsPerTick?: number;
}

export function createRealtimeRuntime(opts: RealtimeOptions = {}): SandboxRuntime {
  const now = opts.now ?? Date.now;
  const sched = new SimScheduler(now());
  let timer: ReturnType<typeof setInterval> | null = null;
  let disposed = false;
  let behind = false;
  const sync = () => {
    if (disposed) return;
    const target = now();
    try {
      sched.advanceTo(target, opts.maxEventsPerTick ?? 20_000);
    } catch (error) {
      opts.onError?.(error);
    }
    const lagMs = target - sched.now();
    if (lagMs > 1_000 && !behind) opts.onBehind?.(lagMs);
    behind = lagMs > 1_000;
  };
  return {
    sched,
    sync,
    start: () => {
      if (timer || disposed) return;
      timer = setInterval(sync, opts.tickMs ?? 20);
      timer.unref?.();
    },
    dispose: () => {
      disposed = true;
      if (timer) clearInterval(timer);
      timer = null;
      sched.stop();
    },
  };
}

/** Tests advance `sched` themselves (runFor / advanceTo). */
export function createManualRuntime(sched: SimScheduler): SandboxRuntime {
  return { sched, sync: () => {}, start: () => {}, dispose: () => sched.stop() };
}
