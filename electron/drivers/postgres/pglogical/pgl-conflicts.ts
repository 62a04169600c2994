import type { EnginePreview } from '../../../../shared/ipc/conflicts';
import type { Timeouts } from '../../../../shared/model/cluster';
import type { ConflictEvent } from '../../../../shared/model/conflict';
import { fail, ok, type Result } from '../../../../shared/result';
import type { BatchResolveItem, BatchResolveResult, KeyReading, KeyTarget } from '../../../core/driver';
import type { Logger } from '../../../core/logger';
import type { PgTarget } from '../conn-string';
import type { PgNodeHandle } from '../conflicts/inspect';
import { runResolution } from '../conflicts/resolve-run';
import { reviewBatch } from './bulk-overturn';
import { readPglCatalog, schemaGrant, tableOf, type PglCatalog } from './catalog';
import { belongs, newGroup, toEvent, type ConflictGroup } from './conflict-group';
import { readGroupKey, readGroupKeys } from './key-readings';
import { settleStopped } from './stopped-worker';
import { PglLogReader } from './log-reader';
import { observe, type Observation } from './observation';
import { OverturnLedger, recordEcho, rememberWrites } from './overturn-echo';
import { planOverturn } from './overturn-plan';
import { supersededBy, supersededFail, supersededMany } from './superseded';

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
  /** Overturns written recently: their echoes on the other nodes are not queued for review. */
  private readonly echoes = new OverturnLedger(() => this.d.now());

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

  /** The engine's decisions read so far, each conflict's observations (ReplicaDesk's own overturns replicating left out). */
  decisions(): Observation[][] {
    return this.groups.filter((g) => g.echoOf === null).map((g) => g.observations);
  }

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
        const echo = this.echoes.match(o.value);
        let g = this.groups.find((x) => belongs(x, o.value!, echo?.conflictId ?? null));
        if (g) g.observations.push(o.value);
        else this.groups.push((g = newGroup(o.value, echo?.conflictId ?? null)));
        if (echo) recordEcho(g, echo, this.d.now());
      }
    }
    queries += await settleStopped(this.groups, this.d.nodes(), () => this.d.now(), signal);
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

  async previewResolution(conflictId: string, value: unknown): Promise<Result<EnginePreview>> {
    const plan = this.plan(conflictId, value);
    if (!plan.ok) return plan;
    if (!plan.value.plan) return ok({ statements: [], skipped: [], note: 'Accept: the engine’s decision stands; nothing is written, the review is audited.' });
    const later = await this.superseded(conflictId, value);
    if (!later.ok) return later;
    if (later.value !== null) return supersededFail(later.value);
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
    const later = await this.superseded(conflictId, value);
    if (!later.ok) return later;
    if (later.value !== null) return supersededFail(later.value);
    await this.writing(p.nodeId, [{ id: g.id, value }]);
    const ran = await runResolution(target, this.d.timeouts, () => this.d.now(), p, new AbortController().signal);
    if (!ran.ok) {
      this.echoes.forget(g.id);
      return ran;
    }
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
    const policies = this.status().map((s) => ({ nodeId: s.nodeId, name: s.catalog?.localNode ?? s.nodeId, policy: s.catalog?.resolution ?? null }));
    const p = planOverturn({ nodeId, table: g.first.table, key: g.first.key, kept: keptValue, value, policy: g.first.policy, policies });
    const decision = { g, kept: keptValue, versions: e.versions.map((v) => v.value) };
    return p.ok ? ok({ g, plan: p.value, nodeId, key: g.first.key, row: `${g.first.tableText}|${g.first.keyText}`, at: g.first.at, decision }) : p;
  }

  /** Whether a later change replaced the row on the node the overturn is written on (superseded.ts). */
  private async superseded(conflictId: string, value: unknown): Promise<Result<string | null>> {
    const planned = this.plan(conflictId, value);
    if (!planned.ok) return planned;
    const nodeId = planned.value.plan?.nodeId ?? planned.value.nodeId;
    const conn = this.d.nodes().find((n) => n.id === nodeId)?.conn ?? null;
    return supersededBy(conn, planned.value.decision, value, new AbortController().signal);
  }

  /** Bulk accept/overturn (bulk-overturn.ts): overturns written set-based, one transaction per writing node. */
  async resolveBatch(items: BatchResolveItem[]): Promise<BatchResolveResult[]> {
    const out = await reviewBatch(items, {
      plan: (id, value) => this.plan(id, value),
      superseded: (rows) => {
        const items = rows.flatMap(({ id, value }) => {
          const p = this.plan(id, value);
          return p.ok && p.value.plan ? [{ id, nodeId: p.value.plan.nodeId, decision: p.value.decision, value }] : [];
        });
        return supersededMany(this.pglNodes(), this.groups, items);
      },
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
      writing: (nodeId, rows) => this.writing(nodeId, rows),
      notWritten: (id) => this.echoes.forget(id),
    });
    this.d.log.info('pglogical decisions reviewed in a batch', { items: items.length });
    return out;
  }

  /** The rows of many conflicts on every pglogical node: one query per node per table. */
  readKeysOnNodes(targets: KeyTarget[]): Promise<KeyReading[][]> {
    return readGroupKeys(this.pglNodes(), this.groups, targets);
  }

  /** The conflict's row on every pglogical node. */
  readKeyOnNodes(conflictId: string): Promise<KeyReading[]> {
    return readGroupKey(this.pglNodes(), this.groups.find((x) => x.id === conflictId));
  }

  private pglNodes(): PgNodeHandle[] {
    return this.d.nodes().filter((n) => this.d.isPgl(n.id));
  }

  /** Just before overturns are written on `nodeId`: remembered, to recognise their echoes (overturn-echo.ts). */
  private writing(nodeId: string, rows: { id: string; value: unknown }[]): Promise<void> {
    const conn = this.d.nodes().find((x) => x.id === nodeId)?.conn ?? null;
    return rememberWrites(this.echoes, conn, this.states.get(nodeId)?.catalog?.localNode ?? null, this.groups, rows, this.d.now());
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
