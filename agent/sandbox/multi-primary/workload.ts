import { fail, ok, type Result } from '../../../shared/result';
import { Workload } from '../common/workload';
import type { Rng } from '../sim/rng';
import type { TimerHandle } from '../sim/scheduler';
import type { MultiPrimaryCore } from './cluster';
import { isPlainObject } from './counters';
import type { Peer } from './peer';
import { decide } from './policies';

const TAGS = ['red', 'blue', 'sale', 'new', 'eco', 'gift'];
const HOT_KEYS = 5;
const HOT_FRACTION = 0.3;

/** What `peer` currently reads for `key`: the single version, or the policy's (or suggested) decision. */
export function viewOf(core: MultiPrimaryCore, peer: Peer, key: string): unknown {
  const siblings = peer.store.siblings(key);
  if (siblings.length === 0) return null;
  if (siblings.length === 1) return siblings[0]!.value;
  return decide(siblings, core.policy).value;
}

/**
 * Background writes: read-modify-writes of small item records. A third go
 * to a few hot keys, written on any peer (so concurrent writes meet now and
 * then); every other key is written on its home peer, as applications route
 * a row's writes to one region. Plus, now and then, a deliberate pair of
 * concurrent writes. Keys with an open conflict are left alone so the admin
 * can decide them.
 */
export class MpWorkload {
  private readonly steady: Workload;
  private pairTimer: TimerHandle | null = null;

  constructor(
    private readonly core: MultiPrimaryCore,
    private readonly rng: Rng,
  ) {
    this.steady = new Workload(core.sched, rng, core.config.writesPerSecond, () => this.writeOnce());
  }

  get writesPerSecond(): number {
    return this.steady.writesPerSecond;
  }

  start(): void {
    this.steady.start();
    this.planPair();
  }

  stop(): void {
    this.steady.stop();
    this.pairTimer?.cancel();
    this.pairTimer = null;
  }

  setRate(writesPerSecond: number): void {
    this.steady.setRate(writesPerSecond);
  }

  private pickKey(): { key: string; home: number | null } {
    const hot = this.rng.chance(HOT_FRACTION);
    const n = this.rng.int(1, hot ? HOT_KEYS : this.core.config.keyCount);
    return { key: `item-${String(n).padStart(3, '0')}`, home: n <= HOT_KEYS ? null : n };
  }

  nextValue(peer: Peer, key: string): Record<string, unknown> {
    const cur = viewOf(this.core, peer, key);
    const base = isPlainObject(cur) ? cur : { qty: this.rng.int(10, 100), price: this.rng.int(100, 9_999) / 100, tags: [] };
    const tags = Array.isArray(base.tags) ? [...(base.tags as unknown[])] : [];
    const tag = this.rng.pick(TAGS);
    if (this.rng.chance(0.3) && !tags.includes(tag)) tags.push(tag);
    const qty = typeof base.qty === 'number' ? base.qty : 0;
    const price = this.rng.chance(0.2) ? this.rng.int(100, 9_999) / 100 : base.price;
    return { qty: qty + this.rng.int(-5, 5), price, tags, by: peer.id };
  }

  private writeOnce(): void {
    const peers = [...this.core.peers.values()];
    const { key, home } = this.pickKey();
    const peer = home === null ? this.rng.pick(peers.filter((p) => p.alive)) : peers[home % peers.length];
    if (!peer?.alive || this.core.conflicts.openFor(key)) return;
    this.core.write(peer, key, this.nextValue(peer, key));
  }

  /** Two peers write the same key at the same instant: a conflict once they replicate. */
  sameKey(aId: string, bId: string, key?: string): Result<{ detail: string; key: string }> {
    if (aId === bId) return fail('invalid-fault', 'same-key needs two different peers');
    const peers = [aId, bId].map((id) => this.core.peer(id));
    for (const [i, p] of peers.entries()) {
      if (!p) return fail('unknown-node', `no peer "${[aId, bId][i]}" in this sandbox`);
      if (!p.alive) return fail('node-down', `${p.id} is down`);
    }
    const k = key ?? `item-${String(this.rng.int(1, HOT_KEYS)).padStart(3, '0')}`;
    for (const p of peers) this.core.write(p!, k, this.nextValue(p!, k));
    return ok({ detail: `${aId} and ${bId} wrote ${k} concurrently`, key: k });
  }

  private planPair(): void {
    const every = this.core.config.conflictEveryMs;
    if (!every) return;
    this.pairTimer = this.core.sched.after(this.rng.int(every[0], every[1]), () => {
      const alive = [...this.core.peers.values()].filter((p) => p.alive);
      // An idle cluster (write-rate 0) stays idle.
      if (alive.length >= 2 && this.steady.writesPerSecond > 0) {
        const a = this.rng.pick(alive);
        const b = this.rng.pick(alive.filter((p) => p !== a));
        const { key } = this.pickKey();
        if (!this.core.conflicts.openFor(key)) this.sameKey(a.id, b.id, key);
      }
      this.planPair();
    });
  }
}
