import type { ConflictEvent, ConflictPolicy } from '../../../shared/model/conflict';
import type { Convergence, ResolveChoice, ResolvePreview } from '../../../shared/ipc/conflicts';
import { fail, ok, type Result } from '../../../shared/result';
import type { AuditEntry } from '../../../shared/model/action';
import type { ConflictCapable } from '../driver';
import type { BulkRun } from '../../../shared/ipc/conflict-bulk';
import type { Logger } from '../logger';
import { toLogFormat } from '../errors';
import { ConflictInbox, type InboxChange } from './conflict-inbox';
import { previewResolution } from './resolve-preview';
import { notVerified, verifyConvergence, type ConvergenceOptions } from './convergence';

export interface ConflictServiceDeps {
  /** The conflict capability of a monitored cluster's driver, if it has one. */
  driverOf(clusterId: string): ConflictCapable | undefined;
  /** Whether the cluster is monitored at all (an engine without conflicts still takes app-applied policies). */
  monitored(clusterId: string): boolean;
  audit: {
    append(e: Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>): Promise<unknown>;
    /** Several entries in one write (a bulk resolution's batch); absent: appended one by one. */
    appendMany?(e: Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>[]): Promise<unknown>;
  };
  actor: string;
  now(): number;
  log: Logger;
  /** Every inbox change, for the deltas. */
  onChange(c: ConflictEvent): void;
  convergence?: ConvergenceOptions;
  /** The policy the engine reports (e.g. in node notes), when the app did not set one. */
  reportedPolicy?(clusterId: string): ConflictPolicy | null;
  inbox?: ConflictInbox;
  /** Every progress record of a bulk resolution, for the deltas. */
  onBulkProgress?(run: BulkRun): void;
}

export type Resolved = { conflict: ConflictEvent; preview: ResolvePreview; convergence: Convergence };

export const versionsForAudit = (c: ConflictEvent) =>
  c.versions.map((v) => ({ nodeId: v.origin, value: v.value, committedAt: v.committedAt, versionVector: v.versionVector, position: v.position }));

/**
 * The conflict inbox of every cluster, fed by drivers that push full
 * conflicts, and the resolutions made from it: previewed, written through
 * the driver, checked for convergence on every node, and audited.
 */
export class ConflictService {
  readonly inbox: ConflictInbox;
  private readonly attached = new Map<string, () => void>();
  /** Conflicts being resolved by hand here: their engine event is not audited twice, and names the admin. */
  private readonly byHand = new Map<string, string>();
  readonly policies = new Map<string, ConflictPolicy>();

  constructor(readonly d: ConflictServiceDeps) {
    this.inbox = d.inbox ?? new ConflictInbox();
    this.inbox.onChange((c, change) => this.changed(c, change));
  }

  /** Starts listening to a cluster's driver (idempotent). Drivers without conflicts are skipped. */
  attach(clusterId: string): void {
    if (this.attached.has(clusterId)) return;
    const driver = this.d.driverOf(clusterId);
    if (!driver) return;
    this.attached.set(clusterId, driver.onConflict((c) => this.receive({ ...c, clusterId })));
  }

  detach(clusterId: string): void {
    this.attached.get(clusterId)?.();
    this.attached.delete(clusterId);
    this.inbox.forgetCluster(clusterId);
    this.policies.delete(clusterId);
  }

  receive(c: ConflictEvent): InboxChange {
    const admin = this.byHand.get(c.id);
    if (admin && c.status === 'resolved' && c.resolution) c = { ...c, resolution: { ...c.resolution, by: `${admin} (via ${c.resolution.by})` } };
    return this.inbox.upsert(c);
  }

  /** What resolving with `choice` writes; drivers that run statements of their own add them (`engine`). */
  async preview(conflictId: string, choice: ResolveChoice): Promise<Result<ResolvePreview>> {
    const c = this.inbox.get(conflictId);
    if (!c) return fail('unknown-conflict', `no conflict ${conflictId} in the inbox`);
    return this.withEngine(c, previewResolution(c, choice));
  }

  private async withEngine(c: ConflictEvent, preview: Result<ResolvePreview>): Promise<Result<ResolvePreview>> {
    const driver = this.d.driverOf(c.clusterId);
    if (!preview.ok || !driver?.previewResolution) return preview;
    const engine = await driver.previewResolution(c.id, preview.value.value);
    if (!engine.ok) return engine;
    return ok({ ...preview.value, engine: engine.value });
  }

