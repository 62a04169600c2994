import type { ActionPlan, ActionRequest, ActionStep, NodeActions } from '../../../../shared/model/action';
import type { PostgresSpec } from '../../../../shared/model/cluster';
import type { ClusterSample } from '../../../../shared/model/sample';
import { randomBytes } from 'node:crypto';
import { fail, ok, type Result } from '../../../../shared/result';
import { annotateSample, type PatroniReading } from './annotate';
import { patroniAvailableActions } from './available';
import { readLeaderKey } from './dcs';
import { executePatroniStep } from './execute';
import { planPatroni } from './plan';
import { PatroniProbe } from './probe';
import { isPatroniStepId } from './step-id';

/** Default limit for what availableActions offers (a request carries its own). */
const OFFER_MAX_LAG_BYTES = 1024 * 1024;
const WAIT_MS = 60_000;
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * The postgres driver's Patroni half: detects Patroni's REST API, says so on
 * every sample (with the DCS leader key), and routes switchover and failover
 * through Patroni. Once a cluster is seen Patroni-managed, the SQL action path
 * is refused for it.
 */
export class PatroniSupport {
  readonly probe: PatroniProbe;
  private reading: PatroniReading = { view: null, error: null, leaderKey: null, leaderKeyError: null };
  private readonly timeoutMs: number;

  constructor(
    private readonly spec: PostgresSpec,
    private readonly clusterId: string,
    nodeIds: () => string[],
    private readonly now: () => number,
  ) {
    this.timeoutMs = Math.min(spec.timeouts.queryTimeoutMs, 2_000);
    this.probe = new PatroniProbe({ configured: spec.patroniUrls, nodeIds, now, timeoutMs: this.timeoutMs });
  }

  get managed(): boolean {
    return this.probe.managed;
  }

  /** Reads Patroni (and the DCS when configured) and writes what it found onto the sample. */
  async annotate(sample: ClusterSample, signal: AbortSignal): Promise<void> {
    const r = await this.probe.read(signal);
    const view = this.probe.view;
    let leaderKey = null;
    let leaderKeyError = null;
    const dcs = this.spec.patroniDcs;
    if (view && dcs) {
      const k = await readLeaderKey(dcs.etcdUrls, dcs.namespace, view.scope, this.timeoutMs, signal);
      if (k.ok) leaderKey = k.value;
      else leaderKeyError = k.reason;
    }
    this.reading = { view, error: r.ok ? null : this.probe.error, leaderKey, leaderKeyError };
    annotateSample(sample, this.reading);
  }

  /** Null when the cluster is not Patroni-managed (the SQL path decides). */
  availableActions(sample: ClusterSample): NodeActions[] | null {
    if (!this.managed) return null;
    return patroniAvailableActions(sample, this.reading.view ?? this.probe.view, this.reading.error, OFFER_MAX_LAG_BYTES);
  }

  /** Null when Patroni does not answer and never has (not Patroni-managed): plan by SQL then. */
  async plan(request: ActionRequest, signal: AbortSignal): Promise<Result<ActionPlan> | null> {
    const r = await this.probe.read(signal, true);
    if (r.ok) {
      const parts = planPatroni(request, r.value);
      const id = `patroni-${request.kind}-${this.now()}-${randomBytes(4).toString('hex')}`;
      return ok({ id, clusterId: this.clusterId, kind: request.kind, createdAt: this.now(), ...parts });
    }
    return this.managed ? fail('patroni-unreachable', `the cluster is Patroni-managed but ${r.reason}`) : null;
  }

  /** Null for a SQL step on a cluster that is not Patroni-managed. */
  executeStep(plan: ActionPlan, step: ActionStep, signal: AbortSignal): Promise<Result<string>> | null {
    if (isPatroniStepId(step.id)) {
      return executePatroniStep({ probe: this.probe, timeoutMs: this.timeoutMs, waitMs: WAIT_MS, requestTimeoutMs: REQUEST_TIMEOUT_MS }, plan, step, signal);
    }
    if (!this.managed) return null;
    return Promise.resolve(fail('patroni-managed', `the cluster is Patroni-managed: step ${step.title} would act around Patroni; plan the action again to go through Patroni`));
  }
}
