import { z } from 'zod';
import type { ConflictEvent, ConflictPolicy } from '../../../shared/model/conflict';
import { isAutomaticPolicy, PolicyRequestSchema, type PolicyRequest } from '../../../shared/ipc/conflict-policy';
import { readJsonFile } from '../settings/json-file';
import { writeFileAtomic } from '../settings/secret-store';
import type { ConflictService } from './conflict-service';
import { decidePolicy } from './policy-decide';

/** The table key for a policy over every table of a cluster (engines that have no policies of their own). */
export const ALL_TABLES = '*';

const FileSchema = z.record(z.string(), z.record(z.string(), PolicyRequestSchema));

/**
 * Automatic policies the app applies itself, per cluster and table: for a
 * table the admin names, and for engines with no policies of their own
 * (PostgreSQL). Each new open conflict of such a table is resolved with what
 * the policy picks, through the same preview, write, convergence check and
 * audit as a resolution by hand; one at a time per cluster. A conflict the
 * policy cannot settle exactly (manual, concurrent vectors, the sum rule), or
 * whose resolution failed once, stays open for an admin.
 */
export class TablePolicies {
  private byCluster = new Map<string, Map<string, PolicyRequest>>();
  private readonly attempted = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly s: ConflictService,
  ) {}

  async load(): Promise<void> {
    const saved = await readJsonFile(this.file, FileSchema);
    if (saved) this.byCluster = new Map(Object.entries(saved).map(([id, t]) => [id, new Map(Object.entries(t))]));
  }

  /** The policy for a conflict's table: the table's own, else the cluster-wide one. */
  policyFor(c: Pick<ConflictEvent, 'clusterId' | 'target'>): PolicyRequest | null {
    const t = this.byCluster.get(c.clusterId);
    return t?.get(c.target.table) ?? t?.get(ALL_TABLES) ?? null;
  }

  /** Per table (or `*`), the policy in force, for the UI. */
  list(clusterId: string): Record<string, ConflictPolicy> {
    return Object.fromEntries([...(this.byCluster.get(clusterId) ?? [])].map(([table, p]) => [table, p.policy]));
  }

  /** Switches a table's policy (manual removes it), then settles the table's open conflicts it can. */
  async set(clusterId: string, table: string, p: PolicyRequest): Promise<string[]> {
    const tables = this.byCluster.get(clusterId) ?? new Map<string, PolicyRequest>();
    if (p.policy === 'manual') tables.delete(table);
    else tables.set(table, p);
    this.byCluster.set(clusterId, tables);
    await writeFileAtomic(this.file, JSON.stringify(Object.fromEntries([...this.byCluster].map(([id, t]) => [id, Object.fromEntries(t)])), null, 2), 0o600);
    const open = this.s.inbox.openOf(clusterId).filter((c) => this.policyFor(c) === p && (table === ALL_TABLES || c.target.table === table));
    const settled: string[] = [];
    for (const c of open) if (await this.settle(c)) settled.push(c.id);
    return settled;
  }

  /** A conflict just arrived: settle it in the background if its table has an automatic policy. */
  onNew(c: ConflictEvent): void {
    if (c.status !== 'open' || !this.policyFor(c)) return;
    this.queue = this.queue.then(() => this.settle(c)).catch(() => undefined);
  }

  /** Every cluster's app-applied policies (optionally one cluster's), for conflicts:list. */
  all(clusterId?: string): Record<string, Record<string, ConflictPolicy>> {
    const ids = [...this.byCluster.keys()].filter((id) => (!clusterId || id === clusterId) && this.byCluster.get(id)!.size > 0);
    return Object.fromEntries(ids.map((id) => [id, this.list(id)]));
  }

  forget(clusterId: string): void {
    this.byCluster.delete(clusterId);
  }

  /** Waits until every queued settlement has run (tests, shutdown). */
  idle(): Promise<unknown> {
    return this.queue;
  }

  private async settle(c: ConflictEvent): Promise<boolean> {
    const p = this.policyFor(c);
    const current = this.s.inbox.get(c.id);
    if (!p || !isAutomaticPolicy(p.policy) || current?.status !== 'open' || this.attempted.has(c.id)) return false;
    const d = decidePolicy(current.versions, p);
    if (!d.settles || !d.exact) return false;
    this.attempted.add(c.id);
    if (this.attempted.size > 50_000) this.attempted.delete(this.attempted.values().next().value!);
    const scope = this.byCluster.get(c.clusterId)?.has(c.target.table) ? `table ${c.target.table}` : 'every table';
    const r = await this.s.resolve(c.id, { kind: 'custom', value: d.value }, `policy:${p.policy} (app, ${scope}): ${d.why}`);
    return r.ok;
  }
}
