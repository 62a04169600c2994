import type { ActionPlan, ActionRequest, ActionStep, NodeActions } from '../../../shared/model/action';
import type { EtcdSpec } from '../../../shared/model/cluster';
import type { ClusterSample } from '../../../shared/model/sample';
import { fail, ok, type Result } from '../../../shared/result';
import type { ActionCapable, ClusterDriver, DriverContext } from '../../core/driver';
import { buildSample } from './build-sample';
import { readAlarms, readMemberList, readStatus } from './cluster-reader';
import type { EndpointConnection } from './endpoint-connection';
import { parseEndpoints } from './endpoint-url';
import type { MemberView } from './member-reading';
import { EndpointRegistry } from './member-registry';
import { transferLeadership } from './transfer-leadership';
import { allFollow, planTransfer, TRANSFER_STEP, VERIFY_STEP } from './transfer-plan';
import type { StatusReply, WireMember } from './wire';

const VERIFY_TIMEOUT_MS = 3_000;

/**
 * etcd v3.4 through its HTTP/JSON gateway: the member list from any endpoint,
 * then one status request per member per sample, in parallel.
 */
export class EtcdDriver implements ClusterDriver, ActionCapable {
  private readonly seeds: Result<URL[]>;
  private readonly registry: EndpointRegistry;
  private readonly lifetime = new AbortController();
  private members: WireMember[] = [];
  /** The endpoint that last answered the member list: asked first next time. */
  private preferred: EndpointConnection | null = null;
  private readonly lastStatus = new Map<string, { status: StatusReply; at: number }>();
  private readonly failingSince = new Map<string, number>();

  constructor(
    private readonly spec: EtcdSpec,
    private readonly ctx: DriverContext,
  ) {
    this.seeds = parseEndpoints(spec.endpoints);
    this.registry = new EndpointRegistry(spec, () => ctx.now());
  }

  identities(): string[] {
    return this.seeds.ok ? this.seeds.value.map((u) => this.registry.get(u)?.id ?? u.origin) : [];
  }

  async connect(signal: AbortSignal): Promise<Result<{ kind: 'consensus' }>> {
    if (!this.seeds.ok) return this.seeds;
    const both = AbortSignal.any([signal, this.lifetime.signal]);
    const listed = await readMemberList(this.candidates(), both);
    if (!listed.ok) return listed;
    this.members = listed.value.list.members;
    this.preferred = listed.value.from;
    // The endpoint must also answer status like etcd does (a proxy that forwards only KV is not enough).
    const status = await readStatus(listed.value.from, both, () => this.ctx.now());
    if (!status.ok) return status;
    this.ctx.log.info('etcd members discovered', { members: this.members.map((m) => ({ id: m.ID, name: m.name, urls: m.clientURLs })) });
    return ok({ kind: 'consensus' });
  }

  async sample(signal: AbortSignal): Promise<ClusterSample> {
    const both = AbortSignal.any([signal, this.lifetime.signal]);
    const takenAt = this.ctx.now();
    const before = this.registry.requests();
    const warnings: string[] = [];
    if (!this.seeds.ok) warnings.push(this.seeds.reason);
    const listed = this.seeds.ok ? await readMemberList(this.candidates(), both) : this.seeds;
    if (listed.ok) {
      this.members = listed.value.list.members;
      this.preferred = listed.value.from;
    } else {
      warnings.push(`the member list could not be read, showing the last known members: ${listed.reason}`);
    }
    const alarmsFrom = listed.ok ? listed.value.from : null;
    const [views, alarms] = await Promise.all([
      Promise.all(this.members.map((m) => this.readMember(m, both))),
      alarmsFrom ? readAlarms(alarmsFrom, both) : Promise.resolve(null),
    ]);
    if (alarms && !alarms.ok) warnings.push(`alarms could not be read: ${alarms.reason}`);
    const reads = views.filter((v) => v.reading.kind === 'read').length;
    return buildSample({
      clusterId: this.ctx.clusterId,
      takenAt,
      durationMs: Math.max(0, this.ctx.now() - takenAt),
      views,
      alarms: alarms?.ok ? alarms.value : new Map(),
      queriesPerNode: reads > 0 ? (this.registry.requests() - before) / reads : 0,
      warnings,
    });
  }

  /**
   * Moves leadership to `toMemberId` (decimal uint64 string). Sent to the
   * current leader, which hands over and answers once the target leads.
   */
  async transferLeadership(toMemberId: string, signal?: AbortSignal): Promise<Result<string>> {
    const both = AbortSignal.any([signal ?? new AbortController().signal, this.lifetime.signal]);
    const views = await this.readAll(both);
    return transferLeadership(views, toMemberId, {
      connOf: (m) => this.connOf(m),
      signal: both,
      timeoutMs: Math.max(5_000, this.spec.timeouts.queryTimeoutMs),
    });
  }

