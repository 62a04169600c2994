import type { EnginePreview } from '../../../../shared/ipc/conflicts';
import type { Timeouts } from '../../../../shared/model/cluster';
import type { ConflictEvent } from '../../../../shared/model/conflict';
import { fail, ok, type Result } from '../../../../shared/result';
import { quoteIdent } from '../../../../shared/postgres/quote';
import type { BatchResolveItem, BatchResolveResult, KeyReading, KeyTarget } from '../../../core/driver';
import type { Logger } from '../../../core/logger';
import type { PgTarget } from '../conn-string';
import type { PgNodeHandle } from '../conflicts/inspect';
import { runResolution } from '../conflicts/resolve-run';
import { readConflictKeys } from '../conflicts/resolve-batch';
import { readRow } from '../conflicts/table-rows';
import { reviewBatch } from './bulk-overturn';
import { readPglCatalog, tableOf, type PglCatalog } from './catalog';
import { belongs, newGroup, toEvent, type ConflictGroup } from './conflict-group';
import { PglLogReader } from './log-reader';
import { observe, type Observation } from './observation';
import { planOverturn } from './overturn-plan';

export interface PglConflictDeps {
  clusterId: string;
  log: Logger;
  now(): number;
  nodes(): PgNodeHandle[];
  targetOf(nodeId: string): PgTarget | null;
  timeouts: Timeouts;
  /** Whether the node runs pglogical (pgl-support.ts checks the extension). */
  isPgl(nodeId: string): boolean;
}

interface NodeState {
  catalog: PglCatalog | null;
  /** When the catalog was read; 0 asks for a re-read at the next pass. */
  catalogAt: number;
  /** When `catalog.resolution` was last seen on the server (a catalog read, or a policy change read back). */
  resolutionAt: number | null;
  reader: PglLogReader;
  /** Why this node's conflicts cannot be read (the grant or setting that would show them). */
  problem: string | null;
}

const RECHECK_MS = 30_000;

/** The grants that let a monitoring login read pglogical's own tables. */
export function schemaGrant(reason: string, user: string | null | undefined): string {
  if (!/permission denied/i.test(reason)) return '';
  const who = quoteIdent(user ?? '<role>');
  return ` (GRANT USAGE ON SCHEMA pglogical TO ${who}; GRANT SELECT ON ALL TABLES IN SCHEMA pglogical TO ${who};)`;
}
const MAX_GROUPS = 5_000;

/**
 * Conflicts pglogical 2.4 resolved by itself (and those that stopped its
 * apply worker), read from every node's jsonlog, merged across nodes, and
 * pushed to the inbox as "resolved by the engine" for the admin to accept or
 * overturn. See README.md.
 */
export class PglogicalConflicts {
  private readonly listeners = new Set<(c: ConflictEvent) => void>();
  private readonly states = new Map<string, NodeState>();
  private readonly groups: ConflictGroup[] = [];
  private readonly pushed = new Map<string, string>();
  /** pglogical node name → driver node id. */
  private readonly nodeIds = new Map<string, string>();

  constructor(private readonly d: PglConflictDeps) {}

  onConflict(listener: (c: ConflictEvent) => void): () => void {
    this.listeners.add(listener);
    for (const g of this.groups) listener(this.event(g));
    return () => this.listeners.delete(listener);
  }

  /** Every decision read so far (one per logging node and conflict), oldest first. */
  recent(): Observation[] {
    return this.groups.flatMap((g) => g.observations).sort((a, b) => a.at - b.at);
  }

  /** After a policy change: the catalogs (with the policy in force) are read again at the next pass. */
  /** Re-read every catalog at the next pass; `seen`: conflict_resolution per node as just read back with SHOW. */
  async forgetCatalogs(seen: ReadonlyMap<string, string> = new Map()): Promise<void> {
    for (const [id, s] of this.states) {
      s.catalogAt = 0;
      const v = seen.get(id);
      if (v !== undefined && s.catalog) {
        s.catalog = { ...s.catalog, resolution: v };
        s.resolutionAt = this.d.now();
      }
    }
  }

  owns(conflictId: string): boolean {
    return conflictId.startsWith('pgl:');
  }

  /** Nodes running pglogical, and per node why its conflicts cannot be read (null: readable). */
  status(): { nodeId: string; catalog: PglCatalog | null; resolutionAt: number | null; problem: string | null }[] {
    return [...this.states.entries()].filter(([id]) => this.d.isPgl(id)).map(([nodeId, s]) => ({ nodeId, catalog: s.catalog, resolutionAt: s.resolutionAt, problem: s.problem }));
  }

