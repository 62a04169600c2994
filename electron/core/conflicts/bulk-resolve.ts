import type { BulkRun } from '../../../shared/ipc/conflict-bulk';
import type { PolicyRequest } from '../../../shared/ipc/conflict-policy';
import type { ConflictEvent } from '../../../shared/model/conflict';
import { fail, ok, type Result } from '../../../shared/result';
import type { BatchResolveResult, ConflictCapable, KeyReading } from '../driver';
import { verifyBatchConvergence, type ReadMany } from './bulk-converge';
import { notVerified } from './convergence';
import { BulkProgress } from './bulk-run';
import { versionsForAudit, type ConflictService } from './conflict-service';
import { previewResolution } from './resolve-preview';
import { decidePolicy } from './policy-decide';

export interface BulkOptions {
  /** Conflicts per batch (one write and one read per node per batch). Default 500: on pglogical 250 measured 427/s, 500 measured 558–563/s. */
  batchSize?: number;
}

interface Planned {
  c: ConflictEvent;
  value: unknown;
  how: string;
}

const keyOf = (c: ConflictEvent) => `${c.target.table}/${c.target.key}`;
const describe = (p: PolicyRequest) => (p.policy === 'prefer-node' ? `prefer ${p.node}` : p.policy);
const running = new Set<string>();

/** How a driver's keys are read in batches: its batch read, else its one-key read per key, else not at all. */
function readerOf(driver: ConflictCapable): ReadMany | null {
  if (driver.readKeysOnNodes) return driver.readKeysOnNodes.bind(driver);
  const one = driver.readKeyOnNodes?.bind(driver);
  return one ? (targets) => Promise.all(targets.map((t): Promise<KeyReading[]> => one(t.key, { conflictId: t.conflictId, table: t.table }))) : null;
}

/**
 * Resolves the selected open conflicts with what the policy picks. With an engine that takes batches: per
 * batch one write (one transaction per node), one read-back of every key per node until they converge, one
 * audit write (an entry per conflict), the inbox updated for each; otherwise one conflict at a time through
 * `ConflictService.resolve`. A progress record goes to the deltas after each batch; failures are kept by key.
 */
export async function bulkResolve(s: ConflictService, clusterId: string, p: PolicyRequest, ids: string[], o: BulkOptions = {}): Promise<Result<BulkRun>> {
  if (!s.d.monitored(clusterId)) return fail('unknown-cluster', `no cluster with id ${clusterId}; it may have been removed`);
  const driver = s.d.driverOf(clusterId);
  if (!driver) return fail('not-supported', 'this cluster’s driver cannot resolve conflicts');
  if (running.has(clusterId)) return fail('busy', 'a bulk resolution of this cluster is already running: wait for it to finish');
  running.add(clusterId);
  try {
    const unique = [...new Set(ids)];
    const run = new BulkProgress(clusterId, p.policy, unique.length, driver.resolveBatch ? 'batch' : 'single', s.d.now, (r) => s.d.onBulkProgress?.(r));
    const todo = plan(s, run, clusterId, p, unique);
    run.report();
    const size = Math.max(1, o.batchSize ?? 500);
    for (let i = 0; i < todo.length; i += size) {
      const chunk = todo.slice(i, i + size);
      if (driver.resolveBatch) await resolveChunk(s, driver, run, clusterId, chunk);
      else await resolveOneByOne(s, run, chunk);
      run.batches++;
      run.report();
    }
    return ok(run.report(true));
  } finally {
    running.delete(clusterId);
  }
}

