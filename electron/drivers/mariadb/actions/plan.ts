import type { ActionPlan, ActionRequest, PreflightCheck } from '../../../../shared/model/action';
import type { ClusterSample } from '../../../../shared/model/sample';
import { fail, ok, type Result } from '../../../../shared/result';
import { primaryFor, rankCandidates } from './candidates';
import { promotionChecks } from './checks';
import type { ClusterView } from './cluster-view';
import { needsByNode, privilegeChecks, type GrantReading } from './privileges';
import { replicationGrantChecks, type ReplicationGrants } from './replication-grant';
import { failoverSteps, switchoverSteps, type MdbStepSpec } from './steps';

export interface PromotionInput {
  request: ActionRequest & { kind: 'switchover' | 'failover' };
  c: ClusterView;
  sample: ClusterSample;
  /** Read per node at plan time (none for a server that does not answer). */
  grants: Map<string, GrantReading>;
  /** READ_ONLY ADMIN holders as the old primary lists them; null when not read (e.g. it is down). */
  readOnlyAdmins: (nodeId: string) => readonly string[] | null;
  login: string;
  replication: { user: string; fromSpec: boolean; grants?: (candidate: string) => ReplicationGrants };
}

/** README "Measured": a switchover left writes unavailable 56–203 ms (medians 74–103 ms); a failover's candidate was writable 37–188 ms after confirm. */
export const SWITCHOVER_UNAVAILABLE_MS = 200;
export const FAILOVER_WRITABLE_MS = 200;

export type PlanParts = Pick<ActionPlan, 'target' | 'checks' | 'expectedDataLossBytes' | 'expectedDataLoss' | 'expectedUnavailableMs' | 'writesDownSince' | 'rejoin'> & { steps: MdbStepSpec[] };

/** Which primary and candidate the request means ('auto': the best-ranked replica). */
export function resolveTarget(r: PromotionInput['request'], c: ClusterView): Result<{ candidate: string; old: string }> {
  if (r.target === 'auto') {
    const old = primaryFor(c, r.kind);
    if (!old) {
      const seen = c.ids.filter((id) => c.graph.roleOf(id) === 'primary').map((id) => `${c.nameOf(id)} (${c.now(id) ? 'answers' : 'does not answer'}, ${c.replicasOf(id).length} replica(s))`);
      const want = r.kind === 'switchover' ? 'no single answering primary with replicas' : 'no single primary with replicas is down';
      return fail('no-primary', `${want} (primaries: ${seen.join(', ') || 'none'}): name the replica to promote`);
    }
    const best = rankCandidates(c, old, r.kind)[0];
    return best ? ok({ candidate: best, old }) : fail('no-candidate', `${c.nameOf(old)} has no replica that can be promoted`);
  }
  const candidate = c.canonical(r.target);
  if (!c.view(candidate)) return fail('unknown-node', `${r.target} is not a server of this cluster`);
  const sources = c.sourcesOf(candidate);
  if (sources.length === 0) return fail('not-a-replica', `${c.nameOf(candidate)} replicates from no one: it is a primary already`);
  if (sources.length > 1) return fail('not-supported', `${c.nameOf(candidate)} replicates from ${sources.length} sources (multi-source): promoting it is not supported`);
  const old = sources[0]!;
  if (c.graph.inCycle(candidate)) return fail('not-supported', `${c.nameOf(candidate)} is a master in a cycle (master-master): there is no single primary to switch from`);
  if (c.sourcesOf(old).length > 0) return fail('not-supported', `${c.nameOf(candidate)} replicates from ${c.nameOf(old)}, itself a replica: promote a replica of the primary (chained replicas follow their upstream)`);
  return ok({ candidate, old });
}

