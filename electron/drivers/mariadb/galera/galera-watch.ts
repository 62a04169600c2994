import type { DriverEvent } from '../../../core/driver';
import type { ServerView } from '../view';
import { certificationConflictEvent } from './conflict-events';
import { GaleraCounters, type GaleraRates } from './galera-rates';
import type { GaleraLogAgents } from './galera-log-agents';
import type { GaleraLoggedConflict } from '../../../../shared/engines/galera-conflict';

/**
 * The driver's Galera memory between samples: counters become rates, and a rise in certification
 * failures or BF aborts becomes an event for the listeners (`ClusterDriver.onEvent`). A node whose error log a
 * `mariadb` agent follows, with `wsrep_log_conflicts=ON`, gets the log's events instead (one per conflict, with
 * the victim's query): the counter event stays for the nodes without.
 */
export class GaleraWatch {
  private readonly counters = new GaleraCounters();
  private readonly listeners = new Set<(e: DriverEvent) => void>();

  constructor(private readonly logAgents: GaleraLogAgents | null = null) {
    logAgents?.onEvent((e) => this.emit(e));
  }

  /** The conflicts the node's agent read from its error log, newest first (undefined without an agent). */
  conflictsOf(nodeId: string): GaleraLoggedConflict[] | undefined {
    return this.logAgents?.conflictsOf(nodeId);
  }

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
      if (g.logConflicts && this.logAgents?.attached(v.address.id)) continue;
      const event = certificationConflictEvent(v.address.id, g, nodeRates, r.at);
      if (event) this.emit(event);
    }
    return rates;
  }

  private emit(e: DriverEvent): void {
    for (const l of [...this.listeners]) l(e);
  }
}