  /** One pass after a sample: new conflict lines on every pglogical node. Returns the SQL round-trips made. */
  async observe(signal: AbortSignal): Promise<number> {
    let queries = 0;
    const now = this.d.now();
    for (const node of this.d.nodes()) {
      if (!node.reading || node.reading.inRecovery || !this.d.isPgl(node.id)) continue;
      let s = this.states.get(node.id);
      if (!s) {
        s = { catalog: null, catalogAt: 0, resolutionAt: null, reader: new PglLogReader(node.conn), problem: null };
        this.states.set(node.id, s);
      }
      queries += await this.refreshCatalog(node, s, now - s.catalogAt > RECHECK_MS, signal);
      const lines = await s.reader.poll(signal);
      queries += 3;
      if (!lines.ok) {
        s.problem = lines.reason;
        continue;
      }
      if (s.catalog) s.problem = null;
      for (const line of lines.value) {
        if (s.catalog && !tableOf(s.catalog, line.relationText)) queries += await this.refreshCatalog(node, s, true, signal);
        if (!s.catalog) continue;
        const o = await observe(node.id, node.conn, s.catalog, line, signal);
        queries += 2;
        if (!o.ok) {
          this.d.log.warn('reading a pglogical conflict failed', { node: node.id, reason: o.reason });
          continue;
        }
        if (!o.value) continue;
        const g = this.groups.find((x) => belongs(x, o.value!));
        if (g) g.observations.push(o.value);
        else this.groups.push(newGroup(o.value));
      }
    }
    queries += await this.settleErrors(signal);
    if (this.groups.length > MAX_GROUPS) this.groups.splice(0, this.groups.length - MAX_GROUPS);
    for (const g of this.groups) this.push(g);
    return queries;
  }

  private async refreshCatalog(node: PgNodeHandle, s: NodeState, force: boolean, signal: AbortSignal): Promise<number> {
    if (s.catalog && !force) return 0;
    const c = await readPglCatalog(node.conn, signal);
    if (!c.ok) {
      s.problem = `reading pglogical's catalog failed: ${c.reason}${schemaGrant(c.reason, node.reading?.user)}`;
      return 3;
    }
    s.catalog = c.value;
    s.catalogAt = this.d.now();
    s.resolutionAt = s.catalogAt;
    if (c.value.localNode) this.nodeIds.set(c.value.localNode, node.id);
    return 4;
  }

  /** A conflict that stopped a worker is resolved once its subscription replicates again. */
  private async settleErrors(signal: AbortSignal): Promise<number> {
    let queries = 0;
    for (const g of this.groups.filter((x) => x.status === 'open')) {
      const node = this.d.nodes().find((n) => n.id === g.first.loggedOn);
      if (!node || g.first.subscriptionId === null) continue;
      const r = await node.conn.query<{ status: string }>(
        `SELECT st.status FROM pglogical.show_subscription_status() st JOIN pglogical.subscription s ON s.sub_name = st.subscription_name WHERE s.sub_id = $1::oid`,
        signal,
        undefined,
        [String(g.first.subscriptionId)],
      );
      queries += 1;
      if (r.ok && r.value[0]?.status === 'replicating' && this.d.now() - g.observations.at(-1)!.at > 5_000) {
        g.status = 'resolved';
        g.resolution = { at: this.d.now(), by: 'engine (pglogical)', how: 'the subscription replicates again: its apply worker got past the change', value: null };
      }
    }
    return queries;
  }

  async previewResolution(conflictId: string, value: unknown): Promise<Result<EnginePreview>> {
    const plan = this.plan(conflictId, value);
    if (!plan.ok) return plan;
    if (!plan.value.plan) return ok({ statements: [], skipped: [], note: 'Accept: the engine’s decision stands; nothing is written, the review is audited.' });
    const { statements, skipped, note } = plan.value.plan;
    return ok({ statements, skipped, note });
  }