  /** Previews, writes through the driver, verifies that every node agrees, and audits before/after. */
  async resolve(conflictId: string, choice: ResolveChoice, how?: string): Promise<Result<Resolved>> {
    const before = this.inbox.get(conflictId);
    if (!before) return fail('unknown-conflict', `no conflict ${conflictId} in the inbox`);
    const preview = await this.withEngine(before, previewResolution(before, choice));
    if (!preview.ok) return preview;
    const driver = this.d.driverOf(before.clusterId);
    if (!driver) return fail('not-supported', 'this cluster’s driver cannot resolve conflicts');
    const mode = how ? 'policy' : 'hand';
    this.markByHand(conflictId);
    const written = await driver.resolveConflict(conflictId, preview.value.value, how ?? `by hand (${choice.kind}) by ${this.d.actor}`);
    const params = { conflictId, table: before.target.table, key: before.target.key, mode, choice: choice.kind, before: versionsForAudit(before), after: preview.value.value };
    if (!written.ok) {
      this.byHand.delete(conflictId);
      await this.audit(before.clusterId, this.d.actor, params, `failed: ${written.code}: ${written.reason}`);
      return written;
    }
    const readKey = driver.readKeyOnNodes?.bind(driver);
    const convergence = readKey
      ? await verifyConvergence((k) => readKey(k, { conflictId, table: before.target.table }), before.target.key, preview.value.value, this.d.convergence)
      : notVerified('this engine cannot read a key on every node: convergence not verified');
    await this.audit(before.clusterId, this.d.actor, { ...params, written: written.value.detail, converged: convergence.converged }, `resolved; ${convergence.detail}`);
    const now = this.d.now();
    const after = this.inbox.get(conflictId) ?? before;
    const conflict: ConflictEvent =
      after.status === 'resolved' ? after : { ...after, status: 'resolved', resolution: { at: now, by: this.d.actor, how: how ?? `by hand (${choice.kind})`, value: preview.value.value } };
    if (after.status !== 'resolved') this.inbox.upsert(conflict);
    return ok({ conflict, preview: preview.value, convergence });
  }

  /** A resolution by this console is under way: the engine's event for it is not audited again, and names the admin. */
  markByHand(conflictId: string): void {
    this.byHand.set(conflictId, this.d.actor);
    if (this.byHand.size > 10_000) this.byHand.delete(this.byHand.keys().next().value!);
  }

  unmarkByHand(conflictId: string): void {
    this.byHand.delete(conflictId);
  }

  /** Marks a conflict resolved in the inbox with `value`, unless the engine's own event already did. */
  markResolved(conflictId: string, value: unknown, how: string): ConflictEvent | null {
    const c = this.inbox.get(conflictId);
    if (!c) return null;
    if (c.status === 'resolved') return c;
    const resolved: ConflictEvent = { ...c, status: 'resolved', resolution: { at: this.d.now(), by: this.d.actor, how, value } };
    this.inbox.upsert(resolved);
    return resolved;
  }

  /** Appends several `conflict.resolve` entries in one write where the log can (one entry per conflict still). */
  async auditMany(clusterId: string, entries: { params: Record<string, unknown>; outcome: string }[]): Promise<void> {
    if (entries.length === 0) return;
    const at = this.d.now();
    const full = entries.map((e) => ({ at, actor: this.d.actor, clusterId, action: 'conflict.resolve', params: e.params, outcome: e.outcome }));
    try {
      if (this.d.audit.appendMany) await this.d.audit.appendMany(full);
      else for (const e of full) await this.d.audit.append(e);
    } catch (error) {
      this.d.log.error('audit append failed', { error: toLogFormat(error) });
    }
  }

  audit(clusterId: string, actor: string, params: Record<string, unknown>, outcome: string): Promise<void> {
    return this.d.audit
      .append({ at: this.d.now(), actor, clusterId, action: 'conflict.resolve', params, outcome })
      .then(() => undefined)
      .catch((error: unknown) => this.d.log.error('audit append failed', { error: toLogFormat(error) }));
  }

  dispose(): void {
    for (const off of this.attached.values()) off();
    this.attached.clear();
  }

  /** Pushes every change; audits resolutions the engine made by itself (policies, other consoles). */
  private changed(c: ConflictEvent, change: InboxChange): void {
    this.d.onChange(c);
    if (c.status !== 'resolved' || (change !== 'resolved' && change !== 'new')) return;
    if (this.byHand.has(c.id)) return;
    const by = c.resolution?.by ?? 'engine';
    const mode = by.startsWith('policy:') ? 'policy' : 'engine';
    const params = { conflictId: c.id, table: c.target.table, key: c.target.key, mode, by, before: versionsForAudit(c), after: c.resolution?.value ?? null };
    void this.audit(c.clusterId, by, params, `resolved by ${by}: ${c.resolution?.how ?? ''}`);
  }
}
