import type { EnginePreview } from '../../../../shared/ipc/conflicts';
import type { ClusterSample } from '../../../../shared/model/sample';
import { fail, ok, type Result } from '../../../../shared/result';
import type { KeyReading } from '../../../core/driver';
import { withEndpoint, type PgTarget } from '../conn-string';
import type { PgNodeHandle } from '../conflicts/inspect';
import type { NodeRegistry } from '../registry';
import { applyPglTopology } from './mesh-sample';
import { schemaGrant } from './catalog';
import { PglogicalConflicts, type PglConflictDeps } from './pgl-conflicts';
import { readPglTopology, type PglNodeTopology } from './topology';
import { restartStatements } from './worker-restart';
import { isResolution, PGL_RESOLUTIONS, policyStatements, previewPolicy, setPolicyOn, type PolicyOutcome, type PolicyStep } from './policy';

/** A node without the extension is asked again after this long (one query; CREATE EXTENSION is rare). */
const RECHECK_MS = 300_000;

/**
 * pglogical for the PostgreSQL driver: finds the nodes that run it, discovers
 * the other nodes of the mesh from `pglogical.node_interface`, draws the mesh
 * (peers and one link per subscription) and reads the conflicts the engine
 * resolved. A cluster without the extension costs one query per node at connect and every 5 min.
 */
export class PglogicalSupport {
  readonly conflicts: PglogicalConflicts;
  private readonly present = new Map<string, { yes: boolean; at: number }>();
  private readonly tops = new Map<string, PglNodeTopology>();
  private readonly topProblems = new Map<string, string | null>();

  constructor(private readonly d: Omit<PglConflictDeps, 'isPgl'>) {
    this.conflicts = new PglogicalConflicts({ ...d, isPgl: (id) => this.isPgl(id) });
  }

  isPgl(nodeId: string): boolean {
    return this.present.get(nodeId)?.yes === true;
  }

  /** True once any node runs pglogical: the cluster is a multi-primary mesh. */
  found(): boolean {
    return [...this.present.values()].some((p) => p.yes);
  }

  /** Checks the extension where not known (or every 5 min where absent), then reads each pglogical node's topology. */
  async refresh(nodes: PgNodeHandle[], signal: AbortSignal): Promise<number> {
    let queries = 0;
    const now = this.d.now();
    for (const n of nodes) {
      if (!n.reading || n.reading.inRecovery) continue;
      const p = this.present.get(n.id);
      if (!p || (!p.yes && now - p.at > RECHECK_MS)) {
        const ext = await n.conn.query<{ v: string }>(`SELECT extversion AS v FROM pg_extension WHERE extname = 'pglogical'`, signal);
        queries += 1;
        if (ext.ok) this.present.set(n.id, { yes: ext.value.length > 0, at: now });
      }
      if (!this.isPgl(n.id)) continue;
      const top = await readPglTopology(n.conn, signal);
      queries += 3;
      if (top.ok) this.tops.set(n.id, top.value);
      else this.tops.delete(n.id);
      this.topProblems.set(n.id, top.ok ? null : `reading pglogical's nodes and subscriptions failed: ${top.reason}${schemaGrant(top.reason, n.reading.user)}`);
    }
    return queries;
  }

  /** Adds every node pglogical knows (host and port of its interface DSN), logging in like the first seed. */
  discover(registry: NodeRegistry, credentials: PgTarget): number {
    let added = 0;
    for (const top of this.tops.values()) {
      for (const n of top.nodes) {
        if (n.host && n.port && registry.add(withEndpoint(credentials, n.host, n.port), false)) added += 1;
      }
    }
    return added;
  }

  /** The sample as a mesh, with the log problems (grant, setting) of each node as warnings. */
  annotate(sample: ClusterSample): ClusterSample {
    if (!this.found()) return sample;
    const byName = new Map<string, string>();
    for (const [id, t] of this.tops) if (t.localNode) byName.set(t.localNode, id);
    const out = applyPglTopology(sample, this.tops, (name) => byName.get(name) ?? null, this.d.now());
    for (const s of this.conflicts.status()) if (s.problem) out.warnings.push(`${s.catalog?.localNode ?? s.nodeId}: ${s.problem}`);
    for (const [id, p] of this.topProblems) if (p) out.warnings.push(`${id}: ${p}`);
    return out;
  }

  /** The last topology read of each pglogical node. */
  topologies(): ReadonlyMap<string, PglNodeTopology> {
    return this.tops;
  }

  /** pglogical.conflict_resolution per pglogical node, as last read. */
  policies(): { nodeId: string; value: string | null; readAt: number | null }[] {
    return this.conflicts.status().map((s) => ({ nodeId: s.nodeId, value: s.catalog?.resolution ?? null, readAt: s.catalog ? s.resolutionAt : null }));
  }

  /** What switching the cluster to `value` would have changed on the recent conflicts, and the statements per node. */
  previewPolicy(value: string): Result<{ outcome: PolicyOutcome; statements: string[]; nodes: string[] }> {
    if (!isResolution(value)) return fail('invalid-choice', `pglogical.conflict_resolution is one of ${PGL_RESOLUTIONS.join(', ')}`);
    const outcome = previewPolicy(value, this.conflicts.decisions());
    const nodes = this.conflicts.status();
    const restarts = nodes.flatMap((s) => restartStatements(s.catalog?.localNode ?? s.nodeId, [...(s.catalog?.subscriptions ?? new Map<number, string>())].map(([id, provider]) => ({ id: String(id), provider }))));
    const pause = ` Applying it restarts every subscription's apply worker (pglogical's running workers keep the old value otherwise): replication pauses for about a second per subscription, then resumes where it stopped.`;
    return ok({ outcome: { ...outcome, summary: outcome.summary + '.' + pause }, statements: [...policyStatements(value), ...restarts], nodes: nodes.map((s) => s.nodeId) });
  }

  /** ALTER SYSTEM + pg_reload_conf() on every pglogical node, each read back with SHOW, then its apply workers restarted (seen replicating again). */
  async setPolicy(value: string, signal: AbortSignal): Promise<Result<PolicyStep[]>> {
    if (!isResolution(value)) return fail('invalid-choice', `pglogical.conflict_resolution is one of ${PGL_RESOLUTIONS.join(', ')}`);
    const steps: PolicyStep[] = [];
    for (const n of this.d.nodes().filter((x) => this.isPgl(x.id))) {
      const r = await setPolicyOn(n.id, n.conn, value, signal);
      steps.push(r.ok ? r.value : { nodeId: n.id, status: 'failed', detail: r.reason });
    }
    if (steps.length === 0) return fail('not-supported', 'no node of this cluster runs pglogical');
    // What SHOW read back is the state shown now; the catalogs are read again at the next pass.
    await this.conflicts.forgetCatalogs(new Map(steps.filter((x) => x.status === 'done').map((x) => [x.nodeId, value])));
    return ok(steps);
  }

  previewResolution(conflictId: string, value: unknown): Promise<Result<EnginePreview>> {
    return this.conflicts.previewResolution(conflictId, value);
  }

  readKeyOnNodes(conflictId: string): Promise<KeyReading[]> {
    return this.conflicts.readKeyOnNodes(conflictId);
  }
}
