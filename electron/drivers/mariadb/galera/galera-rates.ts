import type { GaleraReading } from './galera-reading';

/** What changed on one node between two readings. */
export interface GaleraRates {
  certFailuresPerS: number | null;
  bfAbortsPerS: number | null;
  /** Counter increases since the previous reading (0 on the first reading or after a restart). */
  certFailures: number;
  bfAborts: number;
  /** Fraction of the interval the node was paused by flow control (0..1). */
  flowControlPaused: number;
  elapsedMs: number | null;
}

export interface TimedGalera {
  at: number;
  galera: GaleraReading;
}

/**
 * Rates between `prev` and `now` of the same node. A counter that went down, or a node that restarted
 * (another wsrep_gcomm_uuid), has no rate (null) and no increase: never a negative or invented figure.
 */
export function ratesBetween(prev: TimedGalera | null, now: TimedGalera): GaleraRates {
  const elapsedMs = prev ? now.at - prev.at : null;
  const comparable = prev !== null && elapsedMs !== null && elapsedMs > 0 && prev.galera.nodeUuid === now.galera.nodeUuid;
  const delta = (pick: (g: GaleraReading) => number | null): number | null => {
    if (!comparable) return null;
    const a = pick(prev.galera);
    const b = pick(now.galera);
    return a === null || b === null || b < a ? null : b - a;
  };
  const cert = delta((g) => g.certFailures);
  const bf = delta((g) => g.bfAborts);
  const pausedNs = delta((g) => g.flowControlPausedNs);
  const perS = (d: number | null) => (d === null || elapsedMs === null ? null : (d * 1000) / elapsedMs);
  return {
    certFailuresPerS: perS(cert),
    bfAbortsPerS: perS(bf),
    certFailures: cert ?? 0,
    bfAborts: bf ?? 0,
    flowControlPaused: pausedNs !== null && elapsedMs ? Math.min(1, pausedNs / (elapsedMs * 1e6)) : clampFraction(now.galera.flowControlPaused),
    elapsedMs: comparable ? elapsedMs : null,
  };
}

const clampFraction = (x: number | null): number => (x === null || x < 0 ? 0 : Math.min(1, x));

/** Remembers each node's previous Galera reading, to turn counters into rates. */
export class GaleraCounters {
  private readonly last = new Map<string, TimedGalera>();

  /** The rates of `nodeId` since its previous reading; remembers this one. */
  observe(nodeId: string, now: TimedGalera): GaleraRates {
    const rates = ratesBetween(this.last.get(nodeId) ?? null, now);
    this.last.set(nodeId, now);
    return rates;
  }
}