  /** Per member: leadership can move to a reachable follower; nothing else applies to etcd. */
  availableActions(sample: ClusterSample): NodeActions[] {
    const leaderId = sample.consensus?.leaderId ?? null;
    const na = 'etcd is a Raft group: there is no primary to switch over, fence or rejoin';
    return sample.nodes.map((n) => {
      const why = !leaderId ? 'no leader right now' : n.id === leaderId ? 'already the leader' : n.status.kind !== 'up' ? `${n.name} is ${n.status.kind}` : null;
      return {
        nodeId: n.id,
        actions: [
          { kind: 'transfer-leadership' as const, available: why === null, why },
          ...(['switchover', 'failover', 'fence', 'unfence', 'rejoin'] as const).map((kind) => ({ kind, available: false, why: na })),
        ],
      };
    });
  }

  planAction(request: ActionRequest, signal: AbortSignal): Promise<Result<ActionPlan>> {
    if (request.kind !== 'transfer-leadership') {
      return Promise.resolve(fail('not-supported', `etcd is a Raft group: ${request.kind} does not apply; move leadership instead`));
    }
    return this.planTransferLeadership(request.target, signal);
  }

  /** Pre-flight checks and steps for moving leadership; changes nothing. */
  async planTransferLeadership(toMemberId: string, signal: AbortSignal): Promise<Result<ActionPlan>> {
    const views = await this.readAll(signal);
    return planTransfer(views, toMemberId, this.ctx.clusterId, this.ctx.now());
  }

  /** Runs one step of a transfer-leadership plan (ActionCapable's contract). */
  async executeStep(plan: ActionPlan, step: ActionStep, signal: AbortSignal): Promise<Result<string>> {
    if (plan.kind !== 'transfer-leadership') return fail('unsupported', `etcd clusters support transfer-leadership only, not ${plan.kind}`);
    const both = AbortSignal.any([signal, this.lifetime.signal]);
    if (step.id === TRANSFER_STEP) return this.transferLeadership(plan.target, both);
    if (step.id !== VERIFY_STEP) return fail('unknown-step', `no step "${step.id}" in a transfer-leadership plan`);
    const deadline = this.ctx.now() + VERIFY_TIMEOUT_MS;
    while (!both.aborted) {
      const views = await this.readAll(both);
      if (allFollow(views, plan.target)) return ok(`every reachable member follows ${plan.target}`);
      if (this.ctx.now() >= deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return fail('not-verified', `the members did not all follow ${plan.target} within ${VERIFY_TIMEOUT_MS} ms`);
  }

  async dispose(): Promise<void> {
    this.lifetime.abort();
    this.registry.dispose();
    return Promise.resolve();
  }

  private readAll(signal: AbortSignal): Promise<MemberView[]> {
    return Promise.all(this.members.map((m) => this.readMember(m, signal)));
  }

  private async readMember(m: WireMember, signal: AbortSignal): Promise<MemberView> {
    const conn = this.connOf(m);
    const res = conn
      ? await readStatus(conn, signal, () => this.ctx.now())
      : fail('invalid-url', m.clientURLs.length === 0 ? 'the member has not started yet (no client URL)' : `no usable client URL in ${m.clientURLs.join(', ')}`);
    if (res.ok) {
      this.lastStatus.set(m.ID, { status: res.value.status, at: res.value.at });
      this.failingSince.delete(m.ID);
      return { member: m, reading: res.value, lastStatus: this.lastStatus.get(m.ID) ?? null };
    }
    const since = this.failingSince.get(m.ID) ?? this.ctx.now();
    this.failingSince.set(m.ID, since);
    return { member: m, reading: { kind: 'failed', failure: res, since }, lastStatus: this.lastStatus.get(m.ID) ?? null };
  }

  private connOf(m: WireMember): EndpointConnection | null {
    for (const url of m.clientURLs) {
      const conn = this.registry.get(url);
      if (conn) return conn;
    }
    return null;
  }

  /** Where to ask for the member list: the last good endpoint, the seeds, then every known member. */
  private candidates(): EndpointConnection[] {
    const seeds = this.seeds.ok ? this.seeds.value : [];
    const all = [
      ...(this.preferred ? [this.preferred] : []),
      ...seeds.map((u) => this.registry.get(u)),
      ...this.members.map((m) => this.connOf(m)),
    ].filter((c): c is EndpointConnection => c !== null);
    return [...new Set(all)];
  }
}
