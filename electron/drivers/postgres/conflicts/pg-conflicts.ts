import type { EnginePreview } from '../../../../shared/ipc/conflicts';
import type { Timeouts } from '../../../../shared/model/cluster';
import type { ConflictEvent } from '../../../../shared/model/conflict';
import { fail, ok, type Result } from '../../../../shared/result';
import type { BatchResolveItem, BatchResolveResult, KeyReading, KeyTarget } from '../../../core/driver';
import type { Logger } from '../../../core/logger';
import type { PgTarget } from '../conn-string';
import { toEvent, type ApplyConflict } from './apply-conflict';
import { hasPassed, inspectStop, latestError, type PgNodeHandle } from './inspect';
import { InspectThrottle } from './inspect-throttle';
import { sameTable } from './local-relation';
import { LogTail } from './log-tail';
import { planResolution } from './resolve-plan';
import { runResolution } from './resolve-run';
import { inOrder, planBatch, readConflictKeys } from './resolve-batch';
import { runBatchOnNode } from './resolve-batch-run';
import { runBatchSetBased } from './resolve-batch-set';
import { isRetrying, isStopped, readSubscriptions, stopIsCounted, watchSubscription, type SubscriptionRow, type SubscriptionWatch } from './subscriptions';
import { readRow } from './table-rows';

export interface PgConflictDeps {
  clusterId: string;
  log: Logger;
  now(): number;
  /** Every node the driver reads, with its last reading. */
  nodes(): PgNodeHandle[];
  targetOf(nodeId: string): PgTarget | null;
  timeouts: Timeouts;
  /** Re-inspection backoff of an error not fully explained (default 1 s doubling to 30 s). */
  reinspect?: { baseMs: number; maxMs: number };
}

interface Tracked {
  conflict: ApplyConflict;
  /** `node|sub oid|apply errors` for a stop (disable_on_error), `node|sub oid|retrying` for a retry loop. */
  stop: string;
  complete: boolean;
  status: ConflictEvent['status'];
  resolution: ConflictEvent['resolution'];
  /** The last event pushed (pushed again only when it changes). */
  pushed: string;
}

/**
 * Logical-replication apply conflicts (PG15+): found from the subscriptions'
 * apply error counts each sample, explained from the jsonlog and the
 * publisher's slot, resolved with SQL on the subscriber. See README.md.
 */
export class PostgresConflicts {
  private readonly listeners = new Set<(c: ConflictEvent) => void>();
  private readonly byId = new Map<string, Tracked>();
  private readonly tails = new Map<string, LogTail>();
  /** Per `node|sub oid`: finish LSNs already settled. */
  private readonly settled = new Map<string, Set<string>>();
  /** Per `node|sub oid`: the apply error count last seen and when it last climbed. */
  private readonly watches = new Map<string, SubscriptionWatch>();
  private readonly throttle: InspectThrottle;

  constructor(private readonly d: PgConflictDeps) {
    this.throttle = new InspectThrottle(() => d.now(), d.reinspect);
  }

  onConflict(listener: (c: ConflictEvent) => void): () => void {
    this.listeners.add(listener);
    for (const t of this.byId.values()) listener(this.event(t));
    return () => this.listeners.delete(listener);
  }

  /** One pass after a sample; returns the SQL round-trips it made. Cheap unless a subscription has stopped or retries. */
  async observe(signal: AbortSignal): Promise<number> {
    const nodes = this.d.nodes();
    let queries = 0;
    for (const node of nodes) {
      const r = node.reading;
      if (!r || r.inRecovery || r.versionNum < 150000 || r.subscriptionCount === 0) continue;
      const subs = await readSubscriptions(node.conn, signal);
      queries += 1;
      if (!subs.ok) {
        this.d.log.warn('reading subscriptions failed', { node: node.id, reason: subs.reason });
        continue;
      }
      for (const sub of subs.value) await this.observeSubscription(node, sub, nodes, signal);
    }
    return queries;
  }

