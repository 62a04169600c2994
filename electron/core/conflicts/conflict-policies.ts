import type { PolicyPreview } from '../../../shared/ipc/conflicts';
import type { ConflictEvent } from '../../../shared/model/conflict';
import { isAutomaticPolicy, ruleOf, type PolicyRequest } from '../../../shared/ipc/conflict-policy';
import { fail, ok, type Result } from '../../../shared/result';
import type { ConflictService } from './conflict-service';
import { canonical } from './convergence';
import { decidePolicy } from './policy-decide';
import { ALL_TABLES, type TablePolicies } from './table-policies';

function describe(p: PolicyRequest): string {
  return p.policy === 'prefer-node' ? `prefer ${p.node}` : p.policy;
}

/** An engine's decision (pglogical) still awaiting the admin's review: bulk resolution accepts or overturns it. */
const toReview = (c: ConflictEvent) => c.status === 'resolved' && c.engineDecision?.review === 'pending';

/** The value the engine kept, when every node kept the same version (undefined: they differ). */
function keptValue(c: ConflictEvent): unknown {
  const i = c.engineDecision?.kept;
  return i === null || i === undefined ? undefined : (c.versions[i]?.value ?? null);
}

/**
 * What a policy would do to the cluster's open conflicts (or only `conflictIds`). Changes nothing.
 * With `conflictIds`, the engine's decisions awaiting review among them count too (as conflicts:bulkResolve
 * takes them): the policy's pick accepts the decision when it is the kept value (nothing written), else overturns it.
 */
export function previewPolicy(s: ConflictService, clusterId: string, p: PolicyRequest, conflictIds: string[] | undefined, limit: number, table?: string): PolicyPreview {
  const wanted = conflictIds ? new Set(conflictIds) : null;
  const inTable = (t: string) => !table || table === ALL_TABLES || t === table;
  const open = s.inbox.openOf(clusterId).filter((c) => (!wanted || wanted.has(c.id)) && inTable(c.target.table));
  const review = wanted ? [...wanted].map((id) => s.inbox.get(id)).filter((c): c is ConflictEvent => !!c && c.clusterId === clusterId && toReview(c) && inTable(c.target.table)) : [];
  const outcomes: PolicyPreview['outcomes'] = [];
  let settles = 0;
  let approximate = 0;
  let accepts = 0;
  let overturns = 0;
  for (const c of [...open, ...review]) {
    const d = decidePolicy(c.versions, p);
    if (!d.settles) continue;
    settles++;
    if (!d.exact) approximate++;
    if (toReview(c)) {
      if (canonical(d.value) === canonical(keptValue(c))) accepts++;
      else overturns++;
    }
    if (outcomes.length < limit) outcomes.push({ conflictId: c.id, key: c.target.key, winner: d.winner, value: d.value, why: d.why, exact: d.exact });
  }
  const total = open.length + review.length;
  const what = review.length === 0 ? 'open conflict(s)' : open.length === 0 ? 'engine decision(s) to review' : `conflict(s) (${open.length} open, ${review.length} engine decision(s) to review)`;
  const automatic = isAutomaticPolicy(p.policy);
  const summary = !automatic
    ? `${describe(p)} settles nothing by itself: the ${total} ${what} stay as they are for an admin.`
    : `${describe(p)} would settle ${settles} of ${total} ${what}` +
      (review.length ? `: it accepts ${accepts} engine decision(s) (nothing written, marked reviewed) and overturns ${overturns} (its pick written)` : '') +
      (approximate ? `; ${approximate} use the sum rule, whose exact value the engine computes from per-field counters` : '') + '.';
  return { clusterId, policy: p.policy, open: total, settles, outcomes, summary };
}

/**
 * Switches a policy on. Cluster-wide on an engine that has policies: in the engine (what it settles comes
 * back as events, audited as by policy). For a table, or on an engine without policies: the app applies it.
 */
export async function setPolicy(s: ConflictService, tables: TablePolicies, clusterId: string, p: PolicyRequest, table?: string): Promise<Result<{ policy: PolicyRequest['policy']; resolvedConflicts: string[] }>> {
  const driver = s.d.driverOf(clusterId);
  if (!s.d.monitored(clusterId)) return fail('unknown-cluster', `no cluster with id ${clusterId}; it may have been removed`);
  const audit = (params: Record<string, unknown>, outcome: string) =>
    s.d.audit.append({ at: s.d.now(), actor: s.d.actor, clusterId, action: 'conflict.policy', params: { policy: p.policy, rule: ruleOf(p) ?? null, ...params }, outcome }).catch(() => {});
  if (table || !driver?.setConflictPolicy) {
    const scope = table ?? ALL_TABLES;
    const settled = await tables.set(clusterId, scope, p);
    await audit({ table: scope, appliedBy: 'app' }, `switched on for ${scope === ALL_TABLES ? 'every table' : `table ${scope}`}; settled ${settled.length} open conflict(s)`);
    return ok({ policy: p.policy, resolvedConflicts: settled });
  }
  const r = await driver.setConflictPolicy(p.policy, ruleOf(p));
  await audit({}, r.ok ? `switched on; settled ${r.value.resolvedConflicts.length} open conflict(s)` : `failed: ${r.code}: ${r.reason}`);
  if (!r.ok) return r;
  s.policies.set(clusterId, p.policy);
  return ok({ policy: p.policy, resolvedConflicts: r.value.resolvedConflicts });
}
