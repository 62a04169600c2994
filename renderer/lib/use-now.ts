import { useSyncExternalStore } from 'react';

interface Ticker {
  now: number;
  listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval> | null;
  /** Stable per period: a new function each render would make React re-subscribe every render. */
  subscribe: (listener: () => void) => () => void;
  snapshot: () => number;
}

/** One shared timer per period, so 200 "measured … ago" cells tick in one render pass, not 200. */
const tickers = new Map<number, Ticker>();

function tickerFor(everyMs: number): Ticker {
  let t = tickers.get(everyMs);
  if (!t) {
    const ticker: Ticker = { now: Date.now(), listeners: new Set(), timer: null, subscribe: (l) => subscribe(ticker, everyMs, l), snapshot: () => ticker.now };
    tickers.set(everyMs, ticker);
    t = ticker;
  }
  return t;
}

function tick(t: Ticker): void {
  t.now = Date.now();
  for (const l of [...t.listeners]) l();
}

function subscribe(t: Ticker, everyMs: number, listener: () => void): () => void {
  t.listeners.add(listener);
  if (t.timer === null) {
    // Never change the snapshot inside subscribe (React would re-render and re-subscribe);
    // refresh a stale clock on the next turn instead.
    setTimeout(() => tick(t), 0);
    t.timer = setInterval(() => tick(t), everyMs);
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
  const t = tickerFor(everyMs);
  return useSyncExternalStore(t.subscribe, t.snapshot);
}