  private async observeSubscription(node: PgNodeHandle, sub: SubscriptionRow, nodes: PgNodeHandle[], signal: AbortSignal): Promise<void> {
    const now = this.d.now();
    const subKey = `${node.id}|${sub.oid}`;
    const settled = this.settled.get(subKey) ?? new Set<string>();
    this.settled.set(subKey, settled);
    const { watch, climbed } = watchSubscription(this.watches.get(subKey), sub, now);
    this.watches.set(subKey, watch);
    const climbedAt = watch.climbedAt;
    const open = () => [...this.byId.values()].filter((t) => t.status === 'open' && t.conflict.subscriberId === node.id && t.conflict.subscription.oid === sub.oid);
    for (const t of open()) {
      // Plans follow whether the subscription is enabled now (an enabled one needs no ENABLE).
      t.conflict = { ...t.conflict, subscription: sub };
      if (!hasPassed(sub, t.conflict.finishLsn, { climbed, quietMs: now - climbedAt })) continue;
      this.settle(t, settled, `subscription ${sub.name} enabled and past ${t.conflict.finishLsn ?? 'the error'}`);
    }
    const stopped = isStopped(sub);
    if (!stopped && !(sub.enabled && sub.applyErrors > 0 && (isRetrying(sub, climbed) || open().length > 0))) return;
    // A stop is one error count of a disabled subscription; a retry loop is the subscription's open conflict, whatever the count.
    const stop = stopped ? `${subKey}|${sub.applyErrors}` : `${subKey}|retrying`;
    let known = stopped ? [...this.byId.values()].find((t) => t.stop === stop) : open().at(-1);
    if (known && known.status !== 'open') return;
    // The count may not have caught up with the stop yet: a new stop waits until it has.
    if (stopped && !known && !stopIsCounted(watch, climbed, now)) return;
    const tail = this.tails.get(node.id) ?? new LogTail(node.conn);
    this.tails.set(node.id, tail);
    if (known?.complete) {
      if (stopped || !climbed) return;
      // Still retrying: on this transaction, or on a later one once a SKIP took effect. The log says (throttled).
      const logKey = `${subKey}|log`;
      if (!this.throttle.due(logKey)) return;
      const polled = await tail.poll(signal);
      const latest = polled.ok ? latestError(tail.errors, sub, settled) : null;
      const moved = !!latest?.finishLsn && !!known.conflict.finishLsn && latest.finishLsn !== known.conflict.finishLsn;
      this.throttle.inspected(logKey, moved);
      if (!moved) return;
      this.settle(known, settled, `the apply worker of ${sub.name} got past ${known.conflict.finishLsn}: it now fails on the transaction finished at ${latest.finishLsn}`);
      known = undefined;
    } else if (known && !this.throttle.due(stop)) {
      return;
    }
    const seen = await inspectStop(node, sub, { nodes, tail, now: known?.conflict.detectedAt ?? now, settled }, signal);
    if (known && !stopped && known.conflict.finishLsn && seen.conflict.finishLsn && seen.conflict.finishLsn !== known.conflict.finishLsn) {
      this.settle(known, settled, `the apply worker of ${sub.name} got past ${known.conflict.finishLsn}`);
      known = undefined;
    }
    // The id (and an admin's resolution waiting for the worker) is the one first given to this stop, even if the finish LSN was learnt later.
    const conflict = known ? { ...seen.conflict, id: known.conflict.id, detectedAt: known.conflict.detectedAt } : seen.conflict;
    const t: Tracked = { conflict, stop, complete: seen.complete, status: 'open', resolution: known?.resolution ?? null, pushed: known?.pushed ?? '' };
    this.byId.set(t.conflict.id, t);
    const before = t.pushed;
    this.push(t);
    // Not fully explained (a grant, a busy slot, a log line not written yet): looked at again, less and less often.
    if (seen.complete) this.throttle.forget(stop);
    else this.throttle.inspected(stop, t.pushed !== before);
  }

  private settle(t: Tracked, settled: Set<string>, how: string): void {
    if (t.conflict.finishLsn) settled.add(t.conflict.finishLsn);
    t.status = 'resolved';
    t.resolution = t.resolution ?? { at: this.d.now(), by: 'engine', how, value: null };
    this.throttle.forget(t.stop);
    this.push(t);
  }

  async previewResolution(conflictId: string, value: unknown): Promise<Result<EnginePreview>> {
    const t = this.byId.get(conflictId);
    if (!t) return fail('unknown-conflict', `the PostgreSQL driver has no conflict ${conflictId}`);
    const plan = planResolution(t.conflict, value);
    if (!plan.ok) return plan;
    const { statements, skipped, note } = plan.value;
    return ok({ statements, skipped, note });
  }

