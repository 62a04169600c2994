import { randomBytes } from 'node:crypto';
import type { ActionPlan, ActionRequest, ActionStep, NodeActions, StepReport } from '../../../../shared/model/action';
import type { MariadbSpec } from '../../../../shared/model/cluster';
import type { ClusterSample } from '../../../../shared/model/sample';
import { fail, ok, type Result } from '../../../../shared/result';
import type { ActionCapable } from '../../../core/driver';
import { buildSample } from '../build-sample';
import type { Crawl } from '../discovery';
import { mariadbAvailableActions } from './available';
import { ClusterView } from './cluster-view';
import { executeMdbStep } from './execute';
import { planPromotion, resolveTarget } from './plan';
import { readReplicationGrants } from './replication-login';
import type { ReplicationGrants } from './replication-grant';
import { parseGrants, type GrantReading } from './privileges';
import { ActionSessions, str } from './session';
import { MDB_SQL } from './sql';
import { readOnlyAdminsOf } from './read-only-admins';
import { toStep } from './steps';

export interface MariadbActionDeps {
  clusterId: string;
  spec: MariadbSpec;
  now(): number;
  /** One fresh crawl of every known server (the driver's sample reading). */
  read(signal: AbortSignal): Promise<Crawl>;
}

const OFFER_LIMITS = { maxLagTransactions: 1_000, maxLagMs: 10_000 };
const WAIT_TIMEOUT_MS = 30_000;

/**
 * The MariaDB driver's ActionCapable half: switchover and failover by SQL
 * alone (the old primary is fenced with read_only and rejoins as a replica in
 * the same switchover). Plans from a fresh crawl; steps are stateless.
 */
export class MariadbActions implements ActionCapable {
  private readonly sessions: ActionSessions;

  constructor(private readonly deps: MariadbActionDeps) {
    this.sessions = new ActionSessions(deps.spec.auth, deps.spec.timeouts, deps.now);
  }

  dispose(): void {
    this.sessions.dispose();
  }

  availableActions(sample: ClusterSample): NodeActions[] {
    return mariadbAvailableActions(sample, { ...OFFER_LIMITS, replicationUser: (this.deps.spec.replication ?? this.deps.spec.auth).user });
  }

  async planAction(request: ActionRequest, signal: AbortSignal): Promise<Result<ActionPlan>> {
    const kind = request.kind;
    if (kind !== 'switchover' && kind !== 'failover') return fail('not-supported', `${kind} is not an action for MariaDB yet: a switchover fences and rejoins the old primary itself; after a failover ReplicaDesk fences it when it returns and the admin rejoins it by hand (the plan's last step)`);
    const crawl = await this.deps.read(signal);
    const c = new ClusterView(crawl);
    const now = this.deps.now();
    const sample = buildSample({ clusterId: this.deps.clusterId, takenAt: now, durationMs: 0, views: crawl.views, aliases: crawl.aliases, queriesPerNode: 0, warnings: [] });
    const answering = c.ids.filter((id) => c.now(id) !== null);
    const [grants, admins] = await Promise.all([this.readGrants(answering, signal), this.readReadOnlyAdmins(answering, signal)]);
    const repl = this.deps.spec.replication;
    const target = resolveTarget({ ...request, kind }, c);
    let replGrants: ReplicationGrants = { ok: false, reason: 'no candidate' };
    if (target.ok) {
      const account = { ...(repl ?? this.deps.spec.auth), separate: repl !== undefined };
      replGrants = await readReplicationGrants(target.value.candidate, account, grants.get(target.value.candidate), { timeouts: this.deps.spec.timeouts, now: this.deps.now, signal });
    }
    const parts = planPromotion({
      request: { ...request, kind },
      c,
      sample,
      grants,
      readOnlyAdmins: (id) => admins.get(id) ?? null,
      login: this.deps.spec.auth.user,
      replication: { user: repl?.user ?? this.deps.spec.auth.user, fromSpec: repl !== undefined, grants: () => replGrants },
    });
    if (!parts.ok) return parts;
    const p = parts.value;
    return ok({
      id: `${kind}-${now}-${randomBytes(4).toString('hex')}`,
      clusterId: this.deps.clusterId,
      kind,
      target: p.target,
      createdAt: now,
      checks: p.checks,
      steps: p.steps.map(toStep),
      expectedDataLossBytes: p.expectedDataLossBytes,
      expectedDataLoss: p.expectedDataLoss ?? null,
      expectedUnavailableMs: p.expectedUnavailableMs,
      writesDownSince: p.writesDownSince ?? null,
      nodeNames: Object.fromEntries(sample.nodes.map((n) => [n.id, n.name])),
      rejoin: p.rejoin ?? null,
    });
  }

  executeStep(plan: ActionPlan, step: ActionStep, signal: AbortSignal): Promise<Result<StepReport>> {
    const repl = this.deps.spec.replication ?? this.deps.spec.auth;
    return executeMdbStep({ sessions: this.sessions, replication: { user: repl.user, password: repl.password }, waitTimeoutMs: WAIT_TIMEOUT_MS }, plan, step, signal);
  }

  private async readGrants(ids: readonly string[], signal: AbortSignal): Promise<Map<string, GrantReading>> {
    const out = new Map<string, GrantReading>();
    await Promise.all(
      ids.map(async (id) => {
        const r = await this.sessions.query(id, MDB_SQL.grants, signal);
        if (r.ok) out.set(id, parseGrants(r.value.map((row) => str(Object.values(row)[0]))));
      }),
    );
    return out;
  }

  private async readReadOnlyAdmins(ids: readonly string[], signal: AbortSignal): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    await Promise.all(
      ids.map(async (id) => {
        const holders = readOnlyAdminsOf(await this.sessions.query(id, MDB_SQL.readOnlyAdmins, signal));
        if (holders) out.set(id, holders);
      }),
    );
    return out;
  }
}
