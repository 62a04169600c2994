import { useSyncExternalStore } from 'react';

interface Ticker {
  now: number;
  listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval> | null;
}

/** One shared timer per period, so 200 "measured … ago" cells tick in one render pass, not 200. */
const tickers = new Map<number, Ticker>();

function tickerFor(everyMs: number): Ticker {
  let t = tickers.get(everyMs);
  if (!t) {
    t = { now: Date.now(), listeners: new Set(), timer: null };
    tickers.set(everyMs, t);
  }
  return t;
}

function subscribe(everyMs: number, listener: () => void): () => void {
  const t = tickerFor(everyMs);
  t.listeners.add(listener);
  if (t.timer === null) {
    t.now = Date.now();
    t.timer = setInterval(() => {
      t.now = Date.now();
      for (const l of [...t.listeners]) l();
    }, everyMs);
  }
  return () => {
    t.listeners.delete(listener);
    if (t.listeners.size === 0 && t.timer !== null) {
      clearInterval(t.timer);
      t.timer = null;
    }
  };
}

/**
 * The current time, refreshed every `everyMs`. Only components that show an
 * age re-render on the tick; the rest of the tree does not.
 */
export function useNow(everyMs = 500): number {
  return useSyncExternalStore(
    (listener) => subscribe(everyMs, listener),
    () => tickerFor(everyMs).now,
  );
}