  async resolveConflict(conflictId: string, value: unknown, how: string): Promise<Result<{ nodeId: string; detail: string }>> {
    const t = this.byId.get(conflictId);
    if (!t) return fail('unknown-conflict', `the PostgreSQL driver has no conflict ${conflictId}`);
    if (t.status === 'resolved') return fail('conflict-resolved', `conflict ${conflictId} is already resolved`);
    const plan = planResolution(t.conflict, value);
    if (!plan.ok) return plan;
    const target = this.d.targetOf(plan.value.nodeId);
    if (!target) return fail('unknown-node', `${plan.value.nodeId} is no longer a node of this cluster`);
    const ran = await runResolution(target, this.d.timeouts, () => this.d.now(), plan.value, new AbortController().signal);
    if (!ran.ok) return ran;
    t.resolution = { at: this.d.now(), by: 'replicadesk', how: `${how}: ${plan.value.mode}`, value };
    this.d.log.info('apply conflict resolved', { conflictId, mode: plan.value.mode });
    return ok({ nodeId: plan.value.nodeId, detail: ran.value });
  }

  /** Reads the conflict's row on every node the driver reads (a standby too: it must agree with its primary). */
  async readKeyOnNodes(_key: string, target?: { conflictId: string; table: string }): Promise<KeyReading[]> {
    const c = target ? this.byId.get(target.conflictId)?.conflict : undefined;
    if (!c?.table || !c.key) return [{ nodeId: c?.subscriberId ?? 'postgres', result: fail('details-unknown', 'the table and key of this conflict are not known') }];
    const signal = new AbortController().signal;
    return Promise.all(
      this.d.nodes().map(async (n): Promise<KeyReading> => {
        const r = await readRow(n.conn, c.table!, c.key!, signal);
        if (!r.ok) return { nodeId: n.id, result: r };
        const open = [...this.byId.values()].find((t) => t.status === 'open' && t.conflict.subscriberId === n.id && sameTable(t.conflict.table, c.table) && t.conflict.id !== c.id);
        return { nodeId: n.id, result: ok({ value: r.value.value, versions: r.value.value === null ? 0 : 1, conflictId: open?.conflict.id ?? null }) };
      }),
    );
  }

  /** Resolves a batch: one transaction per subscriber node, set-based (resolve-batch-set.ts; a refused value fails alone). */
  async resolveBatch(items: BatchResolveItem[]): Promise<BatchResolveResult[]> {
    const { byNode, failed } = planBatch(items, (id) => this.byId.get(id));
    const results = new Map<string, Result<{ nodeId: string; detail: string }>>(failed);
    const asked = new Map(items.map((i) => [i.conflictId, i]));
    await Promise.all(
      [...byNode].map(async ([nodeId, plans]) => {
        const target = this.d.targetOf(nodeId);
        const run = (f: typeof runBatchSetBased) => f(target!, this.d.timeouts, () => this.d.now(), nodeId, plans, new AbortController().signal);
        // Set-based first; when a statement other than the row writes fails, conflict by conflict to find which.
        const ran = target ? ((await run(runBatchSetBased)) ?? (await run(runBatchOnNode))) : null;
        for (const { conflictId, plan } of plans) {
          const r = ran?.get(conflictId) ?? fail('unknown-node', `${nodeId} is no longer a node of this cluster`);
          const t = this.byId.get(conflictId);
          const it = asked.get(conflictId);
          if (r.ok && t && it) t.resolution = { at: this.d.now(), by: 'replicadesk', how: `${it.how}: ${plan.mode}`, value: it.value };
          results.set(conflictId, r.ok ? ok({ nodeId, detail: r.value }) : r);
        }
      }),
    );
    this.d.log.info('apply conflicts resolved in a batch', { items: items.length, nodes: byNode.size });
    return inOrder(items, results);
  }

  /** Reads the rows of many conflicts on every node: one query per node (per table). */
  readKeysOnNodes(targets: KeyTarget[]): Promise<KeyReading[][]> {
    return readConflictKeys(this.d.nodes(), targets, (id) => this.byId.get(id)?.conflict);
  }

  private event(t: Tracked): ConflictEvent {
    return toEvent(t.conflict, this.d.clusterId, t.status, t.status === 'resolved' ? t.resolution : null);
  }

  private push(t: Tracked): void {
    const e = this.event(t);
    const text = JSON.stringify(e);
    if (text === t.pushed) return;
    t.pushed = text;
    for (const l of this.listeners) l(e);
  }
}
