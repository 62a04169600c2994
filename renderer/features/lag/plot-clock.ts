import { useState, useSyncExternalStore } from 'react';

/**
 * One clock for every lag plot: it ticks every `PLOT_EVERY_MS` while a chart
 * is on screen, and every chart takes its newest points on the same tick, so
 * the (costly) recharts redraws land in one frame every few seconds instead
 * of one frame per chart per delta. The headline figures do not wait for it.
 */
export const PLOT_EVERY_MS = 2_000;

type Listener = () => void;

export interface PlotClock {
  subscribe(listener: Listener): () => void;
  now(): number;
}

/** A clock that runs only while someone listens (exported for tests with fake timers). */
export function createPlotClock(everyMs: number): PlotClock {
  const listeners = new Set<Listener>();
  let tick = 0;
  let timer: ReturnType<typeof setInterval> | null = null;
  return {
    subscribe(listener) {
      listeners.add(listener);
      timer ??= setInterval(() => {
        tick += 1;
        for (const l of [...listeners]) l();
      }, everyMs);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer !== null) {
          clearInterval(timer);
          timer = null;
        }
      };
    },
    now: () => tick,
  };
}

const sharedClock = createPlotClock(PLOT_EVERY_MS);

export function usePlotTick(clock: PlotClock = sharedClock): number {
  return useSyncExternalStore(clock.subscribe, clock.now);
}

export interface TickSnapshot<T> {
  tick: number;
  value: T;
}

/**
 * What a chart draws: `value` as it was at the last tick it saw, or the first
 * non-empty value at once (so a new chart does not sit empty until the next
 * tick). Returns `snap` itself when nothing changes.
 */
export function nextSnapshot<T extends readonly unknown[]>(snap: TickSnapshot<T>, value: T, tick: number): TickSnapshot<T> {
  if (snap.tick !== tick || (snap.value.length === 0 && value.length > 0)) {
    return snap.tick === tick && snap.value === value ? snap : { tick, value };
  }
  return snap;
}

/** `nextSnapshot` as a hook: the value a chart should draw now. */
export function useSnapshotOnTick<T extends readonly unknown[]>(value: T, tick: number): T {
  const [snap, setSnap] = useState<TickSnapshot<T>>({ tick, value });
  const next = nextSnapshot(snap, value, tick);
  if (next !== snap) setSnap(next);
  return next.value;
}
