import { randomBytes } from 'node:crypto';
import { GALERA_ACTION_KINDS, isGaleraAction, type ActionPlan, type ActionRequest, type ActionStep, type NodeActions, type StepReport } from '../../../../shared/model/action';
import type { ClusterSample } from '../../../../shared/model/sample';
import { fail, ok, type Result } from '../../../../shared/result';
import type { ActionCapable } from '../../../core/driver';
import { parseGrants, type GrantReading } from '../actions/privileges';
import { MDB_SQL } from '../actions/sql';
import type { ServerConnection } from '../server-connection';
import type { ServerView } from '../view';
import { DESYNC, desyncChecks, desyncSteps, STATE_SQL, STEP_SET, STEP_WAIT, unavailableBecause, type GaleraTarget } from './desync-plan';

export interface GaleraActionDeps {
  clusterId: string;
  now(): number;
  /** One fresh reading of every known server (the sample's crawl). */
  read(signal: AbortSignal): Promise<ServerView[]>;
  /** A new connection to a node for one step (closed after it), or null for a node it does not know. */
  open(nodeId: string): ServerConnection | null;
  /** The spec's login (named when its grants cannot be read). */
  login?: string;
  /** How long the wait step watches for the new state (resync waits for the receive queue to drain). */
  waitTimeoutMs?: number;
  pollMs?: number;
}

type NodeState = { desync: boolean; state: string; recvQueue: number };

/** Desync and resync of one Galera node (SET GLOBAL wsrep_desync), planned from a fresh reading and observed. */
export class GaleraActions implements ActionCapable {
  constructor(private readonly deps: GaleraActionDeps) {}

  availableActions(sample: ClusterSample): NodeActions[] {
    const d = sample.engineDetail;
    if (!d || d.engine !== 'mariadb' || !d.galera) return [];
    return Object.entries(d.nodes)
      .filter(([, n]) => n.galera !== null)
      .map(([nodeId, n]) => ({
        nodeId,
        actions: GALERA_ACTION_KINDS.map((kind) => {
          const g = n.galera!;
          const why = unavailableBecause(kind, { clusterStatus: g.clusterStatus, localState: g.localState, desync: g.desynced });
          return { kind, available: why === null, why };
        }),
      }));
  }

  async planAction(request: ActionRequest, signal: AbortSignal): Promise<Result<ActionPlan>> {
    const kind = request.kind;
    if (!isGaleraAction(kind)) return fail('not-supported', `${kind} is not a Galera action (desync, resync)`);
    const views = await this.deps.read(signal);
    const targets = views.map(targetOf);
    const target = targets.find((t) => t.id === request.target);
    if (!target) return fail('unknown-node', `${request.target} is not a node of this cluster`);
    if (!target.galera && views.find((v) => v.address.id === request.target)?.reading.kind === 'read') {
      return fail('not-supported', `${target.name} is not a Galera node (wsrep_on is OFF)`);
    }
    const others = targets.filter((t) => t.id !== target.id && t.galera);
    return ok({
      id: `${kind}-${this.deps.now()}-${randomBytes(4).toString('hex')}`,
      clusterId: this.deps.clusterId,
      kind,
      target: target.id,
      createdAt: this.deps.now(),
      checks: desyncChecks(kind, target, others, { reading: await this.readGrants(target.id, signal), login: this.deps.login ?? 'the login' }),
      steps: desyncSteps(kind, target.name),
      expectedDataLossBytes: 0,
      expectedUnavailableMs: 0,
      nodeNames: Object.fromEntries(targets.map((t) => [t.id, t.name])),
    });
  }

  async executeStep(plan: ActionPlan, step: ActionStep, signal: AbortSignal): Promise<Result<StepReport>> {
    const kind = plan.kind;
    if (!isGaleraAction(kind)) return fail('not-supported', `${kind} is not a Galera action`);
    const conn = this.deps.open(plan.target);
    if (!conn) return ok({ detail: `${plan.target} is not a known node`, skipped: true });
    try {
      const want = DESYNC[kind];
      if (step.id === STEP_SET) {
        const set = await conn.query(want.sql, signal);
        if (!set.ok) return set;
        const seen = await readState(conn, signal);
        if (!seen.ok) return seen;
        if (seen.value.desync !== want.desync) return fail('not-applied', `after ${want.sql}, wsrep_desync reads ${onOff(seen.value.desync)}`);
        return ok(`wsrep_desync=${onOff(seen.value.desync)}; wsrep_local_state_comment ${seen.value.state}`);
      }
      if (step.id === STEP_WAIT) return await this.waitFor(conn, want.state, signal);
      return fail('unknown-step', `unknown step ${step.id}`);
    } finally {
      conn.close();
    }
  }

  /** SHOW GRANTS FOR CURRENT_USER on the target, parsed as the switchover's pre-flight does; null when it cannot be read. */
  private async readGrants(nodeId: string, signal: AbortSignal): Promise<GrantReading | null> {
    const conn = this.deps.open(nodeId);
    if (!conn) return null;
    try {
      const r = await conn.query(MDB_SQL.grants, signal);
      return r.ok ? parseGrants((r.value as Record<string, unknown>[]).map((row) => String(Object.values(row)[0] ?? ''))) : null;
    } finally {
      conn.close();
    }
  }

  private async waitFor(conn: ServerConnection, state: string, signal: AbortSignal): Promise<Result<StepReport>> {
    const started = this.deps.now();
    const timeout = this.deps.waitTimeoutMs ?? 20_000;
    let last: NodeState | null = null;
    for (;;) {
      const seen = await readState(conn, signal);
      if (!seen.ok) return seen;
      last = seen.value;
      if (last.state === state) return ok(`wsrep_local_state_comment ${last.state} after ${this.deps.now() - started} ms (wsrep_desync=${onOff(last.desync)}, receive queue ${last.recvQueue})`);
      if (this.deps.now() - started > timeout || signal.aborted) {
        return fail('timeout', `still ${last.state} after ${timeout} ms (receive queue ${last.recvQueue}); expected ${state}`);
      }
      await new Promise((r) => setTimeout(r, this.deps.pollMs ?? 100));
    }
  }
}

const onOff = (b: boolean) => (b ? 'ON' : 'OFF');

async function readState(conn: ServerConnection, signal: AbortSignal): Promise<Result<NodeState>> {
  const r = await conn.query(STATE_SQL, signal);
  if (!r.ok) return r;
  const row = (r.value as Record<string, unknown>[])[0];
  if (!row) return fail('server-error', 'the node returned no wsrep state');
  return ok({ desync: row.desync === 1 || row.desync === '1' || row.desync === 'ON', state: String(row.state ?? ''), recvQueue: Number(row.recv_queue ?? 0) });
}

function targetOf(v: ServerView): GaleraTarget {
  const g = v.reading.kind === 'read' ? (v.reading.value.galera ?? null) : null;
  return { id: v.address.id, name: g?.nodeName || v.address.id, galera: g };
}