/** The check stage: each id must be an open conflict of the cluster that the policy settles exactly. */
function plan(s: ConflictService, run: BulkProgress, clusterId: string, p: PolicyRequest, ids: string[]): Planned[] {
  const todo: Planned[] = [];
  for (const id of ids) {
    const c = s.inbox.get(id);
    const failCheck = (reason: string) => run.fail({ conflictId: id, key: c ? keyOf(c) : '', stage: 'check', reason });
    // A decision the engine made (pglogical) is still to review until accepted or overturned: the policy's pick is written (or accepted).
    const reviewable = c?.status === 'resolved' && c.engineDecision?.review === 'pending';
    if (!c || c.clusterId !== clusterId || (c.status !== 'open' && !reviewable)) {
      failCheck(c ? 'not an open conflict (or an engine decision to review) of this cluster' : 'not in the inbox');
      continue;
    }
    const d = decidePolicy(c.versions, p);
    if (!d.settles || !d.exact) {
      failCheck(d.settles ? 'the sum rule needs the engine’s counters: switch the policy on instead' : d.why);
      continue;
    }
    const preview = previewResolution(c, { kind: 'custom', value: d.value });
    if (!preview.ok) {
      failCheck(`${preview.code}: ${preview.reason}`);
      continue;
    }
    todo.push({ c, value: preview.value.value, how: `bulk by ${describe(p)}: ${d.why}` });
  }
  return todo;
}

async function resolveOneByOne(s: ConflictService, run: BulkProgress, chunk: Planned[]): Promise<void> {
  for (const { c, value, how } of chunk) {
    const r = await s.resolve(c.id, { kind: 'custom', value }, how);
    if (!r.ok) run.fail({ conflictId: c.id, key: keyOf(c), stage: 'write', reason: `${r.code}: ${r.reason}` });
    else if (!r.value.convergence.converged) run.fail({ conflictId: c.id, key: keyOf(c), stage: 'converge', reason: r.value.convergence.detail });
    else run.resolve(c.id);
  }
}

async function resolveChunk(s: ConflictService, driver: ConflictCapable, run: BulkProgress, clusterId: string, chunk: Planned[]): Promise<void> {
  for (const { c } of chunk) s.markByHand(c.id);
  let results: BatchResolveResult[];
  try {
    results = await driver.resolveBatch!(chunk.map(({ c, value, how }) => ({ conflictId: c.id, value, how })));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    results = chunk.map(({ c }) => ({ conflictId: c.id, result: fail('engine-error', reason) }));
  }
  const byId = new Map(results.map((r) => [r.conflictId, r.result]));
  const audits: { params: Record<string, unknown>; outcome: string }[] = [];
  const written: (Planned & { detail: string })[] = [];
  for (const item of chunk) {
    const { c, value } = item;
    const r = byId.get(c.id) ?? fail('no-result', 'the engine gave no result for this conflict');
    const params = { conflictId: c.id, table: c.target.table, key: c.target.key, mode: 'policy', choice: 'custom', bulk: run.id, before: versionsForAudit(c), after: value };
    if (!r.ok) {
      s.unmarkByHand(c.id);
      run.fail({ conflictId: c.id, key: keyOf(c), stage: 'write', reason: `${r.code}: ${r.reason}` });
      audits.push({ params, outcome: `failed: ${r.code}: ${r.reason}` });
    } else written.push({ ...item, detail: r.value.detail });
  }
  const read = readerOf(driver);
  const targets = written.map(({ c, value }) => ({ target: { key: c.target.key, conflictId: c.id, table: c.target.table }, expected: value }));
  const checks = read
    ? await verifyBatchConvergence(read, targets, s.d.convergence)
    : written.map(() => notVerified('this engine cannot read a key on every node: convergence not verified'));
  written.forEach((w, i) => {
    const conv = checks[i]!;
    const params = { conflictId: w.c.id, table: w.c.target.table, key: w.c.target.key, mode: 'policy', choice: 'custom', bulk: run.id, before: versionsForAudit(w.c), after: w.value };
    audits.push({ params: { ...params, written: w.detail, converged: conv.converged }, outcome: `resolved; ${conv.detail}` });
    s.markResolved(w.c.id, w.value, w.how);
    if (conv.converged) run.resolve(w.c.id);
    else run.fail({ conflictId: w.c.id, key: keyOf(w.c), stage: 'converge', reason: conv.detail });
  });
  await s.auditMany(clusterId, audits);
}