/** A switchover or failover plan's parts: checks (pre-flight and privileges), steps, expected loss. Pure but for the inputs. */
export function planPromotion(input: PromotionInput): Result<PlanParts> {
  const { request: r, c } = input;
  const t = resolveTarget(r, c);
  if (!t.ok) return t;
  const { candidate, old } = t.value;
  const others = c.replicasOf(old).filter((id) => id !== candidate);
  const address = parseHostPort(candidate);
  const topo = { candidate, oldPrimary: old, others, endpoint: { ...address, user: input.replication.user }, nameOf: c.nameOf };
  const steps = r.kind === 'switchover' ? switchoverSteps(topo) : failoverSteps(topo);
  const checks: PreflightCheck[] = promotionChecks({
    kind: r.kind,
    c,
    candidate,
    oldPrimary: old,
    repointed: others,
    ranked: rankCandidates(c, old, r.kind),
    link: input.sample.links.find((l) => l.from === old && l.to === candidate) ?? null,
    limits: r,
    readOnlyAdmins: input.readOnlyAdmins(old),
    replicationAccount: input.replication,
  });
  const repl = input.replication;
  checks.push(...replicationGrantChecks({ user: repl.user, fromSpec: repl.fromSpec, candidateName: c.nameOf(candidate), replicaHosts: [...(r.kind === 'switchover' ? [old] : []), ...others].map((id) => parseHostPort(id).host), reading: repl.grants?.(candidate) ?? { ok: false, reason: 'not read' } }));
  checks.push({ id: 'unavailability', ok: true, severity: 'info', explanation: r.kind === 'switchover' ? `writes unavailable ~${SWITCHOVER_UNAVAILABLE_MS} ms from the fence to the promotion: measured on MariaDB 10.11 by bench/mariadb-failover.ts (56–203 ms, medians 74–103 ms; README of the MariaDB actions), an estimate, not a reading` : `${c.nameOf(candidate)} accepts writes ~${FAILOVER_WRITABLE_MS} ms after the confirm: measured on MariaDB 10.11 by bench/mariadb-failover.ts (37–188 ms), an estimate, not a reading` });
  const chained = c.ids.filter((id) => !others.includes(id) && id !== candidate && id !== old && c.sourcesOf(id).some((s) => others.includes(s) || s === candidate));
  if (chained.length > 0) checks.push({ id: 'chained', ok: true, severity: 'info', explanation: `${chained.map(c.nameOf).join(', ')} keep${chained.length === 1 ? 's' : ''} replicating from ${chained.length === 1 ? 'its' : 'their'} upstream, which follows ${c.nameOf(candidate)}` });
  // A failover's fence and rejoin act on a server that is down: its privileges are judged when it returns.
  const acting = r.kind === 'failover' ? steps.filter((s) => s.node !== old) : steps;
  checks.push(...privilegeChecks(needsByNode(acting), input.grants, c.nameOf, input.login));
  const loss = r.kind === 'failover' ? expectedLoss(c, candidate, old) : null;
  return ok({
    target: candidate,
    checks,
    steps,
    expectedDataLossBytes: r.kind === 'switchover' ? 0 : (loss?.bytes ?? null),
    expectedDataLoss: loss,
    expectedUnavailableMs: r.kind === 'switchover' ? SWITCHOVER_UNAVAILABLE_MS : FAILOVER_WRITABLE_MS,
    writesDownSince: r.kind === 'failover' ? c.failingSince(old) : null,
    rejoin: r.kind === 'failover' ? { nodeId: old, fromId: candidate } : null,
  });
}

/** Bytes of the dead primary's last binlog offset the candidate's IO thread had not read, when both are in one binlog file. */
function expectedLoss(c: ClusterView, candidate: string, old: string): ActionPlan['expectedDataLoss'] {
  const p = c.known(old);
  const ch = c.channelFrom(candidate, old);
  if (!p?.binlog || !ch || ch.readMasterLogPos === null || ch.masterLogFile !== p.binlog.file) return null;
  const lastContactAt = p.at;
  return { bytes: Math.max(0, p.binlog.position - ch.readMasterLogPos), nodeId: old, measuredAt: p.at, lastContactAt };
}

/** `host:port` (IPv6 in brackets) of a node id. */
export function parseHostPort(id: string): { host: string; port: number } {
  const i = id.lastIndexOf(':');
  return { host: id.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(id.slice(i + 1)) };
}
