import { randomBytes } from 'node:crypto';
import { isGaleraAction, isLockingAction, type ActionPlan, type GaleraActionKind, type ActionRequest, type ActionStep, type LockingActionKind, type NodeActions, type StepReport } from '../../../../shared/model/action';
import type { Timeouts } from '../../../../shared/model/cluster';
import type { ClusterSample } from '../../../../shared/model/sample';
import { assertNever, fail, ok, type Result } from '../../../../shared/result';
import type { PgTarget } from '../conn-string';
import type { Disposable } from '../../../core/lifecycle';
import type { NodeConnection } from '../node-connection';
import type { NodeView } from '../node-view';
import { availableActions } from './available';
import { executeStep } from './execute-step';
import type { HostControl } from './host-control';
import { planFence, planRejoin } from './plan-node';
import { nameOfView, planPromotion, type PlanInput, type PlanParts } from './plan-promotion';
import { checkpointLoginOf, rewindLoginOf, type HostFacts } from './plan-runbook';
import { toStep } from './plan-steps';
import { PositionMemory } from './position-memory';
import type { NodeSettings } from './preflight';
import { privilegeChecks, privilegeNeeds } from './privileges';
import { readPrivileges, type PrivilegeReading } from './privileges-read';
import { disposeAll, StepSession } from './session';
import { SQL } from './sql';

export interface ActionDeps {
  clusterId: string;
  now(): number;
  /** One fresh round of readings (the sample statement on every node). */
  read(signal: AbortSignal): Promise<NodeView[]>;
  targetOf(nodeId: string): PgTarget | null;
  timeouts: Timeouts;
  host: HostControl | null;
}

/** Default limits for what availableActions offers (the request carries its own). */
const OFFER_LIMITS = { maxLagBytes: 1024 * 1024, maxLagMs: 10_000 };

/** The postgres driver's ActionCapable half: plans from fresh readings, stateless step execution. */
export class PostgresActions implements Disposable {
  readonly memory = new PositionMemory();
  private readonly pool = new Map<string, NodeConnection>();
  /** Host facts as last read per node: a failover's old primary is down, so its facts come from an earlier plan. */
  private readonly facts = new Map<string, HostFacts>();

  constructor(private readonly deps: ActionDeps) {}

  async dispose(): Promise<void> {
    await disposeAll(this.pool);
  }

  /** Called with every round of readings, so a failover knows the last primary position. */
  remember(views: readonly NodeView[]): void {
    this.memory.remember(views, this.deps.now());
  }

  availableActions(sample: ClusterSample): NodeActions[] {
    return availableActions(sample, { ...OFFER_LIMITS, hostControls: (id) => this.hostControls(id) });
  }

  async planAction(request: ActionRequest, signal: AbortSignal): Promise<Result<ActionPlan>> {
    const kind = request.kind;
    if (kind === 'transfer-leadership') {
      return fail('not-supported', 'PostgreSQL streaming replication has no consensus leader to transfer: use switchover');
    }
    if (isLockingAction(kind)) return fail('not-supported', `${kind} is planned by the locking planner, not the failover one`);
    if (isGaleraAction(kind)) return fail('not-supported', `${kind} is a Galera action (wsrep_desync): PostgreSQL has no such thing`);
    const views = await this.deps.read(signal);
    this.remember(views);
    // Three reads per node, at once: settings, the login's privileges, and the host facts for a manual runbook.
    const [settings, privileges, hostFacts] = await Promise.all([this.readSettings(views, signal), this.readPrivileges(views, signal), this.readHostFacts(views, signal)]);
    const input: PlanInput = {
      request,
      views,
      settings,
      memory: this.memory,
      endpointOf: (id) => {
        const t = this.deps.targetOf(id);
        return t ? { host: t.host, port: t.port } : null;
      },
      hostControls: (id) => this.hostControls(id),
      hostFacts,
      sourceOf: (id) => {
        const t = this.deps.targetOf(id);
        return t ? { host: t.host, port: t.port, user: t.user, database: t.database, rewind: rewindLoginOf(privileges.get(id)), checkpoint: checkpointLoginOf(privileges.get(id)) } : null;
      },
    };
    const parts = partsFor(input, kind);
    const needs = privilegeNeeds(parts.steps, { view: (id) => views.find((v) => v.id === id), slotOf: (id) => settings.get(id)?.slotName ?? '' });
    parts.checks.push(...privilegeChecks(needs, privileges));
    return ok({
      id: `${request.kind}-${this.deps.now()}-${randomBytes(4).toString('hex')}`,
      clusterId: this.deps.clusterId,
      kind: request.kind,
      target: parts.target,
      createdAt: this.deps.now(),
      checks: parts.checks,
      steps: parts.steps.map(toStep),
      expectedDataLossBytes: parts.expectedDataLossBytes,
      expectedDataLoss: parts.expectedDataLoss ?? null,
      expectedUnavailableMs: parts.expectedUnavailableMs,
      writesDownSince: parts.writesDownSince ?? null,
      nodeNames: Object.fromEntries(views.map((v) => [v.id, nameOfView(views, v.id)])),
      rejoin: parts.rejoin ?? null,
    });
  }

