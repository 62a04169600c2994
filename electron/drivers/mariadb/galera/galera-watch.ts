import type { DriverEvent } from '../../../core/driver';
import type { ServerView } from '../view';
import { certificationConflictEvent } from './conflict-events';
import { GaleraCounters, type GaleraRates } from './galera-rates';

/**
 * The driver's Galera memory between samples: counters become rates, and a rise in certification
 * failures or BF aborts becomes an event for the listeners (`ClusterDriver.onEvent`).
 */
export class GaleraWatch {
  private readonly counters = new GaleraCounters();
  private readonly listeners = new Set<(e: DriverEvent) => void>();

  onEvent(listener: (e: DriverEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** This round's rates per Galera node read now; emits the conflict events. */
  observe(views: readonly ServerView[]): Map<string, GaleraRates> {
    const rates = new Map<string, GaleraRates>();
    for (const v of views) {
      if (v.reading.kind !== 'read' || !v.reading.value.galera) continue;
      const r = v.reading.value;
      const g = r.galera!;
      const nodeRates = this.counters.observe(v.address.id, { at: r.at, galera: g });
      rates.set(v.address.id, nodeRates);
      const event = certificationConflictEvent(v.address.id, g, nodeRates, r.at);
      if (event) for (const l of [...this.listeners]) l(event);
    }
    return rates;
  }
}
