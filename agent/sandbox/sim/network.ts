import type { Scheduler } from './scheduler';
import type { Rng } from './rng';

/** How one directed link behaves. `bandwidthBytesPerSec: null` is unlimited. */
export interface LinkConfig {
  delayMs: number;
  bandwidthBytesPerSec: number | null;
}

interface LinkState extends LinkConfig {
  cut: boolean;
  /** Bumped when the link is cut or an end dies: messages in flight are then dropped. */
  epoch: number;
  /** When the sender finishes putting queued bytes on the wire. */
  busyUntilMs: number;
  lastDeliverMs: number;
}

export interface NetworkOptions {
  defaults: LinkConfig;
  /** Extra random delay per message, in [0, jitterMs]. */
  jitterMs?: number;
  /** Keep per-link order (TCP-like). Default true. */
  fifo?: boolean;
  rng?: Rng;
}

/**
 * The simulated network shared by the nodes of one sandbox: directed links
 * with delay, bandwidth and cuts, and nodes that can be down. A message takes
 * bytes/bandwidth on the wire (queued behind earlier ones) plus the delay.
 */
export class SimNetwork {
  private readonly links = new Map<string, LinkState>();
  private readonly downNodes = new Set<string>();

  constructor(
    private readonly sched: Scheduler,
    private readonly opts: NetworkOptions,
  ) {}

  private link(from: string, to: string): LinkState {
    const key = `${from}->${to}`;
    let l = this.links.get(key);
    if (!l) {
      l = { ...this.opts.defaults, cut: false, epoch: 0, busyUntilMs: 0, lastDeliverMs: 0 };
      this.links.set(key, l);
    }
    return l;
  }

  isNodeUp(id: string): boolean {
    return !this.downNodes.has(id);
  }

  setNodeUp(id: string, up: boolean): void {
    if (up) {
      this.downNodes.delete(id);
      return;
    }
    this.downNodes.add(id);
    for (const [key, l] of this.links) {
      const [from, to] = key.split('->');
      if (from === id || to === id) {
        l.epoch++;
        l.busyUntilMs = 0;
      }
    }
  }

  isCut(from: string, to: string): boolean {
    return this.link(from, to).cut;
  }

  isConnected(from: string, to: string): boolean {
    return !this.link(from, to).cut && this.isNodeUp(from) && this.isNodeUp(to);
  }

  /** Changes when the connection from→to was lost since `epoch` was read. */
  epoch(from: string, to: string): number {
    return this.link(from, to).epoch;
  }

  config(from: string, to: string): LinkConfig {
    const l = this.link(from, to);
    return { delayMs: l.delayMs, bandwidthBytesPerSec: l.bandwidthBytesPerSec };
  }

  configure(from: string, to: string, cfg: LinkConfig): void {
    Object.assign(this.link(from, to), cfg);
  }

  cut(from: string, to: string): void {
    const l = this.link(from, to);
    if (!l.cut) l.epoch++;
    l.cut = true;
    l.busyUntilMs = 0;
  }

  /** Drops the connection from→to without cutting the link (the receiver reconnects at once). */
  reset(from: string, to: string): void {
    const l = this.link(from, to);
    l.epoch++;
    l.busyUntilMs = 0;
  }

  /** Reconnects the link and restores the default delay and bandwidth. */
  heal(from: string, to: string): void {
    Object.assign(this.link(from, to), this.opts.defaults, { cut: false });
  }

  /** How long (ms) bytes already queued on from→to still need to get on the wire. */
  backlogMs(from: string, to: string): number {
    return Math.max(0, this.link(from, to).busyUntilMs - this.sched.now());
  }

  /** Sends a message; returns false (and drops it) when the link is down. */
  send(from: string, to: string, bytes: number, deliver: () => void): boolean {
    if (!this.isConnected(from, to)) return false;
    const l = this.link(from, to);
    const now = this.sched.now();
    const start = Math.max(now, l.busyUntilMs);
    const wireMs = l.bandwidthBytesPerSec === null ? 0 : (bytes * 1000) / l.bandwidthBytesPerSec;
    l.busyUntilMs = start + wireMs;
    const jitter = this.opts.jitterMs && this.opts.rng ? this.opts.rng.next() * this.opts.jitterMs : 0;
    let deliverAt = start + wireMs + l.delayMs + jitter;
    if (this.opts.fifo !== false) deliverAt = Math.max(deliverAt, l.lastDeliverMs);
    l.lastDeliverMs = deliverAt;
    const epoch = l.epoch;
    this.sched.at(deliverAt, () => {
      if (l.epoch === epoch && !l.cut && this.isNodeUp(to)) deliver();
    });
    return true;
  }
}