  executeStep(plan: ActionPlan, step: ActionStep, signal: AbortSignal): Promise<Result<StepReport>> {
    return executeStep({ ...this.deps, pool: this.pool }, plan, step, signal);
  }

  private hostControls(id: string): boolean {
    return this.deps.host?.controls(id) ?? false;
  }

  private async readPrivileges(views: readonly NodeView[], signal: AbortSignal): Promise<Map<string, PrivilegeReading>> {
    const s = new StepSession(this.deps.targetOf, this.deps.timeouts, this.deps.now, signal, this.pool);
    try {
      return await readPrivileges(s, views);
    } finally {
      await s.dispose();
    }
  }

  /** data_directory (where this login may read it), port and cluster_name of every node that answers (kept per node): for the manual runbook. */
  private async readHostFacts(views: readonly NodeView[], signal: AbortSignal): Promise<Map<string, HostFacts>> {
    const s = new StepSession(this.deps.targetOf, this.deps.timeouts, this.deps.now, signal, this.pool);
    const out = this.facts;
    try {
      await Promise.all(
        views
          .filter((v) => v.reading)
          .map(async (v) => {
            const r = await s.query<{ data_directory: string | null; port: number; cluster_name: string }>(v.id, SQL.hostFacts);
            const row = r.ok ? r.value[0] : undefined;
            if (row) out.set(v.id, { dataDirectory: row.data_directory, port: row.port, clusterName: row.cluster_name || null, versionNum: v.reading?.versionNum ?? null });
          }),
      );
    } finally {
      await s.dispose();
    }
    return out;
  }

  private async readSettings(views: readonly NodeView[], signal: AbortSignal): Promise<Map<string, NodeSettings>> {
    const s = new StepSession(this.deps.targetOf, this.deps.timeouts, this.deps.now, signal, this.pool);
    const out = new Map<string, NodeSettings>();
    try {
      await Promise.all(
        views
          .filter((v) => v.reading)
          .map(async (v) => {
            const r = await s.query<{ hints: boolean; checksums: boolean; max_senders: number; senders: number; max_slots: number; slots: number; slot_name: string; tli: number | null }>(v.id, SQL.settings);
            const row = r.ok ? r.value[0] : undefined;
            if (row) {
              out.set(v.id, { hints: row.hints, checksums: row.checksums, maxSenders: row.max_senders, senders: row.senders, maxSlots: row.max_slots, slots: row.slots, slotName: row.slot_name, timeline: row.tli });
            }
          }),
      );
    } finally {
      await s.dispose();
    }
    return out;
  }
}

/** `kind` excludes transfer-leadership and the locking actions: planAction routes them away before reading anything. */
function partsFor(input: PlanInput, kind: Exclude<ActionRequest['kind'], 'transfer-leadership' | LockingActionKind | GaleraActionKind>): PlanParts {
  switch (kind) {
    case 'switchover':
    case 'failover':
      return planPromotion(input, kind);
    case 'fence':
    case 'unfence':
      return planFence(input, kind);
    case 'rejoin':
      return planRejoin(input);
    default:
      return assertNever(kind, 'action kind');
  }
}