  async resolveConflict(conflictId: string, value: unknown, how: string): Promise<Result<{ nodeId: string; detail: string }>> {
    const plan = this.plan(conflictId, value);
    if (!plan.ok) return plan;
    const { g, plan: p, nodeId } = plan.value;
    if (!p) {
      g.review = 'accepted';
      g.resolution = { at: this.d.now(), by: 'replicadesk', how: `${how}: accepted the engine’s decision`, value };
      this.push(g);
      return ok({ nodeId, detail: 'accepted the engine’s decision: nothing written' });
    }
    const target = this.d.targetOf(p.nodeId);
    if (!target) return fail('unknown-node', `${p.nodeId} is no longer a node of this cluster`);
    const ran = await runResolution(target, this.d.timeouts, () => this.d.now(), p, new AbortController().signal);
    if (!ran.ok) return ran;
    g.review = 'overturned';
    g.resolution = { at: this.d.now(), by: 'replicadesk', how: `${how}: overturned the engine’s decision`, value };
    this.push(g);
    this.d.log.info('pglogical decision overturned', { conflictId });
    return ok({ nodeId: p.nodeId, detail: ran.value });
  }

  private plan(conflictId: string, value: unknown) {
    const g = this.groups.find((x) => x.id === conflictId);
    if (!g) return fail('unknown-conflict', `the pglogical reader has no conflict ${conflictId}`);
    if (g.first.error && g.status === 'open') {
      return fail('not-supported', `the apply worker is stopped on this change (conflict_resolution = error): switch the policy to a resolving one (last_update_wins, …) so the worker gets past it, then review the decision here`);
    }
    if (!g.first.key) return fail('details-unknown', 'the key of this conflict is not in pglogical’s log: resolve it by hand');
    const e = this.event(g);
    const keptValue = e.engineDecision?.kept !== null && e.engineDecision?.kept !== undefined ? (e.versions[e.engineDecision.kept]?.value ?? null) : undefined;
    // Written on the node that logged the conflict first: pglogical sends the new change to every other node.
    const nodeId = g.first.loggedOn;
    const p = planOverturn({ nodeId, table: g.first.table, key: g.first.key, kept: keptValue, value, policy: g.first.policy });
    return p.ok ? ok({ g, plan: p.value, nodeId, key: g.first.key }) : p;
  }

  /** Bulk accept/overturn (bulk-overturn.ts): overturns written set-based, one transaction per writing node. */
  async resolveBatch(items: BatchResolveItem[]): Promise<BatchResolveResult[]> {
    const out = await reviewBatch(items, {
      plan: (id, value) => this.plan(id, value),
      targetOf: (id) => this.d.targetOf(id),
      timeouts: this.d.timeouts,
      now: () => this.d.now(),
      settle: (id, review, how, value) => {
        const g = this.groups.find((x) => x.id === id);
        if (!g) return;
        g.review = review;
        g.resolution = { at: this.d.now(), by: 'replicadesk', how, value };
        this.push(g);
      },
    });
    this.d.log.info('pglogical decisions reviewed in a batch', { items: items.length });
    return out;
  }

  /** The rows of many conflicts on every pglogical node: one query per node per table. */
  readKeysOnNodes(targets: KeyTarget[]): Promise<KeyReading[][]> {
    const byId = new Map(this.groups.map((g) => [g.id, g]));
    const nodes = this.d.nodes().filter((n) => this.d.isPgl(n.id));
    return readConflictKeys(nodes, targets, (id) => {
      const g = byId.get(id);
      return g ? { table: g.first.table, key: g.first.key ?? null, subscriberId: g.first.loggedOn } : undefined;
    });
  }

  /** The conflict's row on every pglogical node. */
  async readKeyOnNodes(conflictId: string): Promise<KeyReading[]> {
    const g = this.groups.find((x) => x.id === conflictId);
    if (!g?.first.key) return [{ nodeId: g?.first.loggedOn ?? 'pglogical', result: fail('details-unknown', 'the key of this conflict is not known') }];
    const signal = new AbortController().signal;
    const nodes = this.d.nodes().filter((n) => this.d.isPgl(n.id));
    return Promise.all(
      nodes.map(async (n): Promise<KeyReading> => {
        const r = await readRow(n.conn, g.first.table, g.first.key!, signal);
        return { nodeId: n.id, result: r.ok ? ok({ value: r.value.value, versions: r.value.value === null ? 0 : 1, conflictId: null }) : r };
      }),
    );
  }

  private event(g: ConflictGroup): ConflictEvent {
    return toEvent(g, this.d.clusterId, (name) => this.nodeIds.get(name) ?? name);
  }

  private push(g: ConflictGroup): void {
    const e = this.event(g);
    const text = JSON.stringify(e);
    if (this.pushed.get(g.id) === text) return;
    this.pushed.set(g.id, text);
    for (const l of this.listeners) l(e);
  }
}
